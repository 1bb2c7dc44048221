/**
 * What every maintenance screen needs: the API, and one way to make a call. A call answered
 * UNAUTHORIZED means the staff session is gone (timed out, or the core restarted): maintenance
 * mode closes rather than show a screen that can do nothing.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { KioskApi, KioskErrorCode } from '../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../api/call-error.ts';

export interface MaintenanceContextValue {
  api: KioskApi;
  sessionLost(): void;
}

export const MaintenanceContext = createContext<MaintenanceContextValue | null>(null);

export type CallOutcome<T> = { ok: true; value: T } | { ok: false; code: KioskErrorCode };

function useMaintenanceContext(): MaintenanceContextValue {
  const value = useContext(MaintenanceContext);
  if (value === null) throw new Error('maintenance screen outside <MaintenanceContext.Provider>');
  return value;
}

/** Returns `call(fn)`: runs fn(api), maps failures to an error code, handles a lost session. */
export function useMaintenanceCall(): <T>(fn: (api: KioskApi) => Promise<T>) => Promise<CallOutcome<T>> {
  const { api, sessionLost } = useMaintenanceContext();
  return useCallback(
    async <T,>(fn: (api: KioskApi) => Promise<T>): Promise<CallOutcome<T>> => {
      try {
        return { ok: true, value: await fn(api) };
      } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'UNAUTHORIZED') sessionLost();
        return { ok: false, code };
      }
    },
    [api, sessionLost],
  );
}

export interface Loaded<T> {
  data: T | null;
  error: KioskErrorCode | null;
  loading: boolean;
  reload(): void;
}

/** Loads once on mount and on reload(); a late answer for an unmounted screen is dropped. */
export function useMaintenanceLoad<T>(fn: (api: KioskApi) => Promise<T>): Loaded<T> {
  const call = useMaintenanceCall();
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void call(fnRef.current).then((outcome) => {
      if (!live) return;
      setState(outcome.ok ? { data: outcome.value, error: null, loading: false } : (s) => ({ ...s, error: outcome.code, loading: false }));
    });
    return () => {
      live = false;
    };
  }, [call, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
