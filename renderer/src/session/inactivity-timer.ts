/**
 * Session inactivity: after `inactivitySeconds` without a touch or key the citizen is warned,
 * with a countdown of `warningSeconds`; only an explicit "Continue" clears the warning (a stray
 * touch on the overlay does not), and at zero the session expires.
 *
 * Time is read from an injected clock and the countdown is derived from timestamps, not from
 * counting ticks, so late timer callbacks (a busy main thread) cannot stretch the session.
 * Activity only records a timestamp: touches and key presses never churn timers.
 */
export type InactivityState =
  | { phase: 'stopped' }
  | { phase: 'watching' }
  /** A step the citizen is waiting on (query, print) is in flight: no warning meanwhile. */
  | { phase: 'paused' }
  | { phase: 'warning'; secondsLeft: number }
  | { phase: 'expired' };

export interface InactivityClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface InactivityTimerOptions {
  inactivitySeconds: number;
  warningSeconds: number;
  clock: InactivityClock;
  /** Every phase change and every countdown second. */
  onChange?(state: InactivityState): void;
  onExpire(): void;
}

export interface InactivityTimer {
  readonly state: InactivityState;
  /** Start watching from now (a session began). */
  start(): void;
  /** The session is over: cancel everything. */
  stop(): void;
  /** A touch or key press. Ignored while the warning shows. */
  activity(): void;
  /** The citizen confirmed on the warning: watch again from now. */
  continue(): void;
  pause(): void;
  /** The awaited step finished: counts as activity. */
  resume(): void;
}

export function createInactivityTimer(options: InactivityTimerOptions): InactivityTimer {
  const { clock } = options;
  const inactivityMs = Math.max(1, options.inactivitySeconds) * 1000;
  const warningMs = Math.max(0, options.warningSeconds) * 1000;

  let state: InactivityState = { phase: 'stopped' };
  let lastActivity = 0;
  let handle: unknown = null;

  const setState = (next: InactivityState): void => {
    state = next;
    options.onChange?.(next);
  };

  const clear = (): void => {
    if (handle !== null) clock.clearTimeout(handle);
    handle = null;
  };

  const schedule = (at: number, callback: () => void): void => {
    clear();
    handle = clock.setTimeout(
      () => {
        handle = null;
        callback();
      },
      Math.max(0, at - clock.now()),
    );
  };

  const watchFromNow = (): void => {
    lastActivity = clock.now();
    setState({ phase: 'watching' });
    schedule(lastActivity + inactivityMs, checkIdle);
  };

  const checkIdle = (): void => {
    if (state.phase !== 'watching') return;
    const warnAt = lastActivity + inactivityMs;
    if (clock.now() < warnAt) {
      schedule(warnAt, checkIdle); // touched since this timer was set
      return;
    }
    tick(warnAt);
  };

  const tick = (warnedAt: number): void => {
    const remainingMs = warnedAt + warningMs - clock.now();
    if (remainingMs <= 0) {
      clear();
      setState({ phase: 'expired' });
      options.onExpire();
      return;
    }
    const secondsLeft = Math.ceil(remainingMs / 1000);
    if (state.phase !== 'warning' || state.secondsLeft !== secondsLeft) setState({ phase: 'warning', secondsLeft });
    // Next whole-second boundary of the countdown (or its end).
    const nextAt = warnedAt + warningMs - (secondsLeft - 1) * 1000;
    schedule(nextAt, () => tick(warnedAt));
  };

  return {
    get state() {
      return state;
    },
    start: watchFromNow,
    stop() {
      clear();
      if (state.phase !== 'stopped') setState({ phase: 'stopped' });
    },
    activity() {
      if (state.phase === 'watching') lastActivity = clock.now();
    },
    continue() {
      if (state.phase === 'warning' || state.phase === 'watching') watchFromNow();
    },
    pause() {
      if (state.phase === 'stopped' || state.phase === 'expired' || state.phase === 'paused') return;
      clear();
      setState({ phase: 'paused' });
    },
    resume() {
      if (state.phase === 'paused') watchFromNow();
    },
  };
}
