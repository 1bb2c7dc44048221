/**
 * The PIN pad as a pure reducer: digits typed on screen (never a keyboard), and what the core
 * answered. The PIN itself lives only here and is cleared after every attempt.
 */
import type { StaffLoginResult } from '../../../electron/contract/maintenance-api.ts';

export const PIN_MIN = 4;
export const PIN_MAX = 12;

export type PinNotice =
  | { kind: 'none' }
  | { kind: 'wrong-pin'; remainingAttempts: number }
  | { kind: 'locked'; retryInSeconds: number }
  | { kind: 'not-provisioned' }
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
            ? { kind: 'locked', retryInSeconds: result.retryInSeconds }
            : result.status === 'not-provisioned'
              ? { kind: 'not-provisioned' }
              : { kind: 'none' };
      return { digits: '', checking: false, notice };
    }
    case 'failed':
      return { digits: '', checking: false, notice: { kind: 'error', code: action.code } };
    case 'tick':
      if (state.notice.kind !== 'locked') return state;
      return state.notice.retryInSeconds <= 1
        ? { ...state, notice: { kind: 'none' } }
        : { ...state, notice: { kind: 'locked', retryInSeconds: state.notice.retryInSeconds - 1 } };
  }
}
