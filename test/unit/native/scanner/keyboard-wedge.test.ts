import { describe, expect, it } from 'vitest';
import {
  BootKeyboardDecoder,
  WedgeBurstDetector,
  usageToChar,
  type WedgeKeyEvent,
} from '../../../../native/scanner/keyboard-wedge.ts';

const SHIFT = 0x02;
const RIGHT_SHIFT = 0x20;
const CTRL = 0x01;
const RELEASE = [0, 0, 0, 0, 0, 0, 0, 0];
const press = (usage: number, modifiers = 0) => [modifiers, 0, usage, 0, 0, 0, 0, 0];

/** Feeds press/release pairs, as scanners send them, and collects the decoder's events. */
function type(decoder: BootKeyboardDecoder, reports: number[][]) {
  return reports.flatMap((r) => decoder.push(Uint8Array.from(r)));
}
const tap = (usage: number, modifiers = 0) => [press(usage, modifiers), RELEASE];

describe('usageToChar (US layout)', () => {
  it('maps letters, digits and punctuation with and without shift', () => {
    expect([usageToChar(0x04, false), usageToChar(0x04, true), usageToChar(0x1d, false)]).toEqual(['a', 'A', 'z']);
    expect([usageToChar(0x1e, false), usageToChar(0x1e, true), usageToChar(0x27, false)]).toEqual(['1', '!', '0']);
    expect([usageToChar(0x38, false), usageToChar(0x38, true), usageToChar(0x33, true)]).toEqual(['/', '?', ':']);
    expect([usageToChar(0x59, false), usageToChar(0x62, false), usageToChar(0x63, false)]).toEqual(['1', '0', '.']);
    expect(usageToChar(0x3a, false)).toBeUndefined(); // F1
  });
});

describe('BootKeyboardDecoder', () => {
  it('decodes a code typed as press/release reports, with shift, ended by Enter', () => {
    const decoder = new BootKeyboardDecoder();
    // "Ab1:/" then Enter.
    const events = type(decoder, [
      ...tap(0x04, SHIFT),
      ...tap(0x05),
      ...tap(0x1e),
      ...tap(0x33, RIGHT_SHIFT),
      ...tap(0x38),
      ...tap(0x28),
    ]);
    expect(events).toEqual([{ kind: 'code', text: 'Ab1:/' }]);
  });

  it('types a held key once and a repeated letter only after a release', () => {
    const decoder = new BootKeyboardDecoder();
    const events = type(decoder, [press(0x04), press(0x04), RELEASE, press(0x04), RELEASE, ...tap(0x28)]);
    expect(events).toEqual([{ kind: 'code', text: 'aa' }]);
  });

  it('reads several new keys in one report in slot order', () => {
    const decoder = new BootKeyboardDecoder();
    const events = type(decoder, [[0, 0, 0x06, 0x07, 0x08, 0, 0, 0], RELEASE, ...tap(0x28)]);
    expect(events).toEqual([{ kind: 'code', text: 'cde' }]);
  });

  it('accepts keypad digits and keypad Enter', () => {
    const decoder = new BootKeyboardDecoder();
    expect(type(decoder, [...tap(0x59), ...tap(0x62), ...tap(0x58)])).toEqual([{ kind: 'code', text: '10' }]);
  });

  it('ignores a phantom (roll-over error) report without losing the code', () => {
    const decoder = new BootKeyboardDecoder();
    const events = type(decoder, [...tap(0x04), [0, 0, 1, 1, 1, 1, 1, 1], RELEASE, ...tap(0x05), ...tap(0x28)]);
    expect(events).toEqual([{ kind: 'code', text: 'ab' }]);
  });

  it('rejects a code with a control-key chord and decodes the next one', () => {
    const decoder = new BootKeyboardDecoder();
    const events = type(decoder, [
      ...[tap(0x04), tap(0x06, CTRL), tap(0x05), tap(0x28)].flat(),
      ...[tap(0x07), tap(0x28)].flat(),
    ]);
    expect(events).toEqual([
      { kind: 'rejected', reason: 'unsupported-key', message: expect.stringMatching(/usage 0x6 with modifiers 0x1/) },
      { kind: 'code', text: 'd' },
    ]);
  });

  it('rejects a code longer than maxLength and decodes the next one', () => {
    const decoder = new BootKeyboardDecoder({ maxLength: 3 });
    const events = type(decoder, [
      ...[tap(0x04), tap(0x04), tap(0x04), tap(0x04), tap(0x28)].flat(),
      ...[tap(0x05), tap(0x28)].flat(),
    ]);
    expect(events).toEqual([
      { kind: 'rejected', reason: 'too-long', message: expect.stringMatching(/3 characters/) },
      { kind: 'code', text: 'b' },
    ]);
  });

  it('ignores a bare Enter', () => {
    expect(type(new BootKeyboardDecoder(), [...tap(0x28), ...tap(0x28)])).toEqual([]);
  });

  it('refuses a report that is not 8 bytes', () => {
    expect(() => new BootKeyboardDecoder().push(Uint8Array.from([1, 0, 0, 0x04, 0, 0, 0, 0, 0]))).toThrow(/8 bytes.*got 9/);
  });
});

