/**
 * 往来港澳二次签注 as its own state machine: the ID card, 人证核验, the permit (typed on the
 * on-screen keyboard, or scanned), the types the upstream allows, how the fee is paid (asked of the
 * core once the type is picked), the confirmation with the fee, the pay step where the terminal
 * takes it, the submission, the receipt. The permit rule runs here as the citizen enters it, so
 * each bad number gets its own message before anything is sent; the submission id is drawn when
 * the type is picked and kept through a retry, so a retried submission can never apply twice, and
 * a paid one is retried with its order, never paid again. Leaving the pay step submits nothing.
 */
import type { EndorsementFeeView, EndorsementOptionsView, EndorsementReceiptView, EndorsementType, KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { checkPermitNumber, permitFromScan, type PermitRefusal } from '../../../../electron/contract/rules/hk-macau-permit.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';

/** Why the permit screen shows again: a rule's refusal, or the platform knows no such permit of this holder. */
export type PermitProblem = PermitRefusal | 'not-found';

export type EndorsementState =
  | { phase: 'card' }
  | { phase: 'verifying' }
  | { phase: 'permit'; entered: string; problem?: PermitProblem }
  /** The terminal's scanner waits for the permit; the core lists the options in the same call. */
  | { phase: 'scanning'; entered: string }
  | { phase: 'listing'; permitNumber: string; entered: string }
  | { phase: 'choose'; view: EndorsementOptionsView; entered: string }
  /** The core says how the chosen type's fee is paid (here, at the upstream's price, or at a counter). */
  | { phase: 'pricing'; view: EndorsementOptionsView; entered: string; type: EndorsementType; submissionId: string }
  | { phase: 'confirm'; view: EndorsementOptionsView; entered: string; type: EndorsementType; submissionId: string; fee: EndorsementFeeView }
  | { phase: 'paying'; view: EndorsementOptionsView; entered: string; type: EndorsementType; submissionId: string; fee: Extract<EndorsementFeeView, { payAt: 'terminal' }> }
  /** orderNo: the paid order of the fee, when the terminal took it. */
  | { phase: 'submitting'; view: EndorsementOptionsView; entered: string; type: EndorsementType; submissionId: string; fee: EndorsementFeeView; orderNo?: string }
  | { phase: 'receipt'; receipt: EndorsementReceiptView }
  | { phase: 'error'; code: KioskErrorCode; resume: EndorsementState };

export type EndorsementAction =
  | { type: 'cardRead' }
  | { type: 'cardFailed'; code: KioskErrorCode }
  | { type: 'verified' }
  | { type: 'verifyFailed'; code: KioskErrorCode }
  | { type: 'enter'; permitNumber: string }
  /** A keyboard-wedge scanner typed a code. */
  | { type: 'wedge'; code: string }
  /** Read the permit with the terminal's scanner. */
  | { type: 'scan' }
  | { type: 'loaded'; op: number; view: EndorsementOptionsView }
  | { type: 'pick'; endorsement: EndorsementType; submissionId: string }
  | { type: 'priced'; op: number; fee: EndorsementFeeView }
  | { type: 'submit' }
  /** The pay step reports the fee paid. */
  | { type: 'paid'; orderNo: string }
  | { type: 'submitted'; op: number; receipt: EndorsementReceiptView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'back' }
  | { type: 'retry' };

export const endorsementStart: EndorsementState = { phase: 'card' };

/** While the terminal works, the inactivity warning holds off. */
export const endorsementWaiting = (state: EndorsementState): boolean => state.phase === 'listing' || state.phase === 'pricing' || state.phase === 'submitting';

/** The phases a permit may arrive in from a keyboard-wedge scanner. */
const takesWedge = (state: EndorsementState): state is Extract<EndorsementState, { phase: 'permit' | 'scanning' }> => state.phase === 'permit' || state.phase === 'scanning';

function fromPermit(model: MachineModel<EndorsementState>, entered: string, checked: ReturnType<typeof checkPermitNumber>): MachineModel<EndorsementState> {
  return checked.ok
    ? go(model, { phase: 'listing', permitNumber: checked.permit, entered: checked.permit })
    : go(model, { phase: 'permit', entered, problem: checked.reason });
}

export const endorsementReducer = guarded((model: MachineModel<EndorsementState>, action: EndorsementAction): MachineModel<EndorsementState> => {
  const { state } = model;
  switch (action.type) {
    case 'cardRead':
      return state.phase === 'card' ? go(model, { phase: 'verifying' }) : model;
    case 'cardFailed':
      return state.phase === 'card' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'card' } }) : model;
    case 'verified':
      return state.phase === 'verifying' ? go(model, { phase: 'permit', entered: '' }) : model;
    case 'verifyFailed':
      return state.phase === 'verifying' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'verifying' } }) : model;
    case 'enter':
      return state.phase === 'permit' ? fromPermit(model, action.permitNumber, checkPermitNumber(action.permitNumber)) : model;
    case 'wedge':
      return takesWedge(state) ? fromPermit(model, state.entered, permitFromScan(action.code)) : model;
    case 'scan':
      return state.phase === 'permit' ? go(model, { phase: 'scanning', entered: state.entered }) : model;
    case 'loaded':
      return state.phase === 'listing' || state.phase === 'scanning' ? go(model, { phase: 'choose', view: action.view, entered: state.entered }) : model;
    case 'pick': {
      if (state.phase !== 'choose' || !state.view.options.some((o) => o.type === action.endorsement && o.allowed)) return model;
      return go(model, { phase: 'pricing', view: state.view, entered: state.entered, type: action.endorsement, submissionId: action.submissionId });
    }
    case 'priced':
      return state.phase === 'pricing' ? go(model, { ...state, phase: 'confirm', fee: action.fee }) : model;
    case 'submit':
      if (state.phase !== 'confirm') return model;
      return state.fee.payAt === 'terminal' ? go(model, { ...state, phase: 'paying', fee: state.fee }) : go(model, { ...state, phase: 'submitting' });
    case 'paid':
      return state.phase === 'paying' ? go(model, { ...state, phase: 'submitting', orderNo: action.orderNo }) : model;
    case 'submitted':
      return state.phase === 'submitting' ? go(model, { phase: 'receipt', receipt: action.receipt }) : model;
    case 'failed':
      if (state.phase === 'listing' || state.phase === 'scanning') {
        // Typed: the rule passed, so the platform refused it (not this holder's). Scanned: the core's rule refused what was read.
        if (action.code === 'INVALID_PERMIT_NUMBER') return go(model, { phase: 'permit', entered: state.entered, problem: state.phase === 'listing' ? 'not-found' : 'scan-unreadable' });
        return go(model, { phase: 'error', code: action.code, resume: { phase: 'permit', entered: state.entered } });
      }
      if (state.phase === 'pricing') return go(model, { phase: 'error', code: action.code, resume: state });
      // Retrying resumes the same confirmation, with the same submission id: the core applies at most once.
      // Paid: the retry submits again with the same order (the money is already taken).
      if (state.phase === 'submitting') return go(model, { phase: 'error', code: action.code, resume: state.orderNo === undefined ? { ...state, phase: 'confirm' } : state });
      return model;
    case 'back':
      // Leaving the pay step submits nothing; the pay step has closed (or returned) any order it started.
      if (state.phase === 'paying') return go(model, { ...state, phase: 'confirm' });
      if (state.phase === 'confirm') return go(model, { phase: 'choose', view: state.view, entered: state.entered });
      if (state.phase === 'choose') return go(model, { phase: 'permit', entered: state.entered });
      if (state.phase === 'scanning') return go(model, { phase: 'permit', entered: state.entered });
      return model;
    case 'retry':
      return state.phase === 'error' ? go(model, state.resume) : model;
  }
});
