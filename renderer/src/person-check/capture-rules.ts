/**
 * When a try has seen enough, pure: one face, close enough, confidently detected, in at least two
 * readings, and the picture moved at some point. The liveness sent to the core is the liveness
 * model's lowest score over the good readings, or 0 when nothing moved (a still picture).
 */
import type { FaceReading } from './face-reading.ts';
import type { CameraReport } from './person-check-state.ts';

/** Face box width as a share of the frame below which the citizen is asked to come closer. */
export const MIN_FACE_SIZE = 0.12;
export const MIN_DETECTION_SCORE = 0.6;
/** Good readings a try wants before it reports. */
export const READINGS_WANTED = 2;

export type Guidance = 'starting' | 'loading' | 'noFace' | 'oneFace' | 'closer' | 'move' | 'hold';

export const isGood = (r: FaceReading): boolean =>
  r.faces === 1 && r.descriptor.length > 0 && r.size >= MIN_FACE_SIZE && r.score >= MIN_DETECTION_SCORE;

export function guidanceFor(reading: FaceReading, moved: boolean): Guidance {
  if (reading.faces === 0) return 'noFace';
  if (reading.faces > 1) return 'oneFace';
  if (reading.size < MIN_FACE_SIZE) return 'closer';
  return moved ? 'hold' : 'move';
}

/**
 * The try's report once it has enough (or, at the end of its time, whatever it has); null to
 * keep watching. Every descriptor not sent is zeroed here.
 */
export function chooseReport(readings: FaceReading[], moved: boolean, timeUp: boolean): CameraReport | null {
  const good = readings.filter(isGood);
  const enough = good.length >= READINGS_WANTED && moved;
  if (!enough && !timeUp) return null;
  const best = good.reduce<FaceReading | undefined>((top, r) => (top === undefined || r.score > top.score ? r : top), undefined);
  for (const r of readings) if (r !== best) r.descriptor.fill(0);
  if (!best) return { kind: 'no-face' };
  const liveness = moved ? Math.min(...good.map((r) => r.live)) : 0;
  // The report takes a copy: the readings' own arrays are zeroed with the try.
  const descriptor = [...best.descriptor];
  best.descriptor.fill(0);
  return { kind: 'face', descriptor, liveness };
}
