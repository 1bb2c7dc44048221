/** The shape matcher ignores stroke order, direction, size and place, and charges for a stroke without a partner. */
import { describe, expect, it } from 'vitest';
import { normaliseShape, shapeDistance } from '../../../../../electron/core/handwriting/stroke-matcher.ts';
import { medianStrokes, withStrokeReversed, withStrokesMerged } from '../../../../support/median-strokes.ts';

const 王 = medianStrokes('王');
const distance = (a: [number, number][][], b: [number, number][][]): number => shapeDistance(normaliseShape(a), normaliseShape(b));

describe('stroke matcher', () => {
  it('finds a character identical to itself, whatever its size and place on the pad', () => {
    expect(distance(王, 王)).toBeCloseTo(0, 9);
    const smaller = 王.map((s) => s.map(([x, y]): [number, number] => [x * 0.5 + 300, y * 0.5 + 120]));
    expect(distance(smaller, 王)).toBeLessThan(0.005);
  });

  it('does not care in which order the strokes came', () => {
    expect(distance([...王].reverse(), 王)).toBeCloseTo(0, 9);
  });

  it('charges a reversed stroke only a little, far less than another character', () => {
    const reversed = distance(withStrokeReversed(王, 1), 王);
    expect(reversed).toBeGreaterThan(0);
    expect(reversed).toBeLessThan(0.01);
    expect(distance(medianStrokes('土'), 王)).toBeGreaterThan(10 * reversed);
  });

  it('ranks two strokes written as one nearer than a different character with as many strokes', () => {
    const merged = withStrokesMerged(medianStrokes('不'), 2);
    expect(distance(merged, medianStrokes('不'))).toBeLessThan(distance(merged, medianStrokes('大')));
  });

  it('handles a dot (a stroke of one point) and nothing written', () => {
    expect(Number.isFinite(distance([[[500, 500]]], [[[10, 10]]]))).toBe(true);
    expect(shapeDistance([], normaliseShape(王))).toBe(Infinity);
  });
});
