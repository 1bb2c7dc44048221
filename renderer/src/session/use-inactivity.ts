/**
 * Runs the inactivity timer while `watching` is true, counts every touch or key press on the
 * page as activity (and keeps the core's session alive meanwhile), and exposes the warning
 * countdown for the modal.
 */
import { useEffect, useRef, useState } from 'react';
import { createInactivityTimer, type InactivityState, type InactivityTimer } from './inactivity-timer.ts';
import { createKeepAlive, type KeepAlive } from './keep-alive.ts';

const browserClock = {
  now: () => performance.now(),
  setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
};

export interface InactivityOptions {
  watching: boolean;
  paused: boolean;
  inactivitySeconds: number;
  warningSeconds: number;
  onExpire(): void;
  /** Ask the core to extend the session (Continue, and throttled while the citizen is active). */
  extend(): void;
}

export interface Inactivity {
  /** The timer's phase, on the app's root as `data-idle` (tests wait for 'watching' before moving the clock). */
  phase: InactivityState['phase'];
  /** Seconds left on the warning, or null when no warning shows. */
  warningSecondsLeft: number | null;
  continueSession(): void;
}

export function useInactivity(options: InactivityOptions): Inactivity {
  const { watching, paused, inactivitySeconds, warningSeconds } = options;
  const [state, setState] = useState<InactivityState>({ phase: 'stopped' });
  const timerRef = useRef<InactivityTimer | null>(null);
  const keepAliveRef = useRef<KeepAlive | null>(null);
  const callbacks = useRef(options);
  callbacks.current = options;

  useEffect(() => {
    if (!watching) return undefined;
    const timer = createInactivityTimer({
      inactivitySeconds,
      warningSeconds,
      clock: browserClock,
      onChange: setState,
      onExpire: () => callbacks.current.onExpire(),
    });
    // Half the inactivity period: the core's backstop (inactivity + warning + grace) never fires
    // while someone is using the screen.
    const keepAlive = createKeepAlive({
      minIntervalMs: (inactivitySeconds * 1000) / 2,
      now: browserClock.now,
      send: () => callbacks.current.extend(),
    });
    timerRef.current = timer;
    keepAliveRef.current = keepAlive;
    timer.start();
    const activity = (): void => {
      if (timer.state.phase !== 'watching') return;
      timer.activity();
      keepAlive.activity();
    };
    window.addEventListener('pointerdown', activity, true);
    window.addEventListener('keydown', activity, true);
    return () => {
      window.removeEventListener('pointerdown', activity, true);
      window.removeEventListener('keydown', activity, true);
      timer.stop();
      timerRef.current = null;
      keepAliveRef.current = null;
      setState({ phase: 'stopped' });
    };
  }, [watching, inactivitySeconds, warningSeconds]);

  useEffect(() => {
    if (paused) timerRef.current?.pause();
    else timerRef.current?.resume();
  }, [paused, watching]);

  return {
    phase: state.phase,
    warningSecondsLeft: state.phase === 'warning' ? state.secondsLeft : null,
    continueSession: () => {
      timerRef.current?.continue();
      keepAliveRef.current?.sentNow();
      callbacks.current.extend();
    },
  };
}
