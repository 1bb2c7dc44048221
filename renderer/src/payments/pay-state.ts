/**
 * The pay step's flow, pure so it is tested without a browser. An unknown outcome is its own
 * phase ('confirming': 正在确认支付结果), never 'failed'; only the core's definite answers fail.
 */
import type { KioskErrorCode, PaymentChannelId, PaymentOffer, PaymentView } from '../../../electron/contract/kiosk-api.ts';

export type PayFailure = 'declined' | 'amount-differs-from-notice' | 'closed' | 'amount-changed' | 'in-progress' | 'unavailable' | 'scan-timeout' | 'error';

export type PayState =
  | { phase: 'loading' }
  | { phase: 'choose'; offer: PaymentOffer }
  | { phase: 'scanning'; offer: PaymentOffer; notACode: boolean }
  | { phase: 'native'; offer: PaymentOffer; channel: PaymentChannelId; payment?: PaymentView; codeUrl?: string }
  | { phase: 'confirming'; offer: PaymentOffer; payment: PaymentView }
  | { phase: 'paid'; payment: PaymentView }
  | { phase: 'refunded'; payment: PaymentView }
  | { phase: 'failed'; offer?: PaymentOffer; failure: PayFailure };

export type PayAction =
  | { type: 'offered'; offer: PaymentOffer }
  | { type: 'scan' }
  | { type: 'native'; channel: PaymentChannelId }
  | { type: 'nativeStarted'; payment: PaymentView; codeUrl?: string }
  | { type: 'notACode' }
  | { type: 'result'; payment: PaymentView }
  | { type: 'error'; code: KioskErrorCode }
  | { type: 'back' };

export const payStart: PayState = { phase: 'loading' };

const offerOf = (s: PayState): PaymentOffer | undefined => ('offer' in s ? s.offer : undefined);

export function failureOfError(code: KioskErrorCode): PayFailure {
  switch (code) {
    case 'CONTENT_CHANGED':
      return 'amount-changed';
    case 'SERVICE_DISABLED':
    case 'DEVICE_UNAVAILABLE':
      return 'unavailable';
    case 'SCAN_TIMEOUT':
      return 'scan-timeout';
    default:
      return 'error';
  }
}

export function payReducer(state: PayState, action: PayAction): PayState {
  const offer = offerOf(state);
  switch (action.type) {
    case 'offered':
      return { phase: 'choose', offer: action.offer };
    case 'scan':
      return offer ? { phase: 'scanning', offer, notACode: false } : state;
    case 'native':
      return offer ? { phase: 'native', offer, channel: action.channel } : state;
    case 'nativeStarted':
      if (state.phase !== 'native') return state;
      return action.payment.display === 'waiting' && action.payment.problem === undefined
        ? { ...state, payment: action.payment, ...(action.codeUrl === undefined ? {} : { codeUrl: action.codeUrl }) }
        : payReducer(state, { type: 'result', payment: action.payment });
    case 'notACode':
      return state.phase === 'scanning' ? { ...state, notACode: true } : state;
    case 'result': {
      const p = action.payment;
      // Another order of this purchase is waiting for a phone: this one must not start a second.
      if (p.problem === 'purchase-in-progress' && p.display === 'waiting') return { phase: 'failed', ...(offer ? { offer } : {}), failure: 'in-progress' };
      switch (p.display) {
        case 'paid':
          return { phase: 'paid', payment: p };
        case 'refunded':
          return { phase: 'refunded', payment: p };
        case 'waiting':
          return state.phase === 'native' ? { ...state, payment: p } : state;
        case 'confirming':
          return offer ? { phase: 'confirming', offer, payment: p } : state;
        case 'closed':
          return { phase: 'failed', ...(offer ? { offer } : {}), failure: 'closed' };
        case 'failed':
          return { phase: 'failed', ...(offer ? { offer } : {}), failure: p.problem === 'amount-differs-from-notice' ? 'amount-differs-from-notice' : 'declined' };
      }
      return state;
    }
    case 'error':
      // A lost answer while paying is an unknown outcome: the screen must not say "failed".
      if (state.phase === 'confirming') return state;
      return { phase: 'failed', ...(offer ? { offer } : {}), failure: failureOfError(action.code) };
    case 'back':
      return offer ? { phase: 'choose', offer } : state;
  }
}

/** Yuan with two decimals, for the screen (amounts travel as whole fen). */
export const yuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
