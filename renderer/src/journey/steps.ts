/**
 * The KioskApi call each waiting state stands for. The reducer stays pure; this runs the call
 * and turns its outcome into the action that moves the journey on, tagged with the op it was
 * started for so a stale outcome is ignored.
 */
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../api/call-error.ts';
import type { RunningStep as FlowStep } from '../flow/machine.ts';
import type { JourneyAction, JourneyModel } from './journey-state.ts';

export type RunningStep = FlowStep<JourneyAction>;

export function startStep(model: JourneyModel, api: KioskApi): RunningStep | null {
  const { state, op } = model;
  const fail = (error: unknown): JourneyAction => ({ type: 'stepFailed', op, code: errorCodeOf(error) });
  const plain = (done: Promise<JourneyAction>): RunningStep => ({ done: done.catch(fail), cancel: () => {} });

  switch (state.screen) {
    case 'starting':
      return plain(api.startSession({}).then((session) => ({ type: 'sessionStarted', op, sessionId: session.sessionId })));
    case 'ending':
      // Whatever the core answers, the renderer's wipe goes ahead.
      return {
        done: api.endSession({ reason: state.reason }).then(
          (): JourneyAction => ({ type: 'sessionClosed', op }),
          (): JourneyAction => ({ type: 'sessionClosed', op }),
        ),
        cancel: () => {},
      };
    default:
      return null;
  }
}

