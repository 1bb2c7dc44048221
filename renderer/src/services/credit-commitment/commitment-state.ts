/**
 * 信用承诺: ID card → matter list → the text (read, tick "I commit") → signature → submit
 * through the outbox → acceptance receipt (print, rate, finish).
 */
import type {
  CommitmentMatter,
  CommitmentMatterSummary,
  KioskErrorCode,
  SubmissionReceiptView,
} from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';

export type CommitmentState =
  | { phase: 'card' }
  | { phase: 'listing' }
  | { phase: 'list'; matters: CommitmentMatterSummary[] }
  | { phase: 'opening'; matterId: string; matters: CommitmentMatterSummary[] }
  | { phase: 'text'; matter: CommitmentMatter; agreed: boolean; matters: CommitmentMatterSummary[] }
  | { phase: 'signing'; matter: CommitmentMatter; matters: CommitmentMatterSummary[] }
  | { phase: 'submitting'; matter: CommitmentMatter; submissionId: string; signaturePng: string | null; matters: CommitmentMatterSummary[] }
  | { phase: 'receipt'; receipt: SubmissionReceiptView }
  | { phase: 'error'; code: KioskErrorCode; resume: CommitmentState | null };

export type CommitmentAction =
  | { type: 'cardRead' }
  | { type: 'cardFailed'; code: KioskErrorCode }
  | { type: 'listed'; op: number; matters: CommitmentMatterSummary[] }
  | { type: 'open'; matterId: string }
  | { type: 'opened'; op: number; matter: CommitmentMatter }
  | { type: 'agree'; agreed: boolean }
  | { type: 'toSign' }
  | { type: 'sign'; submissionId: string; signaturePng: string | null }
  | { type: 'submitted'; op: number; receipt: SubmissionReceiptView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'back' }
  | { type: 'retry' };

export const commitmentStart: CommitmentState = { phase: 'card' };

export const commitmentReducer = guarded((model: MachineModel<CommitmentState>, action: CommitmentAction): MachineModel<CommitmentState> => {
  const { state } = model;
  switch (action.type) {
    case 'cardRead':
      return state.phase === 'card' ? go(model, { phase: 'listing' }) : model;
    case 'cardFailed':
      return state.phase === 'card' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'card' } }) : model;
    case 'listed':
      return state.phase === 'listing' ? go(model, { phase: 'list', matters: action.matters }) : model;
    case 'open':
      return state.phase === 'list' ? go(model, { phase: 'opening', matterId: action.matterId, matters: state.matters }) : model;
    case 'opened':
      return state.phase === 'opening' ? go(model, { phase: 'text', matter: action.matter, agreed: false, matters: state.matters }) : model;
    case 'agree':
      return state.phase === 'text' ? go(model, { ...state, agreed: action.agreed }) : model;
    case 'toSign':
      // A matter without a signature is submitted straight from the text ('sign' with no image).
      return state.phase === 'text' && state.agreed && state.matter.signatureRequired
        ? go(model, { phase: 'signing', matter: state.matter, matters: state.matters })
        : model;
    case 'sign':
      if (state.phase === 'text' && state.agreed && !state.matter.signatureRequired) {
        return go(model, { phase: 'submitting', matter: state.matter, submissionId: action.submissionId, signaturePng: null, matters: state.matters });
      }
      if (state.phase !== 'signing' || (state.matter.signatureRequired && action.signaturePng === null)) return model;
      return go(model, { phase: 'submitting', matter: state.matter, submissionId: action.submissionId, signaturePng: action.signaturePng, matters: state.matters });
    case 'submitted':
      return state.phase === 'submitting' ? go(model, { phase: 'receipt', receipt: action.receipt }) : model;
    case 'failed':
      return failed(model, action.code);
    case 'back':
      if (state.phase === 'text') return go(model, { phase: 'list', matters: state.matters });
      if (state.phase === 'signing') return go(model, { phase: 'text', matter: state.matter, agreed: true, matters: state.matters });
      return model;
    case 'retry':
      return state.phase === 'error' && state.resume !== null ? go(model, state.resume) : model;
  }
});

function failed(model: MachineModel<CommitmentState>, code: KioskErrorCode): MachineModel<CommitmentState> {
  const { state } = model;
  switch (state.phase) {
    case 'listing':
      return go(model, { phase: 'error', code, resume: state });
    case 'opening':
      return go(model, { phase: 'error', code, resume: state });
    case 'submitting':
      // The text changed while the citizen read it: show the new version (a fresh read and signature).
      if (code === 'CONTENT_CHANGED') return go(model, { phase: 'error', code, resume: { phase: 'opening', matterId: state.matter.matterId, matters: state.matters } });
      // Same submissionId on retry: the core returns the first receipt instead of filing twice.
      return go(model, { phase: 'error', code, resume: state });
    default:
      return model;
  }
}
