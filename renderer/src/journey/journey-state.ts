/**
 * The citizen's session as one explicit state machine: attract → start → home → a service →
 * end. Each service is its own machine (renderer/src/services/<service>), mounted in the
 * 'service' state; its personal data lives there, so every transition away from it (home,
 * finish, inactivity, a session ended by the core) unmounts it and drops the data.
 *
 * States that await a KioskApi call carry the model's `op` number; a result tagged with an older
 * op (a start the citizen backed out of, an end that outlived its session) is ignored.
 */
import type { KioskErrorCode } from '../../../electron/contract/kiosk-api.ts';
import type { SessionEndReason } from '../../../electron/contract/schemas.ts';
import { hasJourney } from '../services/service-ids.ts';

/** Which step failed: decides what "retry" does. */
export type FailedStep = 'session' | 'service';

export type JourneyState =
  | { screen: 'attract' }
  | { screen: 'starting' }
  | { screen: 'home' }
  /** Any other service: its own machine (renderer/src/services) holds its state and data. */
  | { screen: 'service'; serviceId: string }
  | { screen: 'ending'; reason: SessionEndReason }
  | { screen: 'done' }
  | { screen: 'error'; code: KioskErrorCode; step: FailedStep };

export type JourneyScreen = JourneyState['screen'];

export interface JourneyModel {
  readonly state: JourneyState;
  /** Not personal: lets a late `sessionEnded` for an earlier session be told apart. */
  readonly sessionId: string | null;
  readonly op: number;
}

export type JourneyAction =
  | { type: 'touchToStart' }
  | { type: 'sessionStarted'; op: number; sessionId: string }
  | { type: 'openService'; serviceId: string }
  /** From one service straight to another (a guide's "do it here", personal → enterprise credit). */
  | { type: 'switchService'; serviceId: string }
  /** A service lost its footing (the core's session is gone): it cannot handle that itself. */
  | { type: 'serviceFailed'; code: KioskErrorCode }
  | { type: 'stepFailed'; op: number; code: KioskErrorCode }
  | { type: 'retry' }
  | { type: 'goHome' }
  | { type: 'endSession'; reason: SessionEndReason }
  | { type: 'sessionClosed'; op: number }
  | { type: 'sessionEndedByCore'; sessionId: string }
  | { type: 'reset' };

export const initialJourney: JourneyModel = { state: { screen: 'attract' }, sessionId: null, op: 0 };

/** Errors after which retrying the same step cannot help. */
const NOT_RETRYABLE: ReadonlySet<KioskErrorCode> = new Set([
  'NO_SESSION',
  'UPSTREAM_REJECTED',
  'UNAUTHORIZED',
  'INVALID_REQUEST',
  'NOT_FOUND',
]);

export const canRetry = (state: JourneyState): boolean =>
  state.screen === 'error' && state.step !== 'service' && !NOT_RETRYABLE.has(state.code);

/** Screens a citizen may walk away from: the inactivity timer runs on these. */
export const watchesInactivity = (state: JourneyState): boolean =>
  !['attract', 'starting', 'ending', 'done'].includes(state.screen);

const wiped = (op: number): JourneyModel => ({ state: { screen: 'attract' }, sessionId: null, op: op + 1 });
const to = (model: JourneyModel, state: JourneyState, newOp = false): JourneyModel => ({
  ...model,
  state,
  op: newOp ? model.op + 1 : model.op,
});

export function journeyReducer(model: JourneyModel, action: JourneyAction): JourneyModel {
  const { state } = model;
  // A result for a step that is no longer current changes nothing.
  if ('op' in action && action.op !== model.op) return model;

  switch (action.type) {
    case 'touchToStart':
      return state.screen === 'attract' ? to(model, { screen: 'starting' }, true) : model;
    case 'sessionStarted':
      return state.screen === 'starting'
        ? { state: { screen: 'home' }, sessionId: action.sessionId, op: model.op + 1 }
        : model;
    case 'openService':
      return state.screen === 'home' && hasJourney(action.serviceId) ? to(model, { screen: 'service', serviceId: action.serviceId }, true) : model;
    case 'switchService':
      return state.screen === 'service' && hasJourney(action.serviceId) ? to(model, { screen: 'service', serviceId: action.serviceId }, true) : model;
    case 'serviceFailed':
      return state.screen === 'service' ? failed(model, action.code) : model;
    case 'stepFailed':
      return failed(model, action.code);
    case 'retry':
      return retry(model);
    case 'goHome':
      if (state.screen === 'error' && (state.code === 'NO_SESSION' || model.sessionId === null)) return wiped(model.op);
      return watchesInactivity(state) && state.screen !== 'home' ? to(model, { screen: 'home' }, true) : model;
    case 'endSession':
      if (!watchesInactivity(state)) return model;
      // Without a session there is nothing to end in the core: wipe straight away.
      return model.sessionId === null ? wiped(model.op) : to(model, { screen: 'ending', reason: action.reason }, true);
    case 'sessionClosed':
      return state.screen === 'ending' && state.reason === 'completed'
        ? { state: { screen: 'done' }, sessionId: null, op: model.op + 1 }
        : wiped(model.op);
    case 'sessionEndedByCore':
      if (model.sessionId !== null && action.sessionId !== model.sessionId) return model;
      // While starting there is no session of ours to end yet; while ending, our own endSession
      // call finishes the journey (and may show "done").
      return ['attract', 'starting', 'ending', 'done'].includes(state.screen) ? model : wiped(model.op);
    case 'reset':
      return state.screen === 'done' ? wiped(model.op) : model;
  }
}

function failed(model: JourneyModel, code: KioskErrorCode): JourneyModel {
  const { state } = model;
  if (state.screen === 'ending') return wiped(model.op); // the local wipe does not depend on the core
  if (code === 'NO_SESSION') {
    // The core no longer holds a session: nothing personal may stay, nothing can be retried.
    return { state: { screen: 'error', code, step: 'session' }, sessionId: null, op: model.op + 1 };
  }
  switch (state.screen) {
    case 'starting':
      return to(model, { screen: 'error', code, step: 'session' }, true);
    case 'service':
      return to(model, { screen: 'error', code, step: 'service' }, true);
    default:
      return model;
  }
}

function retry(model: JourneyModel): JourneyModel {
  const { state } = model;
  if (state.screen !== 'error' || !canRetry(state)) return model;
  // A failed service retries inside its own journey; only starting the session is the shell's.
  return state.step === 'session' ? to(model, { screen: 'starting' }, true) : model;
}