/** Key events for a string, `gap` ms apart, starting at `start`, optionally ended by Enter. */
function keys(text: string, start: number, gap: number, enter = true): WedgeKeyEvent[] {
  const events = [...text].map((key, i) => ({ key, timeStamp: start + i * gap }));
  if (enter) events.push({ key: 'Enter', timeStamp: start + text.length * gap });
  return events;
}
const feed = (detector: WedgeBurstDetector, events: WedgeKeyEvent[]) =>
  events.map((e) => detector.push(e)).filter((burst) => burst !== undefined);

describe('WedgeBurstDetector', () => {
  it('recognises a scanner burst ended by Enter', () => {
    const detector = new WedgeBurstDetector();
    expect(feed(detector, keys('6901234567892', 1000, 4))).toEqual([
      { text: '6901234567892', startedAt: 1000, endedAt: 1052 },
    ]);
  });

  it('does not take a person typing for a scanner', () => {
    const detector = new WedgeBurstDetector();
    expect(feed(detector, keys('13800138000', 1000, 140))).toEqual([]);
  });

  it('keeps only the fast part when a person typed before the scanner fired', () => {
    const detector = new WedgeBurstDetector();
    const events = [...keys('abc', 0, 200, false), ...keys('QR2025XYZ', 900, 3)];
    expect(feed(detector, events)).toEqual([{ text: 'QR2025XYZ', startedAt: 900, endedAt: 927 }]);
  });

  it('ignores Shift events inside a burst of capitals', () => {
    const detector = new WedgeBurstDetector();
    const withShift = (e: WedgeKeyEvent) => [{ key: 'Shift', timeStamp: e.timeStamp - 1 }, e];
    const events = keys('ABCDEF', 0, 6).flatMap((e) => (e.key === 'Enter' ? [e] : withShift(e)));
    expect(feed(detector, events)).toEqual([{ text: 'ABCDEF', startedAt: 0, endedAt: 36 }]);
  });

  it('refuses fast runs shorter than minLength and a burst whose Enter comes late', () => {
    const detector = new WedgeBurstDetector({ minLength: 6 });
    expect(feed(detector, keys('abc', 0, 5))).toEqual([]);
    const lateEnter = [...keys('ABCDEFGH', 100, 5, false), { key: 'Enter', timeStamp: 400 }];
    expect(feed(detector, lateEnter)).toEqual([]);
  });

  it('resets on a non-character key such as Backspace', () => {
    const detector = new WedgeBurstDetector({ minLength: 4 });
    const events = [...keys('abcd', 0, 5, false), { key: 'Backspace', timeStamp: 22 }, ...keys('efg', 24, 5)];
    expect(feed(detector, events)).toEqual([]);
  });

  it('accepts Tab as a terminator when configured', () => {
    const detector = new WedgeBurstDetector({ terminators: ['Enter', 'Tab'] });
    const events = [...keys('ABC12345', 0, 5, false), { key: 'Tab', timeStamp: 42 }];
    expect(feed(detector, events)).toEqual([{ text: 'ABC12345', startedAt: 0, endedAt: 42 }]);
  });

  it('closes a burst without terminator on flush after a quiet gap', () => {
    const detector = new WedgeBurstDetector();
    feed(detector, keys('NOENTER1', 0, 5, false));
    expect(detector.inBurst).toBe(true);
    expect(detector.flush(50)).toBeUndefined(); // still within the gap: more keys may come
    expect(detector.flush(100)).toEqual({ text: 'NOENTER1', startedAt: 0, endedAt: 35 });
    expect(detector.inBurst).toBe(false);
    feed(detector, keys('ab', 200, 100, false));
    expect(detector.flush(1000)).toBeUndefined();
  });

  it('treats a clock going backwards as a break', () => {
    const detector = new WedgeBurstDetector({ minLength: 4 });
    const events = [...keys('abcd', 100, 5, false), ...keys('efg', 50, 5)];
    expect(feed(detector, events)).toEqual([]);
  });
});
