/**
 * 交通违法查询/处理 (police tile): ID card → plate number → the violations → for one the platform
 * allows under 简易程序: 人证核验 (once per session) → the decision text → signature → pay the
 * fine → the 处罚决定书 printed (or a QR to the phone) → finish. One the platform lists as decided
 * with the fine due (accepted earlier and left unpaid): 人证核验 → pay against its decision → finish.
 */
import type { KioskErrorCode, TrafficDecisionDraft, TrafficDecisionView, TrafficFinePaidView, TrafficViolationView } from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';
import { normalisePlate, plateValid } from '../../../../electron/contract/rules/plate-number.ts';

/** What every phase after the list keeps: the list to go back to, and whether 人证核验 passed. */
interface Listed {
  view: TrafficViolationView;
  verified: boolean;
}

/** What the pay step pays and the last screen shows: a decision just accepted, or one listed as due. */
export interface PayableFine {
  decisionNo: string;
  amountFen: number;
  points: number;
  /** Decided in an earlier session and paid from the list: the journey shows list → pay → done, not the decision steps. */
  listedDue: boolean;
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
  | ({ phase: 'paying'; fine: PayableFine } & Listed)
  | ({ phase: 'completing'; fine: PayableFine; orderNo: string } & Listed)
  | ({ phase: 'done'; fine: PayableFine; paid: TrafficFinePaidView; orderNo: string } & Listed)
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

/** The violation's fine if the platform lists it as decided and due (paid here against that decision). */
export const dueFine = (view: TrafficViolationView, violationId: string): PayableFine | undefined => {
  const item = view.items.find((i) => i.violationId === violationId);
  if (item?.decision?.status !== 'due') return undefined;
  return { decisionNo: item.decision.decisionNo, amountFen: item.decision.amountDueFen, points: item.points, listedDue: true };
};

const fineOf = (decision: TrafficDecisionView): PayableFine => ({ decisionNo: decision.decisionNo, amountFen: decision.amountFen, points: decision.points, listedDue: false });

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
      const due = dueFine(state.view, action.violationId);
      if (!item?.simpleProcedure.eligible && !due) return model;
      if (!state.verified) return go(model, { phase: 'verifying', violationId: action.violationId, ...listed(state) });
      return go(model, due ? { phase: 'paying', fine: due, ...listed(state) } : { phase: 'drafting', violationId: action.violationId, ...listed(state) });
    }
    case 'verified': {
      if (state.phase !== 'verifying') return model;
      const due = dueFine(state.view, state.violationId);
      return go(model, due ? { phase: 'paying', fine: due, view: state.view, verified: true } : { phase: 'drafting', violationId: state.violationId, view: state.view, verified: true });
    }
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
      return state.phase === 'accepting' ? go(model, { phase: 'paying', fine: fineOf(action.decision), ...listed(state) }) : model;
    case 'paid':
      return state.phase === 'paying' ? go(model, { phase: 'completing', fine: state.fine, orderNo: action.orderNo, ...listed(state) }) : model;
    case 'completed':
      return state.phase === 'completing' ? go(model, { phase: 'done', fine: state.fine, paid: action.paid, orderNo: state.orderNo, ...listed(state) }) : model;
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
