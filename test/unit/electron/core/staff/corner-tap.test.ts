import { describe, expect, it } from 'vitest';
import { CornerTapRecognizer, cornerOf, type Corner } from '../../../../../electron/core/staff/corner-tap.ts';

const sequence: Corner[] = ['top-left', 'top-right', 'top-left', 'bottom-right', 'bottom-left'];
const rule = { sequence, windowMs: 8000 };

function feed(recognizer: CornerTapRecognizer, taps: Array<Corner | null>, stepMs = 300, start = 0): boolean[] {
  return taps.map((corner, i) => recognizer.tap(corner, start + i * stepMs));
}

describe('cornerOf', () => {
  it('maps points in the corner zones of a 1080×1920 portrait screen', () => {
    expect(cornerOf(10, 10, 1080, 1920)).toBe('top-left');
    expect(cornerOf(1075, 20, 1080, 1920)).toBe('top-right');
    expect(cornerOf(1070, 1910, 1080, 1920)).toBe('bottom-right');
    expect(cornerOf(5, 1900, 1080, 1920)).toBe('bottom-left');
  });

  it('ignores the edges between corners, the middle and nonsense', () => {
    expect(cornerOf(540, 10, 1080, 1920)).toBeNull();
    expect(cornerOf(10, 960, 1080, 1920)).toBeNull();
    expect(cornerOf(540, 960, 1080, 1920)).toBeNull();
    expect(cornerOf(-1, 5, 1080, 1920)).toBeNull();
    expect(cornerOf(5, 5, 0, 0)).toBeNull();
    expect(cornerOf(Number.NaN, 5, 1080, 1920)).toBeNull();
  });
});

describe('CornerTapRecognizer', () => {
  it('matches exactly on the last tap of the sequence', () => {
    const r = new CornerTapRecognizer(() => rule);
    expect(feed(r, sequence)).toEqual([false, false, false, false, true]);
  });

  it('needs the whole sequence again after a match', () => {
    const r = new CornerTapRecognizer(() => rule);
    feed(r, sequence);
    expect(r.tap('bottom-left', 2000)).toBe(false);
  });

  it('recognises a sequence that begins inside a failed attempt', () => {
    const r = new CornerTapRecognizer(() => rule);
    const taps: Corner[] = ['top-left', 'top-right', 'top-left', 'top-right', 'top-left', 'bottom-right', 'bottom-left'];
    expect(feed(r, taps).at(-1)).toBe(true);
  });

  it('a tap outside the corners (a citizen using the screen) clears progress', () => {
    const r = new CornerTapRecognizer(() => rule);
    expect(feed(r, ['top-left', 'top-right', null, 'top-left', 'bottom-right', 'bottom-left']).some(Boolean)).toBe(false);
  });

  it('too slow: the whole sequence must fit in the window', () => {
    const r = new CornerTapRecognizer(() => rule);
    expect(feed(r, sequence, 2500).some(Boolean)).toBe(false);
    const fresh = new CornerTapRecognizer(() => rule);
    expect(feed(fresh, sequence, 1999).at(-1)).toBe(true);
  });

  it('wrong order does not match', () => {
    const r = new CornerTapRecognizer(() => rule);
    expect(feed(r, [...sequence].reverse()).some(Boolean)).toBe(false);
  });

  it('follows a sequence changed in the config', () => {
    let current = rule;
    const r = new CornerTapRecognizer(() => current);
    current = { sequence: ['bottom-left', 'bottom-left', 'bottom-right', 'bottom-right'], windowMs: 5000 };
    expect(feed(r, ['bottom-left', 'bottom-left', 'bottom-right', 'bottom-right']).at(-1)).toBe(true);
  });
});
