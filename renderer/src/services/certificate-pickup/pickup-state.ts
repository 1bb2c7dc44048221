/**
 * 自助取证 as its own state machine: the ID card, 人证核验, the waiting certificates, the pick,
 * the hand-out at the dispenser's mouth, its outcome. The list of certificates lives only in the
 * states that show it.
 */
import type { CertificateHandOutView, KioskErrorCode, WaitingCertificatesView } from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';

export type PickupState =
  | { phase: 'card' }
  | { phase: 'verifying' }
  | { phase: 'listing' }
  | { phase: 'choose'; view: WaitingCertificatesView }
  | { phase: 'dispensing'; view: WaitingCertificatesView; certificateId: string }
  | { phase: 'outcome'; view: WaitingCertificatesView; result: CertificateHandOutView }
  | { phase: 'error'; code: KioskErrorCode; resume: PickupState };

export type PickupAction =
  | { type: 'cardRead' }
  | { type: 'cardFailed'; code: KioskErrorCode }
  | { type: 'verified' }
  | { type: 'verifyFailed'; code: KioskErrorCode }
  | { type: 'loaded'; op: number; view: WaitingCertificatesView }
  | { type: 'pick'; certificateId: string }
  | { type: 'handed'; op: number; result: CertificateHandOutView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'another' }
  | { type: 'retry' };

export const pickupStart: PickupState = { phase: 'card' };

/** While the terminal works (listing, the card on its way), the inactivity warning holds off. */
export const pickupWaiting = (state: PickupState): boolean => state.phase === 'listing' || state.phase === 'dispensing';

export const pickupReducer = guarded((model: MachineModel<PickupState>, action: PickupAction): MachineModel<PickupState> => {
  const { state } = model;
  switch (action.type) {
    case 'cardRead':
      return state.phase === 'card' ? go(model, { phase: 'verifying' }) : model;
    case 'cardFailed':
      return state.phase === 'card' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'card' } }) : model;
    case 'verified':
      return state.phase === 'verifying' ? go(model, { phase: 'listing' }) : model;
    case 'verifyFailed':
      return state.phase === 'verifying' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'verifying' } }) : model;
    case 'loaded':
      return state.phase === 'listing' ? go(model, { phase: 'choose', view: action.view }) : model;
    case 'pick':
      return state.phase === 'choose' && state.view.certificates.some((c) => c.certificateId === action.certificateId)
        ? go(model, { phase: 'dispensing', view: state.view, certificateId: action.certificateId })
        : model;
    case 'handed':
      return state.phase === 'dispensing' ? go(model, { phase: 'outcome', view: state.view, result: action.result }) : model;
    case 'failed':
      if (state.phase === 'listing') return go(model, { phase: 'error', code: action.code, resume: { phase: 'listing' } });
      // The hand-out's outcome is unknown to the screen: list again rather than repeat it.
      if (state.phase === 'dispensing') return go(model, { phase: 'error', code: action.code, resume: { phase: 'listing' } });
      return model;
    case 'another':
      return state.phase === 'outcome' ? go(model, { phase: 'listing' }) : model;
    case 'retry':
      return state.phase === 'error' ? go(model, state.resume) : model;
  }
});
