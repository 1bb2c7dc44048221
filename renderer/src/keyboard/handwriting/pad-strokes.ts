/**
 * Strokes on the handwriting pad, in the contract's 0..HANDWRITING_BOX square whatever the pad's
 * size on screen, kept within the contract's bounds while the citizen writes (a stroke stops
 * growing at its point limit, a character at its stroke limit), so a request is never refused for
 * its size.
 */
import {
  HANDWRITING_BOX,
  HANDWRITING_MAX_POINTS,
  HANDWRITING_MAX_POINTS_PER_STROKE,
  HANDWRITING_MAX_STROKES,
} from '../../../../electron/contract/rules/handwriting-limits.ts';

export type PadPoint = [number, number];
export type PadStroke = PadPoint[];

/** Moves closer than this to the last kept point add nothing the recogniser uses. */
const MIN_STEP = 6;

/** A pointer position inside the pad's rectangle → integer pad units, clamped to the box. */
export function toPadPoint(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }): PadPoint {
  const scale = (value: number, size: number): number =>
    Math.min(HANDWRITING_BOX, Math.max(0, Math.round((value / Math.max(size, 1)) * HANDWRITING_BOX)));
  return [scale(clientX - rect.left, rect.width), scale(clientY - rect.top, rect.height)];
}

export const pointCount = (strokes: readonly PadStroke[]): number => strokes.reduce((sum, s) => sum + s.length, 0);

/** Whether another stroke may start. */
export const canStartStroke = (strokes: readonly PadStroke[]): boolean =>
  strokes.length < HANDWRITING_MAX_STROKES && pointCount(strokes) < HANDWRITING_MAX_POINTS;

/** Adds a point to the stroke being written unless it is too close or a limit is reached; true if added. */
export function extendStroke(current: PadStroke, point: PadPoint, done: readonly PadStroke[]): boolean {
  if (current.length >= HANDWRITING_MAX_POINTS_PER_STROKE) return false;
  if (pointCount(done) + current.length >= HANDWRITING_MAX_POINTS) return false;
  const last = current.at(-1);
  if (last && Math.hypot(point[0] - last[0], point[1] - last[1]) < MIN_STEP) return false;
  current.push(point);
  return true;
}
