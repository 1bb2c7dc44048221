/**
 * The pattern every journey follows, as small reusable pieces: a model is a state plus an `op`
 * number; every transition starts a new op; a state that awaits a KioskApi call has a step that
 * runs the call for that op; an outcome tagged with an older op (the citizen moved on, the
 * session ended) is dropped. Reducers stay pure and testable without React or a core.
 */
import { useEffect, useReducer, useRef, type Dispatch } from 'react';

export interface MachineModel<S> {
  readonly state: S;
  readonly op: number;
}

export interface RunningStep<A> {
  readonly done: Promise<A>;
  /** The journey moved on before the call settled. */
  cancel(): void;
}

export const machine = <S>(state: S): MachineModel<S> => ({ state, op: 0 });

/** Move to `state`, starting a new op (outcomes of the previous one are now stale). */
export const go = <S>(model: MachineModel<S>, state: S): MachineModel<S> => ({ state, op: model.op + 1 });

/** Wraps a reducer so that an action carrying a stale `op` changes nothing. */
export function guarded<S, A>(reducer: (model: MachineModel<S>, action: A) => MachineModel<S>) {
  return (model: MachineModel<S>, action: A): MachineModel<S> => {
    const op = (action as { op?: unknown }).op;
    if (typeof op === 'number' && op !== model.op) return model;
    return reducer(model, action);
  };
}

/** A step that only awaits one promise (no cancellation needed). */
export const plain = <A>(done: Promise<A>): RunningStep<A> => ({ done, cancel: () => {} });

/**
 * Runs a guarded reducer and, for each op, the step its state stands for. A re-render with the
 * same op never repeats a call; leaving the state cancels the step.
 */
export function useStepMachine<M extends { readonly op: number }, A>(
  reducer: (model: M, action: A) => M,
  initial: M,
  runStep: (model: M) => RunningStep<A> | null,
): [M, Dispatch<A>] {
  const [model, dispatch] = useReducer(reducer, initial);
  const latest = useRef({ model, runStep });
  latest.current = { model, runStep };
  useEffect(() => {
    const step = latest.current.runStep(latest.current.model);
    if (step === null) return undefined;
    let current = true;
    void step.done.then((action) => {
      if (current) dispatch(action);
    });
    return () => {
      current = false;
      step.cancel();
    };
  }, [model.op]);
  return [model, dispatch];
}
