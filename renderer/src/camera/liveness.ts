/**
 * A liveness *hint*, not an anti-spoofing check: a live face blinks and moves a little, a photo
 * held up to the camera does not. We compare small grey thumbnails of successive frames; the
 * upstream's face checks remain the authority on the photo itself.
 */
export const THUMB = { width: 32, height: 24 };

/** Mean absolute difference (0–255) between two RGBA thumbnails of the same size. */
export function frameDifference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let total = 0;
  let count = 0;
  for (let i = 0; i + 2 < a.length; i += 4) {
    const greyA = ((a[i] ?? 0) + (a[i + 1] ?? 0) + (a[i + 2] ?? 0)) / 3;
    const greyB = ((b[i] ?? 0) + (b[i + 1] ?? 0) + (b[i + 2] ?? 0)) / 3;
    total += Math.abs(greyA - greyB);
    count += 1;
  }
  return count === 0 ? 0 : total / count;
}

/** Small changes are sensor noise; large ones are someone walking past. */
export const isLifelike = (difference: number): boolean => difference >= 1.5 && difference <= 60;
