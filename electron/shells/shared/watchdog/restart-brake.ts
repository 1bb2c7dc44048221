/**
 * The restart brake: at most `maxRestarts` unplanned restarts within a sliding `windowMs`. A crash
 * loop must end in a clear out-of-service state, not a terminal flickering forever (and an SSD
 * worn out by logs). Planned restarts (daily, fleet command) are not counted.
 */
export interface RestartBrakePolicy {
  maxRestarts: number;
  windowMs: number;
}

/** Restart times still inside the window. */
export function recentRestarts(history: readonly number[], policy: RestartBrakePolicy, now: number): number[] {
  return history.filter((at) => now - at < policy.windowMs);
}

export function mayRestart(history: readonly number[], policy: RestartBrakePolicy, now: number): boolean {
  return recentRestarts(history, policy, now).length < policy.maxRestarts;
}

export class RestartBrake {
  readonly #policy: RestartBrakePolicy;
  #history: number[] = [];

  constructor(policy: RestartBrakePolicy) {
    this.#policy = policy;
  }

  /** Records and allows a restart, or refuses it (brake engaged) without recording. */
  tryRestart(now: number): boolean {
    this.#history = recentRestarts(this.#history, this.#policy, now);
    if (this.#history.length >= this.#policy.maxRestarts) return false;
    this.#history.push(now);
    return true;
  }

  count(now: number): number {
    return recentRestarts(this.#history, this.#policy, now).length;
  }

  reset(): void {
    this.#history = [];
  }
}

/** Config minutes → policy. */
export function brakePolicyFrom(watchdog: { maxRestarts: number; restartWindowMinutes: number }): RestartBrakePolicy {
  return { maxRestarts: watchdog.maxRestarts, windowMs: watchdog.restartWindowMinutes * 60_000 };
}
