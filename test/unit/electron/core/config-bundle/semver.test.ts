import { describe, expect, it } from 'vitest';
import { compareSemver, isSemver } from '../../../../../electron/core/config-bundle/semver.ts';

describe('compareSemver', () => {
  it.each([
    ['1.0.0', '1.0.1', -1],
    ['1.10.0', '1.9.0', 1],
    ['2.0.0', '2.0.0-rc.1', 1],
    ['2.0.0-rc.10', '2.0.0-rc.9', 1],
    ['2.0.0-alpha', '2.0.0-alpha.1', -1],
    ['2.0.0-1', '2.0.0-alpha', -1],
    ['1.2.3+build.5', '1.2.3', 0],
    ['10000000000000000001.0.0', '10000000000000000000.0.0', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareSemver(a, b))).toBe(sign);
    expect(Math.sign(compareSemver(b, a))).toBe(-sign || 0);
  });

  it('refuses what is not a version', () => {
    expect(isSemver('1.2')).toBe(false);
    expect(() => compareSemver('1.2', '1.2.0')).toThrow(/not a semantic version: 1.2/);
  });
});
