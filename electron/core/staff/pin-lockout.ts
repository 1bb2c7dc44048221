/**
 * Staff-entry throttling as pure functions over a small persisted state. Two layers, so that a
 * person at the screen can slow staff down but never lock them out for long:
 *
 * - every failed attempt (wrong PIN, unregistered card) makes the next one wait: 1 s, 2 s, 4 s …
 *   up to `delayCapMs`. Guessing a 6-digit PIN at that pace takes years;
 * - only after `longLockoutAfter` failures in a row does the long lockout start (doubling per
 *   lockout up to `maxLockoutMs`, a few hours, never a day). A registered staff card followed by
 *   the PIN still gets in during it (and clears it), and so does a signed `clear-staff-lockout`
 *   fleet command.
 */
export interface LockoutPolicy {
  /** Wait after the first failure; each further failure doubles it. */
  delayBaseMs: number;
  delayCapMs: number;
  /** Failures in a row before the long lockout. */
  longLockoutAfter: number;
  /** The first long lockout; each further one doubles it. */
  baseLockoutMs: number;
  maxLockoutMs: number;
}

export interface LockoutState {
  /** Failures since the last long lockout or success. */
  failures: number;
  /** Long lockouts since the last success: the escalation step. */
  lockouts: number;
  /** Epoch ms until which entry is refused (long lockout); null when not locked. */
  lockedUntil: number | null;
  /** Epoch ms before which the next attempt is refused (growing delay); null when none. */
  nextAttemptAt?: number | null;
}

export const INITIAL_LOCKOUT: LockoutState = { failures: 0, lockouts: 0, lockedUntil: null, nextAttemptAt: null };

export type LockoutStatus =
  | { locked: false; remainingAttempts: number }
  | { locked: true; long: boolean; retryAt: number; retryInMs: number };

/** The wait after the n-th failure in a row (n ≥ 1). */
export function attemptDelayMs(failures: number, policy: LockoutPolicy): number {
  if (failures <= 0) return 0;
  return Math.min(policy.delayBaseMs * 2 ** Math.min(30, failures - 1), policy.delayCapMs);
}

export function lockoutDurationMs(lockouts: number, policy: LockoutPolicy): number {
  const doubled = policy.baseLockoutMs * 2 ** Math.min(30, Math.max(0, lockouts - 1));
  return Math.min(doubled, policy.maxLockoutMs);
}

export function lockoutStatus(state: LockoutState, policy: LockoutPolicy, now: number): LockoutStatus {
  // A clock set back (RTC battery, NTP step) must not stretch a wait beyond its longest length.
  if (state.lockedUntil !== null && now < state.lockedUntil) {
    const retryAt = Math.min(state.lockedUntil, now + policy.maxLockoutMs);
    return { locked: true, long: true, retryAt, retryInMs: retryAt - now };
  }
  const next = state.nextAttemptAt ?? null;
  if (next !== null && now < next) {
    const retryAt = Math.min(next, now + policy.delayCapMs);
    return { locked: true, long: false, retryAt, retryInMs: retryAt - now };
  }
  return { locked: false, remainingAttempts: Math.max(0, policy.longLockoutAfter - state.failures) };
}

/**
 * A failed attempt. Ignored while a wait is running (attempts are refused before they are
 * checked). A long lockout that has run out starts the count again, keeping the escalation.
 */
export function recordFailure(state: LockoutState, policy: LockoutPolicy, now: number): LockoutState {
  if (lockoutStatus(state, policy, now).locked) return state;
  const expired = state.lockedUntil !== null;
  const failures = (expired ? 0 : state.failures) + 1;
  if (failures < policy.longLockoutAfter) {
    return { failures, lockouts: state.lockouts, lockedUntil: null, nextAttemptAt: now + attemptDelayMs(failures, policy) };
  }
  const lockouts = state.lockouts + 1;
  return { failures: 0, lockouts, lockedUntil: now + lockoutDurationMs(lockouts, policy), nextAttemptAt: null };
}

/** A success, or a lockout cleared by the fleet or by staff card + PIN. */
export function recordSuccess(): LockoutState {
  return { ...INITIAL_LOCKOUT };
}
