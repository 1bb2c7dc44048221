/** The decision of one try: threshold, liveness floor, tries, and the last try calling staff. */
import { describe, expect, it } from 'vitest';
import { decideTry, type PersonCheckPolicy } from '../../../../../electron/core/person-check/person-check-rules.ts';
import { faceSimilarity } from '../../../../../electron/core/person-check/face-similarity.ts';

const policy: PersonCheckPolicy = { threshold: 0.6, minLiveness: 0.5, maxTries: 3 };

describe('decideTry', () => {
  it('passes a live face at or above the threshold, on any try', () => {
    expect(decideTry({ kind: 'compared', similarity: 0.6, liveness: 0.5 }, 0, policy)).toEqual({
      view: { decision: 'passed', reason: 'matched', similarity: 0.6, triesLeft: 2 },
      triesUsed: 1,
    });
    expect(decideTry({ kind: 'compared', similarity: 0.95, liveness: 0.99 }, 2, policy).view.decision).toBe('passed');
  });

  it('asks for another try below the threshold, naming why, until the tries are used up', () => {
    expect(decideTry({ kind: 'compared', similarity: 0.59, liveness: 0.9 }, 0, policy).view).toEqual({
      decision: 'retry',
      reason: 'no-match',
      similarity: 0.59,
      triesLeft: 2,
    });
    expect(decideTry({ kind: 'compared', similarity: 0.59, liveness: 0.9 }, 1, policy).view).toMatchObject({ decision: 'retry', triesLeft: 1 });
    expect(decideTry({ kind: 'compared', similarity: 0.59, liveness: 0.9 }, 2, policy).view).toMatchObject({ decision: 'failed', triesLeft: 0 });
  });

  it('refuses a matching face that is not live: liveness comes before similarity', () => {
    expect(decideTry({ kind: 'compared', similarity: 0.99, liveness: 0.49 }, 0, policy).view).toMatchObject({ decision: 'retry', reason: 'not-live' });
    expect(decideTry({ kind: 'compared', similarity: 0.99, liveness: 0 }, 2, policy).view).toMatchObject({ decision: 'failed', reason: 'not-live' });
  });

  it('counts a try without a face, so a screen cannot try for ever', () => {
    const first = decideTry({ kind: 'no-face' }, 0, policy);
    expect(first).toEqual({ view: { decision: 'retry', reason: 'no-face', similarity: undefined, triesLeft: 2 }, triesUsed: 1 });
    expect(decideTry({ kind: 'no-face' }, 2, policy).view.decision).toBe('failed');
  });

  it('follows the configured threshold and number of tries', () => {
    const strict = { threshold: 0.8, minLiveness: 0.5, maxTries: 1 };
    expect(decideTry({ kind: 'compared', similarity: 0.75, liveness: 0.9 }, 0, strict).view).toMatchObject({ decision: 'failed', reason: 'no-match', triesLeft: 0 });
    expect(decideTry({ kind: 'compared', similarity: 0.8, liveness: 0.9 }, 0, strict).view.decision).toBe('passed');
  });
});

describe('faceSimilarity (Human’s formula, computed in the core)', () => {
  const filled = (value: number) => Array.from({ length: 1024 }, () => value);

  it('is 1 for the same descriptor and falls with the Euclidean distance', () => {
    expect(faceSimilarity(filled(0.05), filled(0.05))).toBe(1);
    // sum of squares 1024 × 0.04 = 40.96 → distance 1024 → √ = 32 → (1 − 0.32 − 0.2) / 0.6 = 0.8
    expect(faceSimilarity(filled(0), filled(0.2))).toBe(0.8);
    // 1024 × 0.09 = 92.16 → 2304 → 48 → (1 − 0.48 − 0.2) / 0.6 = 0.533…
    expect(faceSimilarity(filled(0), filled(0.3))).toBe(0.53);
    expect(faceSimilarity(filled(0), filled(1))).toBe(0);
  });

  it('is 0 for descriptors that cannot be compared', () => {
    expect(faceSimilarity([], [])).toBe(0);
    expect(faceSimilarity(filled(0), filled(0).slice(1))).toBe(0);
  });
});
