/**
 * Wires the pure journey reducer to the KioskApi with the same step machine every service uses
 * (flow/machine.ts): the call each waiting state stands for, cancelled when the journey moves on
 * first; and feeds the core's sessionEnded into the reducer.
 */
import { useEffect, type Dispatch } from 'react';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { useStepMachine } from '../flow/machine.ts';
import { initialJourney, journeyReducer, type JourneyAction, type JourneyModel } from './journey-state.ts';
import { startStep } from './steps.ts';

export function useJourney(api: KioskApi): [JourneyModel, Dispatch<JourneyAction>] {
  const [model, dispatch] = useStepMachine(journeyReducer, initialJourney, (current: JourneyModel) => startStep(current, api));

  useEffect(() => api.on('sessionEnded', (payload) => dispatch({ type: 'sessionEndedByCore', sessionId: payload.sessionId })), [api, dispatch]);

  return [model, dispatch];
}
