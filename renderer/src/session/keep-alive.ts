/**
 * The core ends a session on its own (backstop) when no API call arrives for a while, but
 * reading a long record or paging a list calls nothing. While the citizen is touching the
 * screen, tell the core at most once per interval; touches themselves stay free.
 */
export interface KeepAliveOptions {
  minIntervalMs: number;
  now(): number;
  send(): void;
}

export interface KeepAlive {
  /** Citizen activity: sends when the last send is at least minIntervalMs old. */
  activity(): void;
  /** Something else just reached the core (session start, Continue): restart the interval. */
  sentNow(): void;
}

export function createKeepAlive(options: KeepAliveOptions): KeepAlive {
  let lastSent = options.now();
  return {
    activity() {
      const now = options.now();
      if (now - lastSent < options.minIntervalMs) return;
      lastSent = now;
      options.send();
    },
    sentNow() {
      lastSent = options.now();
    },
  };
}
