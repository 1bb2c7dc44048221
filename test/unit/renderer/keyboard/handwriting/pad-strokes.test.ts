import { describe, expect, it } from 'vitest';
import {
  HANDWRITING_MAX_POINTS,
  HANDWRITING_MAX_POINTS_PER_STROKE,
  HANDWRITING_MAX_STROKES,
} from '../../../../../electron/contract/rules/handwriting-limits.ts';
import { handwritingRequest } from '../../../../../electron/contract/handwriting/handwriting.contract.ts';
import { canStartStroke, extendStroke, toPadPoint, type PadStroke } from '../../../../../renderer/src/keyboard/handwriting/pad-strokes.ts';

const rect = { left: 100, top: 50, width: 400, height: 400 };

describe('handwriting pad strokes', () => {
  it('scales a pointer position into the 0..1000 box, as integers, clamped at the edges', () => {
    expect(toPadPoint(100, 50, rect)).toEqual([0, 0]);
    expect(toPadPoint(300, 250, rect)).toEqual([500, 500]);
    expect(toPadPoint(500.4, 450, rect)).toEqual([1000, 1000]);
    expect(toPadPoint(20, 900, rect)).toEqual([0, 1000]);
    expect(toPadPoint(101.3, 50, rect)).toEqual([3, 0]);
  });

  it('drops moves too small to matter', () => {
    const stroke: PadStroke = [[100, 100]];
    expect(extendStroke(stroke, [102, 103], [])).toBe(false);
    expect(extendStroke(stroke, [110, 100], [])).toBe(true);
    expect(stroke).toEqual([[100, 100], [110, 100]]);
  });

  it('stops a stroke at its point limit and a character at its stroke and point limits', () => {
    const long: PadStroke = [[0, 0]];
    for (let i = 1; i < 400; i += 1) extendStroke(long, [(i * 10) % 1000, Math.floor((i * 10) / 1000) * 10], []);
    expect(long).toHaveLength(HANDWRITING_MAX_POINTS_PER_STROKE);

    const many: PadStroke[] = Array.from({ length: HANDWRITING_MAX_STROKES }, () => [[1, 1]]);
    expect(canStartStroke(many)).toBe(false);
    expect(canStartStroke(many.slice(1))).toBe(true);

    const full: PadStroke[] = Array.from({ length: 16 }, () => Array.from({ length: 250 }, (_, i): [number, number] => [i, i]));
    expect(canStartStroke(full)).toBe(false);
    const nearlyFull = full.slice(0, 15);
    const current: PadStroke = [[0, 0]];
    for (let i = 1; i < 300; i += 1) extendStroke(current, [(i * 10) % 1000, Math.floor((i * 10) / 1000) * 10 + 500], nearlyFull);
    expect(nearlyFull.reduce((n, s) => n + s.length, 0) + current.length).toBe(HANDWRITING_MAX_POINTS);
  });

  it('only ever builds requests the contract accepts', () => {
    const strokes: PadStroke[] = [];
    while (canStartStroke(strokes)) {
      const stroke: PadStroke = [toPadPoint(-50, -50, rect)];
      for (let i = 0; i < 300; i += 1) extendStroke(stroke, toPadPoint(100 + ((i * 7) % 420), 50 + ((i * 13) % 420), rect), strokes);
      strokes.push(stroke);
    }
    expect(handwritingRequest.safeParse({ strokes }).success).toBe(true);
  });
});
