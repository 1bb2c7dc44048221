/**
 * 帮办代办: the citizen's call for hall staff. It lives beside the journey, never in it: calling,
 * waiting and cancelling leave the citizen's progress exactly where it was.
 */
import type { KioskErrorCode, StaffCallView } from '../../../electron/contract/kiosk-api.ts';

export type StaffCallState =
  | { phase: 'idle' }
  | { phase: 'calling' }
  /** `dialog`: the "staff are on their way" notice is showing (closing it keeps the call open). */
  | { phase: 'called'; callId: string; dialog: boolean; alreadyCalled: boolean }
  | { phase: 'cancelling'; callId: string }
  | { phase: 'failed'; code: KioskErrorCode };

export type StaffCallAction =
  | { type: 'call' }
  | { type: 'called'; view: StaffCallView }
  | { type: 'failed'; code: KioskErrorCode }
  | { type: 'closeDialog' }
  | { type: 'openDialog' }
  | { type: 'cancel' }
  /** The call is over: cancelled by the citizen, or closed by staff (the core's staffCall event). */
  | { type: 'ended'; callId: string };

export function staffCallReducer(state: StaffCallState, action: StaffCallAction): StaffCallState {
  switch (action.type) {
    case 'call':
      if (state.phase === 'called') return { ...state, dialog: true };
      return state.phase === 'idle' || state.phase === 'failed' ? { phase: 'calling' } : state;
    case 'called':
      return state.phase === 'calling'
        ? { phase: 'called', callId: action.view.callId, dialog: true, alreadyCalled: action.view.alreadyCalled }
        : state;
    case 'failed':
      // A failed cancel leaves the call standing: staff still come, which is harmless.
      if (state.phase === 'cancelling') return { phase: 'called', callId: state.callId, dialog: true, alreadyCalled: true };
      return state.phase === 'calling' ? { phase: 'failed', code: action.code } : state;
    case 'closeDialog':
      if (state.phase === 'called') return { ...state, dialog: false };
      return state.phase === 'failed' ? { phase: 'idle' } : state;
    case 'openDialog':
      return state.phase === 'called' ? { ...state, dialog: true } : state;
    case 'cancel':
      return state.phase === 'called' ? { phase: 'cancelling', callId: state.callId } : state;
    case 'ended':
      return (state.phase === 'called' || state.phase === 'cancelling') && state.callId === action.callId ? { phase: 'idle' } : state;
  }
}

/** Screen ids as the contract accepts them: 'credit.placeCard' → 'credit-place-card'. */
export const screenSlug = (screen: string): string =>
  screen
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'unknown';
