/**
 * 好差评 after a transaction: five levels from very satisfied to very dissatisfied; a bad rating
 * (1 or 2) needs at least one reason, because halls must follow every bad rating up. Rating is
 * voluntary: the citizen may finish without it.
 */
import type { KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import type { EvaluationReason } from '../../../../electron/contract/schemas.ts';

export type Rating = 1 | 2 | 3 | 4 | 5;
/** Best first, as the national scheme lists them. */
export const RATINGS: readonly Rating[] = [5, 4, 3, 2, 1];
export const RATING_LEVEL: Record<Rating, string> = {
  5: 'very-satisfied',
  4: 'satisfied',
  3: 'basically-satisfied',
  2: 'dissatisfied',
  1: 'very-dissatisfied',
};
/** The contract's reasons, in the order the screen offers them. */
export const BAD_RATING_REASONS = ['too-slow', 'hard-to-use', 'unclear-guidance', 'device-fault', 'not-resolved', 'other'] as const satisfies readonly EvaluationReason[];
export type BadRatingReason = (typeof BAD_RATING_REASONS)[number];
type UnlistedReason = Exclude<EvaluationReason, BadRatingReason>;
const allReasonsListed: [UnlistedReason] extends [never] ? true : UnlistedReason = true;
void allReasonsListed;

/** The contract's transaction id: 8-64 of [A-Za-z0-9._:-]; anything else becomes '_'. */
export function transactionIdOf(raw: string): string {
  const safe = raw.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 64);
  return safe.length >= 8 ? safe : safe.padEnd(8, '_');
}

export const needsReasons = (rating: Rating): boolean => rating <= 2;

export type EvaluationState =
  | { phase: 'choosing'; rating: Rating | null; reasons: readonly BadRatingReason[]; missingReasons: boolean }
  | { phase: 'sending'; rating: Rating; reasons: readonly BadRatingReason[] }
  | { phase: 'sent'; rating: Rating; alreadyRated: boolean }
  | { phase: 'failed'; rating: Rating; reasons: readonly BadRatingReason[]; code: KioskErrorCode };

export type EvaluationAction =
  | { type: 'rate'; rating: Rating }
  | { type: 'toggleReason'; reason: BadRatingReason }
  | { type: 'submit' }
  | { type: 'sent'; alreadyRated: boolean }
  | { type: 'failed'; code: KioskErrorCode }
  | { type: 'edit' };

export const evaluationStart: EvaluationState = { phase: 'choosing', rating: null, reasons: [], missingReasons: false };

export function evaluationReducer(state: EvaluationState, action: EvaluationAction): EvaluationState {
  switch (action.type) {
    case 'rate':
      if (state.phase !== 'choosing') return state;
      // Reasons belong to a bad rating; moving to a good one drops them.
      return { phase: 'choosing', rating: action.rating, reasons: needsReasons(action.rating) ? state.reasons : [], missingReasons: false };
    case 'toggleReason': {
      if (state.phase !== 'choosing' || state.rating === null || !needsReasons(state.rating)) return state;
      const has = state.reasons.includes(action.reason);
      const reasons = has ? state.reasons.filter((r) => r !== action.reason) : [...state.reasons, action.reason];
      return { ...state, reasons, missingReasons: false };
    }
    case 'submit':
      if (state.phase === 'failed') return { phase: 'sending', rating: state.rating, reasons: state.reasons };
      if (state.phase !== 'choosing' || state.rating === null) return state;
      if (needsReasons(state.rating) && state.reasons.length === 0) return { ...state, missingReasons: true };
      return { phase: 'sending', rating: state.rating, reasons: state.reasons };
    case 'sent':
      return state.phase === 'sending' ? { phase: 'sent', rating: state.rating, alreadyRated: action.alreadyRated } : state;
    case 'failed':
      return state.phase === 'sending' ? { phase: 'failed', rating: state.rating, reasons: state.reasons, code: action.code } : state;
    case 'edit':
      return state.phase === 'failed' ? { phase: 'choosing', rating: state.rating, reasons: state.reasons, missingReasons: false } : state;
  }
}
