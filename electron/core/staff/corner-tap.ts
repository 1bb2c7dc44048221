/**
 * The hidden staff entry: a configured sequence of corner taps within a time window. Pure logic:
 * the screen reports taps, this decides. It keeps only the last few corner taps, so a sequence
 * that starts in the middle of a failed attempt (TL TR TL TR TL BR BL for TL TR TL BR BL) is still
 * recognised, and any tap away from the corners (a citizen using the screen) clears it.
 */
import type { Corner } from '../config/maintenance-schema.ts';

export type { Corner } from '../config/maintenance-schema.ts';

export interface CornerTapRule {
  sequence: readonly Corner[];
  windowMs: number;
}

export interface CornerTap {
  /** null: the tap was not in a corner. */
  corner: Corner | null;
  /** Monotonic milliseconds (performance.now() or event.timeStamp). */
  at: number;
}

export interface CornerTapState {
  /** Recent corner taps, oldest first, at most sequence.length. */
  recent: ReadonlyArray<{ corner: Corner; at: number }>;
}

export const EMPTY_CORNER_TAPS: CornerTapState = { recent: [] };

/** Default corner zone: a square of 12% of the shorter screen side (about a fingertip and a half). */
export const DEFAULT_CORNER_FRACTION = 0.12;

/** Which corner a point falls in, or null. */
export function cornerOf(x: number, y: number, width: number, height: number, fraction = DEFAULT_CORNER_FRACTION): Corner | null {
  if (!(width > 0 && height > 0) || x < 0 || y < 0 || x > width || y > height) return null;
  const zone = Math.min(width, height) * fraction;
  const left = x <= zone;
  const right = x >= width - zone;
  const top = y <= zone;
  const bottom = y >= height - zone;
  if (top && left) return 'top-left';
  if (top && right) return 'top-right';
  if (bottom && right) return 'bottom-right';
  if (bottom && left) return 'bottom-left';
  return null;
}

/** Feeds one tap; `matched` is true exactly on the tap that completes the sequence. */
export function stepCornerTaps(
  state: CornerTapState,
  tap: CornerTap,
  rule: CornerTapRule,
): { state: CornerTapState; matched: boolean } {
  if (tap.corner === null || rule.sequence.length === 0) return { state: EMPTY_CORNER_TAPS, matched: false };
  const recent = [...state.recent, { corner: tap.corner, at: tap.at }].slice(-rule.sequence.length);
  const first = recent[0];
  const matched =
    first !== undefined &&
    recent.length === rule.sequence.length &&
    recent.every((t, i) => t.corner === rule.sequence[i]) &&
    tap.at - first.at <= rule.windowMs;
  // After a match start afresh: the next sequence must be tapped in full again.
  return { state: matched ? EMPTY_CORNER_TAPS : { recent }, matched };
}

/** Stateful convenience around stepCornerTaps for one screen. */
export class CornerTapRecognizer {
  #state: CornerTapState = EMPTY_CORNER_TAPS;
  readonly #rule: () => CornerTapRule;

  constructor(rule: () => CornerTapRule) {
    this.#rule = rule;
  }

  tap(corner: Corner | null, at: number): boolean {
    const { state, matched } = stepCornerTaps(this.#state, { corner, at }, this.#rule());
    this.#state = state;
    return matched;
  }

  reset(): void {
    this.#state = EMPTY_CORNER_TAPS;
  }
}
