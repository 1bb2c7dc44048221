/**
 * Wires the pure journey reducer to the KioskApi: starts the call each waiting state stands for,
 * cancels it when the journey moves on first, and feeds core events into the reducer.
 */
import { useEffect, useReducer, useRef, type Dispatch } from 'react';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { initialJourney, journeyReducer, type JourneyAction, type JourneyModel } from './journey-state.ts';
import { startStep, type StepConfig } from './steps.ts';

export function useJourney(api: KioskApi, config: StepConfig): [JourneyModel, Dispatch<JourneyAction>] {
  const [model, dispatch] = useReducer(journeyReducer, initialJourney);
  const latest = useRef({ model, config });
  latest.current = { model, config };

  // One step per op: a re-render with the same op must not repeat a call.
  useEffect(() => {
    const step = startStep(latest.current.model, api, latest.current.config);
    if (step === null) return undefined;
    let current = true;
    void step.done.then((action) => {
      if (current) dispatch(action);
    });
    return () => {
      current = false;
      step.cancel();
    };
  }, [api, model.op]);

  useEffect(() => {
    const offEnded = api.on('sessionEnded', (payload) =>
      dispatch({ type: 'sessionEndedByCore', sessionId: payload.sessionId }),
    );
    const offDevice = api.on('deviceStatus', (status) => {
      // The reader is 'busy' while merely polling; only the flag says a card is actually there.
      if (status.device === 'idCard' && status.flags.includes('card-present')) {
        dispatch({ type: 'cardPresent' });
      }
    });
    return () => {
      offEnded();
      offDevice();
    };
  }, [api]);

  return [model, dispatch];
}
