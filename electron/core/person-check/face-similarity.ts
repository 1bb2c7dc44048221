/**
 * Similarity of two face descriptors, computed in the core so that the threshold is applied here
 * and not by the screen. Same formula as Human's `match.similarity` (MIT, @vladmandic/human
 * src/face/match.ts: Euclidean distance, multiplier 25, normalised to 0.2–0.8 and clamped), so the
 * threshold means what Human's documentation says (about 0.5 and up: likely the same person).
 */
const MULTIPLIER = 25;
const MIN = 0.2;
const MAX = 0.8;

export function faceSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    sum += diff * diff;
  }
  const distance = Math.round(100 * MULTIPLIER * sum) / 100;
  if (distance === 0) return 1;
  const normalised = (1 - Math.sqrt(distance) / 100 - MIN) / (MAX - MIN);
  return Math.round(100 * Math.max(Math.min(normalised, 1), 0)) / 100;
}
