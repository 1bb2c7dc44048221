/**
 * PIN lockout as pure functions over a small persisted state. After `maxAttempts` wrong PINs the
 * entry locks; each further lockout (without a correct PIN in between) lasts twice as long, so a
 * 6-digit PIN cannot be walked through even by someone with days at the terminal.
 */
export interface LockoutPolicy {
  maxAttempts: number;
  baseLockoutMs: number;
  maxLockoutMs: number;
}

export interface LockoutState {
  /** Wrong PINs since the last lockout or success. */
  failures: number;
  /** Lockouts since the last success: the escalation step. */
  lockouts: number;
  /** Epoch ms until which entry is refused; null when not locked. */
  lockedUntil: number | null;
}

export const INITIAL_LOCKOUT: LockoutState = { failures: 0, lockouts: 0, lockedUntil: null };

export type LockoutStatus =
  | { locked: false; remainingAttempts: number }
  | { locked: true; retryAt: number; retryInMs: number };

export function lockoutDurationMs(lockouts: number, policy: LockoutPolicy): number {
  const doubled = policy.baseLockoutMs * 2 ** Math.max(0, lockouts - 1);
  return Math.min(doubled, policy.maxLockoutMs);
}

export function lockoutStatus(state: LockoutState, policy: LockoutPolicy, now: number): LockoutStatus {
  if (state.lockedUntil !== null && now < state.lockedUntil) {
    // A clock set back (RTC battery, NTP step) must not stretch a lockout beyond its longest length.
    const retryAt = Math.min(state.lockedUntil, now + policy.maxLockoutMs);
    return { locked: true, retryAt, retryInMs: retryAt - now };
  }
  return { locked: false, remainingAttempts: Math.max(0, policy.maxAttempts - state.failures) };
}

/** A wrong PIN. Ignored while locked (attempts are refused before they are checked). */
export function recordFailure(state: LockoutState, policy: LockoutPolicy, now: number): LockoutState {
  if (lockoutStatus(state, policy, now).locked) return state;
  const failures = state.failures + 1;
  if (failures < policy.maxAttempts) return { failures, lockouts: state.lockouts, lockedUntil: null };
  const lockouts = state.lockouts + 1;
  return { failures: 0, lockouts, lockedUntil: now + lockoutDurationMs(lockouts, policy) };
}

export function recordSuccess(): LockoutState {
  return { ...INITIAL_LOCKOUT };
}
