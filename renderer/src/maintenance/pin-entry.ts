/**
 * The PIN pad as a pure reducer: digits typed on screen (never a keyboard), and what the core
 * answered, to a PIN or to a staff card (the two share the lockout, so they share the notice).
 * A registered staff card is one factor: the core then asks for the PIN (`card-pin`). The PIN
 * itself lives only here and is cleared after every attempt.
 */
import type { StaffCardLoginResult, StaffLoginResult } from '../../../electron/contract/maintenance-api.ts';

export const PIN_MIN = 4;
export const PIN_MAX = 12;

export type PinNotice =
  | { kind: 'none' }
  | { kind: 'wrong-pin'; remainingAttempts: number }
  /** long: the long lockout, which a staff card + PIN still gets through; otherwise a short wait. */
  | { kind: 'locked'; retryInSeconds: number; long: boolean }
  | { kind: 'not-provisioned' }
  /** The staff card was recognised: the PIN must follow within `seconds`. */
  | { kind: 'card-pin'; seconds: number }
  | { kind: 'card-not-registered'; remainingAttempts: number }
  /** No staff card is registered on this terminal: the PIN still works. */
  | { kind: 'no-cards' }
  | { kind: 'card-timeout' }
  | { kind: 'card-unavailable' }
  | { kind: 'card-unreadable' }
  | { kind: 'error'; code: string };

export interface PinState {
  digits: string;
  checking: boolean;
  notice: PinNotice;
}

export type PinAction =
  | { type: 'digit'; digit: string }
  | { type: 'backspace' }
  | { type: 'clear' }
  | { type: 'submit' }
  | { type: 'answer'; result: StaffLoginResult }
  | { type: 'failed'; code: string }
  | { type: 'card-answer'; result: StaffCardLoginResult }
  /** staffCardLogin failed with this error code (READ_CANCELLED: the engineer cancelled). */
  | { type: 'card-failed'; code: string }
  | { type: 'tick' };

export const INITIAL_PIN: PinState = { digits: '', checking: false, notice: { kind: 'none' } };

export const canSubmit = (state: PinState): boolean =>
  !state.checking && state.digits.length >= PIN_MIN && state.notice.kind !== 'locked' && state.notice.kind !== 'not-provisioned';

export function pinReducer(state: PinState, action: PinAction): PinState {
  switch (action.type) {
    case 'digit':
      if (state.checking || !/^\d$/.test(action.digit) || state.digits.length >= PIN_MAX) return state;
      return { ...state, digits: state.digits + action.digit };
    case 'backspace':
      return state.checking ? state : { ...state, digits: state.digits.slice(0, -1) };
    case 'clear':
      return state.checking ? state : { ...state, digits: '' };
    case 'submit':
      return canSubmit(state) ? { ...state, checking: true } : state;
    case 'answer': {
      const { result } = action;
      const notice: PinNotice =
        result.status === 'wrong-pin'
          ? { kind: 'wrong-pin', remainingAttempts: result.remainingAttempts }
          : result.status === 'locked'
            ? { kind: 'locked', retryInSeconds: result.retryInSeconds, long: result.long }
            : result.status === 'not-provisioned'
              ? { kind: 'not-provisioned' }
              : { kind: 'none' };
      return { digits: '', checking: false, notice };
    }
    case 'failed':
      return { digits: '', checking: false, notice: { kind: 'error', code: action.code } };
    case 'card-answer': {
      const { result } = action;
      const notice: PinNotice =
        result.status === 'not-registered'
          ? { kind: 'card-not-registered', remainingAttempts: result.remainingAttempts }
          : result.status === 'locked'
            ? { kind: 'locked', retryInSeconds: result.retryInSeconds, long: result.long }
            : result.status === 'no-cards'
              ? { kind: 'no-cards' }
              : { kind: 'card-pin', seconds: result.pinSeconds };
      return { digits: '', checking: false, notice };
    }
    case 'card-failed':
      return { digits: '', checking: false, notice: cardFailureNotice(action.code) };
    case 'tick':
      if (state.notice.kind !== 'locked') return state;
      return state.notice.retryInSeconds <= 1
        ? { ...state, notice: { kind: 'none' } }
        : { ...state, notice: { ...state.notice, retryInSeconds: state.notice.retryInSeconds - 1 } };
  }
}

function cardFailureNotice(code: string): PinNotice {
  switch (code) {
    case 'READ_CANCELLED':
      return { kind: 'none' };
    case 'CARD_TIMEOUT':
      return { kind: 'card-timeout' };
    case 'DEVICE_UNAVAILABLE':
      return { kind: 'card-unavailable' };
    case 'CARD_INVALID':
    case 'CARD_READ_FAILED':
      return { kind: 'card-unreadable' };
    default:
      return { kind: 'error', code };
  }
}
