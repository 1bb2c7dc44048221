/**
 * 交通违法查询/处理 (police tile): ID card → plate number → the violations → for one the platform
 * allows under 简易程序: 人证核验 (once per session) → the decision text → signature → pay the
 * fine → the 处罚决定书 printed (or a QR to the phone) → finish.
 */
import type {
  KioskErrorCode,
  TrafficDecisionDraft,
  TrafficDecisionView,
  TrafficFinePaidView,
  TrafficViolationView,
} from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';
import { normalisePlate, plateValid } from '../../../../electron/contract/rules/plate-number.ts';

/** What every phase after the list keeps: the list to go back to, and whether 人证核验 passed. */
interface Listed {
  view: TrafficViolationView;
  verified: boolean;
}

export type TrafficState =
  | { phase: 'card' }
  | { phase: 'plate'; plate: string; invalid: boolean }
  | { phase: 'querying'; plate: string }
  | ({ phase: 'result' } & Listed)
  | ({ phase: 'verifying'; violationId: string } & Listed)
  | ({ phase: 'drafting'; violationId: string } & Listed)
  | ({ phase: 'decision'; draft: TrafficDecisionDraft; agreed: boolean } & Listed)
  | ({ phase: 'signing'; draft: TrafficDecisionDraft } & Listed)
  | ({ phase: 'accepting'; draft: TrafficDecisionDraft; acceptId: string; signaturePng: string } & Listed)
  | ({ phase: 'paying'; draft: TrafficDecisionDraft; decision: TrafficDecisionView } & Listed)
  | ({ phase: 'completing'; draft: TrafficDecisionDraft; decision: TrafficDecisionView; orderNo: string } & Listed)
  | ({ phase: 'done'; draft: TrafficDecisionDraft; decision: TrafficDecisionView; paid: TrafficFinePaidView } & Listed)
  | { phase: 'error'; code: KioskErrorCode; resume: TrafficState };

export type TrafficAction =
  | { type: 'cardRead' }
  | { type: 'cardFailed'; code: KioskErrorCode }
  | { type: 'submit'; plate: string }
  | { type: 'loaded'; op: number; view: TrafficViolationView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'another' }
  | { type: 'retry' }
  | { type: 'handle'; violationId: string }
  | { type: 'verified' }
  | { type: 'verifyFailed'; code: KioskErrorCode }
  | { type: 'drafted'; op: number; draft: TrafficDecisionDraft }
  | { type: 'agree'; agreed: boolean }
  | { type: 'toSign' }
  | { type: 'sign'; acceptId: string; signaturePng: string }
  | { type: 'accepted'; op: number; decision: TrafficDecisionView }
  | { type: 'paid'; orderNo: string }
  | { type: 'completed'; op: number; paid: TrafficFinePaidView }
  | { type: 'back' };

export const trafficStart: TrafficState = { phase: 'card' };

/** Phases in which the screen waits for the core (the idle timer waits too). */
export const trafficWaiting = (state: TrafficState): boolean => ['querying', 'drafting', 'accepting', 'completing'].includes(state.phase);

const listed = (state: Listed): Listed => ({ view: state.view, verified: state.verified });

export const trafficReducer = guarded((model: MachineModel<TrafficState>, action: TrafficAction): MachineModel<TrafficState> => {
  const { state } = model;
  switch (action.type) {
    case 'cardRead':
      return state.phase === 'card' ? go(model, { phase: 'plate', plate: '', invalid: false }) : model;
    case 'cardFailed':
      return state.phase === 'card' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'card' } }) : model;
    case 'submit': {
      if (state.phase !== 'plate') return model;
      const plate = normalisePlate(action.plate);
      return go(model, plateValid(plate) ? { phase: 'querying', plate } : { phase: 'plate', plate, invalid: true });
    }
    case 'loaded':
      return state.phase === 'querying' ? go(model, { phase: 'result', view: action.view, verified: false }) : model;
    case 'failed':
      switch (state.phase) {
        case 'querying':
          if (action.code === 'INVALID_PLATE_NUMBER') return go(model, { phase: 'plate', plate: state.plate, invalid: true });
          return go(model, { phase: 'error', code: action.code, resume: state });
        case 'drafting':
          return go(model, { phase: 'error', code: action.code, resume: { phase: 'result', ...listed(state) } });
        // The same key again on retry: a lost answer gets the one decision, never a second one.
        case 'accepting':
          return go(model, { phase: 'error', code: action.code, resume: state });
        // Paid: retrying only hands the notice on again (idempotent); the money is never asked twice.
        case 'completing':
          return go(model, { phase: 'error', code: action.code, resume: state });
        default:
          return model;
      }
    case 'another':
      return state.phase === 'result' || state.phase === 'done' ? go(model, { phase: 'plate', plate: '', invalid: false }) : model;
    case 'retry':
      return state.phase === 'error' ? go(model, state.resume) : model;
    case 'handle': {
      if (state.phase !== 'result') return model;
      const item = state.view.items.find((i) => i.violationId === action.violationId);
      if (!item?.simpleProcedure.eligible) return model;
      return go(model, { phase: state.verified ? 'drafting' : 'verifying', violationId: action.violationId, ...listed(state) });
    }
    case 'verified':
      return state.phase === 'verifying' ? go(model, { phase: 'drafting', violationId: state.violationId, view: state.view, verified: true }) : model;
    case 'verifyFailed':
      return state.phase === 'verifying' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'result', ...listed(state) } }) : model;
    case 'drafted':
      return state.phase === 'drafting' ? go(model, { phase: 'decision', draft: action.draft, agreed: false, ...listed(state) }) : model;
    case 'agree':
      return state.phase === 'decision' ? go(model, { ...state, agreed: action.agreed }) : model;
    case 'toSign':
      return state.phase === 'decision' && state.agreed ? go(model, { phase: 'signing', draft: state.draft, ...listed(state) }) : model;
    case 'sign':
      return state.phase === 'signing' ? go(model, { phase: 'accepting', draft: state.draft, acceptId: action.acceptId, signaturePng: action.signaturePng, ...listed(state) }) : model;
    case 'accepted':
      return state.phase === 'accepting' ? go(model, { phase: 'paying', draft: state.draft, decision: action.decision, ...listed(state) }) : model;
    case 'paid':
      return state.phase === 'paying' ? go(model, { phase: 'completing', draft: state.draft, decision: state.decision, orderNo: action.orderNo, ...listed(state) }) : model;
    case 'completed':
      return state.phase === 'completing' ? go(model, { phase: 'done', draft: state.draft, decision: state.decision, paid: action.paid, ...listed(state) }) : model;
    case 'back':
      switch (state.phase) {
        case 'decision':
        case 'paying':
          return go(model, { phase: 'result', ...listed(state) });
        case 'signing':
          return go(model, { phase: 'decision', draft: state.draft, agreed: true, ...listed(state) });
        default:
          return model;
      }
  }
});
