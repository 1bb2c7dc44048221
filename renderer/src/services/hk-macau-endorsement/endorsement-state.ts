/**
 * 往来港澳二次签注 as its own state machine: the ID card, 人证核验, the permit (typed on the
 * on-screen keyboard, or scanned), the types the upstream allows, the confirmation with the fee,
 * the submission, the receipt. The permit rule runs here as the citizen enters it, so each bad
 * number gets its own message before anything is sent; the submission id is drawn when the type is
 * picked and kept through a retry, so a retried submission can never apply twice.
 */
import type { EndorsementOptionsView, EndorsementReceiptView, EndorsementType, KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
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
  | { phase: 'confirm'; view: EndorsementOptionsView; entered: string; type: EndorsementType; submissionId: string }
  | { phase: 'submitting'; view: EndorsementOptionsView; entered: string; type: EndorsementType; submissionId: string }
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
  | { type: 'submit' }
  | { type: 'submitted'; op: number; receipt: EndorsementReceiptView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'back' }
  | { type: 'retry' };

export const endorsementStart: EndorsementState = { phase: 'card' };

/** While the terminal works, the inactivity warning holds off. */
export const endorsementWaiting = (state: EndorsementState): boolean => state.phase === 'listing' || state.phase === 'submitting';

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
      return go(model, { phase: 'confirm', view: state.view, entered: state.entered, type: action.endorsement, submissionId: action.submissionId });
    }
    case 'submit':
      return state.phase === 'confirm' ? go(model, { ...state, phase: 'submitting' }) : model;
    case 'submitted':
      return state.phase === 'submitting' ? go(model, { phase: 'receipt', receipt: action.receipt }) : model;
    case 'failed':
      if (state.phase === 'listing' || state.phase === 'scanning') {
        // Typed: the rule passed, so the platform refused it (not this holder's). Scanned: the core's rule refused what was read.
        if (action.code === 'INVALID_PERMIT_NUMBER') return go(model, { phase: 'permit', entered: state.entered, problem: state.phase === 'listing' ? 'not-found' : 'scan-unreadable' });
        return go(model, { phase: 'error', code: action.code, resume: { phase: 'permit', entered: state.entered } });
      }
      // Retrying resumes the same confirmation, with the same submission id: the core applies at most once.
      if (state.phase === 'submitting') return go(model, { phase: 'error', code: action.code, resume: { ...state, phase: 'confirm' } });
      return model;
    case 'back':
      if (state.phase === 'confirm') return go(model, { phase: 'choose', view: state.view, entered: state.entered });
      if (state.phase === 'choose') return go(model, { phase: 'permit', entered: state.entered });
      if (state.phase === 'scanning') return go(model, { phase: 'permit', entered: state.entered });
      return model;
    case 'retry':
      return state.phase === 'error' ? go(model, state.resume) : model;
  }
});
