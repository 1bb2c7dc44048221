/**
 * The one retry rule of the project, for the core (outbox deliveries, device reopening) and the
 * screen (reconnecting to the core). Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * the wait before retry n is uniform in [0, min(cap, base * 2^(n-1))]. Full jitter spreads the
 * retries of many kiosks after a shared outage instead of having them return in lock-step.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

/** The largest wait before retry `failures` (1 = after the first failure). */
export function backoffCeiling(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

export function fullJitterDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(failures, policy));
}
