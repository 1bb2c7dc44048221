/**
 * 证件照 (police tile): ID card → camera with a framing guide → preview (retake or use) →
 * upload for the upstream's checks → receipt number (print, rate, finish). The photo exists only
 * in these states: leaving the service drops it.
 */
import type { IdPhotoResult, KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';

export type PhotoState =
  | { phase: 'card' }
  | { phase: 'camera' }
  | { phase: 'noCamera'; reason: 'absent' | 'denied' | 'failed' }
  | { phase: 'preview'; photo: string }
  | { phase: 'uploading'; photo: string; submissionId: string }
  | { phase: 'result'; result: IdPhotoResult }
  | { phase: 'error'; code: KioskErrorCode; resume: PhotoState };

export type PhotoAction =
  | { type: 'cardRead' }
  | { type: 'cardFailed'; code: KioskErrorCode }
  | { type: 'captured'; photo: string }
  | { type: 'cameraUnavailable'; reason: 'absent' | 'denied' | 'failed' }
  | { type: 'retake' }
  | { type: 'use'; submissionId: string }
  | { type: 'uploaded'; op: number; result: IdPhotoResult }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'retry' };

export const photoStart: PhotoState = { phase: 'card' };

export const photoReducer = guarded((model: MachineModel<PhotoState>, action: PhotoAction): MachineModel<PhotoState> => {
  const { state } = model;
  switch (action.type) {
    case 'cardRead':
      return state.phase === 'card' ? go(model, { phase: 'camera' }) : model;
    case 'cardFailed':
      return state.phase === 'card' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'card' } }) : model;
    case 'captured':
      return state.phase === 'camera' ? go(model, { phase: 'preview', photo: action.photo }) : model;
    case 'cameraUnavailable':
      return state.phase === 'camera' ? go(model, { phase: 'noCamera', reason: action.reason }) : model;
    case 'retake':
      // A refused photo is retaken too: the checks say what to change.
      return state.phase === 'preview' || state.phase === 'noCamera' || (state.phase === 'result' && !state.result.accepted)
        ? go(model, { phase: 'camera' })
        : model;
    case 'use':
      return state.phase === 'preview' ? go(model, { phase: 'uploading', photo: state.photo, submissionId: action.submissionId }) : model;
    case 'uploaded':
      return state.phase === 'uploading' ? go(model, { phase: 'result', result: action.result }) : model;
    case 'failed':
      // Same submissionId on retry: the core does not file the photo twice.
      return state.phase === 'uploading' ? go(model, { phase: 'error', code: action.code, resume: state }) : model;
    case 'retry':
      return state.phase === 'error' ? go(model, state.resume) : model;
  }
});
