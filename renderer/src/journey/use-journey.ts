/**
 * Wires the pure journey reducer to the KioskApi: starts the call each waiting state stands for,
 * cancels it when the journey moves on first, and feeds core events into the reducer.
 */
import { useEffect, useReducer, useRef, type Dispatch } from 'react';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { initialJourney, journeyReducer, type JourneyAction, type JourneyModel } from './journey-state.ts';
import { startStep } from './steps.ts';

export function useJourney(api: KioskApi): [JourneyModel, Dispatch<JourneyAction>] {
  const [model, dispatch] = useReducer(journeyReducer, initialJourney);
  const latest = useRef(model);
  latest.current = model;

  // One step per op: a re-render with the same op must not repeat a call.
  useEffect(() => {
    const step = startStep(latest.current, api);
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
    return offEnded;
  }, [api]);

  return [model, dispatch];
}
