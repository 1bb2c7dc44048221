/**
 * Semantic-version precedence (semver.org §11), enough to refuse a replayed older bundle:
 * 1.10.0 > 1.9.0, 2.0.0 > 2.0.0-rc.1, rc.10 > rc.9. Build metadata (+…) is ignored.
 */
const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function isSemver(value: string): boolean {
  return SEMVER.test(value);
}

/** Negative when a < b, 0 when equal in precedence, positive when a > b. Throws on a non-version. */
export function compareSemver(a: string, b: string): number {
  const left = SEMVER.exec(a);
  const right = SEMVER.exec(b);
  if (!left || !right) throw new Error(`not a semantic version: ${left ? b : a}`);
  for (let i = 1; i <= 3; i++) {
    const diff = compareNumeric(left[i] ?? '0', right[i] ?? '0');
    if (diff !== 0) return diff;
  }
  const preLeft = left[4];
  const preRight = right[4];
  // A pre-release sorts before its release.
  if (preLeft === undefined || preRight === undefined) return (preLeft === undefined ? 1 : 0) - (preRight === undefined ? 1 : 0);
  const partsLeft = preLeft.split('.');
  const partsRight = preRight.split('.');
  for (let i = 0; i < Math.max(partsLeft.length, partsRight.length); i++) {
    const x = partsLeft[i];
    const y = partsRight[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const xNum = /^\d+$/.test(x);
    const yNum = /^\d+$/.test(y);
    const diff = xNum && yNum ? compareNumeric(x, y) : xNum !== yNum ? (xNum ? -1 : 1) : x < y ? -1 : x > y ? 1 : 0;
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Digit strings of any length, without converting to Number (no precision loss). */
function compareNumeric(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}
