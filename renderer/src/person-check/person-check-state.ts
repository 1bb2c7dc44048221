/**
 * 人证核验 as a state machine: the authorisation page, getting the card photo's descriptor, the
 * camera, the core's judgement, then a retry, a pass or (tries used up) a staff call. The card's
 * descriptor is the only face data kept between steps; every way out of the check (pass, fail,
 * cancel) leaves it behind, and `releaseFaceData` zeroes it first.
 */
import type { KioskErrorCode, PersonCheckPhotoSource, PersonCheckResultView } from '../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../flow/machine.ts';

export type RetryReason = Exclude<PersonCheckResultView['reason'], 'matched'>;

/** What the camera found in one try: a live face's descriptor and liveness, or no usable face. */
export type CameraReport = { kind: 'face'; descriptor: number[]; liveness: number } | { kind: 'no-face' };

export type PersonCheckState =
  | { phase: 'checking' }
  | { phase: 'consent'; photoSource: PersonCheckPhotoSource }
  | { phase: 'preparing' }
  | { phase: 'camera'; cardDescriptor: number[]; triesLeft: number; maxTries: number; testDecoder: boolean }
  | { phase: 'judging'; cardDescriptor: number[]; triesLeft: number; maxTries: number; testDecoder: boolean; report: CameraReport }
  | { phase: 'retry'; cardDescriptor: number[]; triesLeft: number; maxTries: number; testDecoder: boolean; reason: RetryReason }
  | { phase: 'passed' }
  | { phase: 'failed' }
  | { phase: 'noCamera'; reason: 'absent' | 'denied' | 'failed' }
  | { phase: 'error'; code: KioskErrorCode };

export type PersonCheckAction =
  | { type: 'status'; op: number; required: boolean; decision: 'pending' | 'passed' | 'failed'; photoSource: PersonCheckPhotoSource }
  | { type: 'agree' }
  | { type: 'prepared'; op: number; decision: 'pending' | 'passed' | 'failed'; cardDescriptor: number[]; triesLeft: number; maxTries: number; testDecoder: boolean }
  | { type: 'captured'; report: CameraReport }
  | { type: 'judged'; op: number; result: PersonCheckResultView }
  | { type: 'retry' }
  | { type: 'cameraUnavailable'; reason: 'absent' | 'denied' | 'failed' }
  | { type: 'failed'; op: number; code: KioskErrorCode };

export const personCheckStart: PersonCheckState = { phase: 'checking' };

/** Zeroes a descriptor in place: the array object may still be referenced by an old render. */
export function releaseFaceData(state: PersonCheckState): void {
  if ('cardDescriptor' in state) state.cardDescriptor.fill(0);
  if (state.phase === 'judging' && state.report.kind === 'face') state.report.descriptor.fill(0);
}

/** Leaving a state that held the card's descriptor for one that does not: zero it first. */
const leave = (model: MachineModel<PersonCheckState>, next: PersonCheckState): MachineModel<PersonCheckState> => {
  if (!('cardDescriptor' in next)) releaseFaceData(model.state);
  return go(model, next);
};

/** While the terminal works (models, judging) the inactivity warning holds off. */
export const personCheckWaiting = (state: PersonCheckState): boolean =>
  state.phase === 'checking' || state.phase === 'preparing' || state.phase === 'camera' || state.phase === 'judging';

export const personCheckReducer = guarded(
  (model: MachineModel<PersonCheckState>, action: PersonCheckAction): MachineModel<PersonCheckState> => {
    const { state } = model;
    switch (action.type) {
      case 'status':
        if (state.phase !== 'checking') return model;
        if (!action.required || action.decision === 'passed') return go(model, { phase: 'passed' });
        return go(model, action.decision === 'failed' ? { phase: 'failed' } : { phase: 'consent', photoSource: action.photoSource });
      case 'agree':
        return state.phase === 'consent' || (state.phase === 'error' && state.code !== 'NO_SESSION') ? go(model, { phase: 'preparing' }) : model;
      case 'prepared': {
        if (state.phase !== 'preparing') return model;
        if (action.decision === 'passed') return go(model, { phase: 'passed' });
        if (action.decision === 'failed') return go(model, { phase: 'failed' });
        const { cardDescriptor, triesLeft, maxTries, testDecoder } = action;
        return go(model, { phase: 'camera', cardDescriptor, triesLeft, maxTries, testDecoder });
      }
      case 'captured':
        return state.phase === 'camera' ? go(model, { ...state, phase: 'judging', report: action.report }) : model;
      case 'judged': {
        if (state.phase !== 'judging') return model;
        const { result } = action;
        // The live face was judged: its descriptor goes whatever the decision.
        if (state.report.kind === 'face') state.report.descriptor.fill(0);
        if (result.decision === 'passed') return leave(model, { phase: 'passed' });
        if (result.decision === 'failed' || result.reason === 'matched') return leave(model, { phase: 'failed' });
        const { cardDescriptor, maxTries, testDecoder } = state;
        return go(model, { phase: 'retry', cardDescriptor, triesLeft: result.triesLeft, maxTries, testDecoder, reason: result.reason });
      }
      case 'retry':
        return state.phase === 'retry'
          ? go(model, { phase: 'camera', cardDescriptor: state.cardDescriptor, triesLeft: state.triesLeft, maxTries: state.maxTries, testDecoder: state.testDecoder })
          : model;
      case 'cameraUnavailable':
        return state.phase === 'camera' ? leave(model, { phase: 'noCamera', reason: action.reason }) : model;
      case 'failed':
        return state.phase === 'checking' || state.phase === 'preparing' || state.phase === 'judging'
          ? leave(model, { phase: 'error', code: action.code })
          : model;
    }
  },
);
