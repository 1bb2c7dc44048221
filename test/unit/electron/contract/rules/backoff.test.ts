import { describe, expect, it } from 'vitest';
import { backoffCeiling, fullJitterDelay } from '../../../../../electron/contract/rules/backoff.ts';

const policy = { baseMs: 1000, capMs: 60_000 };

describe('exponential backoff with full jitter', () => {
  it('doubles the ceiling per failure up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffCeiling(n, policy))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000,
    ]);
    expect(backoffCeiling(0, policy)).toBe(1000);
  });

  it('draws the delay uniformly between 0 and the ceiling', () => {
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(2000);
    expect(fullJitterDelay(3, policy, () => 0.999_999)).toBe(3999);
    const draws = Array.from({ length: 2000 }, () => fullJitterDelay(10, policy));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(60_000);
    // Spread, not lock-step: the draws cover the range.
    expect(new Set(draws.map((d) => Math.floor(d / 6000))).size).toBe(10);
  });
});
