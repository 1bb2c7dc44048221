/** When a try has seen enough of a live face, and what it sends (renderer/src/person-check/capture-rules.ts). */
import { describe, expect, it } from 'vitest';
import { chooseReport, guidanceFor, MIN_FACE_SIZE } from '../../../../renderer/src/person-check/capture-rules.ts';
import type { FaceReading } from '../../../../renderer/src/person-check/face-reading.ts';

const reading = (over: Partial<FaceReading> = {}): FaceReading => ({
  faces: 1,
  descriptor: Array.from({ length: 1024 }, (_, i) => (i % 5) / 10 + 0.1),
  live: 0.9,
  score: 0.9,
  size: 0.3,
  ...over,
});

describe('capture rules', () => {
  it('waits for two good readings and some motion, then sends the best one with the lowest liveness', () => {
    const a = reading({ score: 0.8, live: 0.95 });
    const b = reading({ score: 0.95, live: 0.7 });
    expect(chooseReport([a], true, false)).toBeNull();
    expect(chooseReport([a, b], false, false)).toBeNull();
    const bestValues = [...b.descriptor];
    const report = chooseReport([a, b], true, false);
    expect(report).toEqual({ kind: 'face', descriptor: bestValues, liveness: 0.7 });
    // Every reading's own array is zeroed: the report holds the only copy.
    expect(a.descriptor.every((v) => v === 0) && b.descriptor.every((v) => v === 0)).toBe(true);
  });

  it('sends liveness 0 for a face that never moved (a still picture), once the time is up', () => {
    expect(chooseReport([reading(), reading()], false, true)).toMatchObject({ kind: 'face', liveness: 0 });
  });

  it('reports no face when time is up without one good reading', () => {
    const far = reading({ size: MIN_FACE_SIZE / 2 });
    const two = reading({ faces: 2, descriptor: [] });
    expect(chooseReport([far, two, reading({ faces: 0, descriptor: [] })], true, true)).toEqual({ kind: 'no-face' });
    expect(far.descriptor.every((v) => v === 0)).toBe(true);
  });

  it('guides the citizen by what it sees', () => {
    expect(guidanceFor(reading({ faces: 0 }), false)).toBe('noFace');
    expect(guidanceFor(reading({ faces: 2 }), true)).toBe('oneFace');
    expect(guidanceFor(reading({ size: 0.05 }), true)).toBe('closer');
    expect(guidanceFor(reading(), false)).toBe('move');
    expect(guidanceFor(reading(), true)).toBe('hold');
  });
});
