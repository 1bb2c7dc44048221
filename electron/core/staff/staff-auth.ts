/**
 * Staff PIN entry: the hashed PIN and the lockout state, kept together in one file in the data
 * directory (mode 0600) so a restart does not reset the lockout. Attempts are checked one at a
 * time: two taps racing through a slow scrypt must not both get past the attempt limit. A staff
 * card (staff-cards.ts) is checked here too, against the same throttle (pin-lockout.ts): a card
 * that is not registered counts like a wrong PIN. A registered card is only the first factor: the
 * PIN must follow (attemptCardPin). Card + PIN gets in even during a long lockout, and clears it,
 * so a person at the screen cannot keep staff out; the growing per-attempt delay still applies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import { DEFAULT_SCRYPT, hashPin, parsePinHash, pinWeakness, verifyPin, type ScryptParams } from './pin-hash.ts';
import {
  attemptDelayMs,
  INITIAL_LOCKOUT,
  lockoutStatus,
  recordFailure,
  recordSuccess,
  type LockoutPolicy,
  type LockoutState,
} from './pin-lockout.ts';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { StaffCardRegistry } from './staff-cards.ts';

export type { AuditSink } from '../audit/audit-sink.ts';

export interface StaffAuthOptions {
  /** e.g. `<dataDir>/staff-auth.json`. */
  path: string;
  policy: () => LockoutPolicy;
  audit?: AuditSink;
  now?: () => number;
  /** Lower only in tests. */
  scrypt?: ScryptParams;
}

export type StaffAttemptResult =
  | { ok: true }
  | { ok: false; reason: 'not-provisioned' }
  | { ok: false; reason: 'wrong-pin'; remainingAttempts: number; retryInSeconds: number }
  | LockedResult;

/** `long`: the long lockout (card + PIN still gets in); otherwise the short wait after a failure. */
export type LockedResult = { ok: false; reason: 'locked'; long: boolean; retryAt: string; retryInSeconds: number };

/** ok: the card is registered; the PIN must still follow (attemptCardPin). */
export type StaffCardAttemptResult =
  | { ok: true; label: string }
  | { ok: false; reason: 'no-cards' }
  | { ok: false; reason: 'not-registered'; remainingAttempts: number; retryInSeconds: number }
  | LockedResult;

export type SetPinResult = { ok: true } | { ok: false; reason: 'weak-pin'; detail: string };

interface StoredAuth {
  pinHash: string | null;
  lockout: LockoutState;
}

/** The longest wait between two attempts, unless the config says otherwise (staff.attemptDelayCapSeconds). */
export const ATTEMPT_DELAY_CAP_MS = 30_000;
/** The longest long lockout, unless the config says otherwise (staff.maxLockoutMinutes): staff without a card wait at most this long (or ask the fleet). */
export const MAX_LONG_LOCKOUT_MS = 3600 * 1000;

/** The config's `staff` section, as far as the lockout needs it; fields missing take the defaults above. */
export interface StaffPolicyConfig {
  maxPinAttempts: number;
  lockoutSeconds: number;
  attemptDelayCapSeconds?: number;
  /** null or missing: twice maxPinAttempts. */
  longLockoutAfter?: number | null;
  maxLockoutMinutes?: number;
}

/**
 * Config → policy (fleet authority: staff cannot loosen their own lockout). `lockoutSeconds` is
 * the first long lockout, doubling per lockout up to `maxLockoutMinutes`.
 */
export function lockoutPolicyFrom(staff: StaffPolicyConfig): LockoutPolicy {
  const maxLockoutMs = staff.maxLockoutMinutes === undefined ? MAX_LONG_LOCKOUT_MS : staff.maxLockoutMinutes * 60_000;
  return {
    delayBaseMs: 1000,
    delayCapMs: staff.attemptDelayCapSeconds === undefined ? ATTEMPT_DELAY_CAP_MS : staff.attemptDelayCapSeconds * 1000,
    longLockoutAfter: staff.longLockoutAfter ?? staff.maxPinAttempts * 2,
    baseLockoutMs: Math.min(staff.lockoutSeconds * 1000, maxLockoutMs),
    maxLockoutMs,
  };
}

export class StaffAuth {
  readonly #options: StaffAuthOptions;
  readonly #now: () => number;
  #stored: StoredAuth;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: StaffAuthOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#stored = readStored(options.path);
  }

  isProvisioned(): boolean {
    return this.#stored.pinHash !== null;
  }

  status(): { provisioned: boolean; locked: boolean; long?: boolean; retryAt?: string; remainingAttempts?: number } {
    const status = lockoutStatus(this.#stored.lockout, this.#options.policy(), this.#now());
    return status.locked
      ? { provisioned: this.isProvisioned(), locked: true, long: status.long, retryAt: new Date(status.retryAt).toISOString() }
      : { provisioned: this.isProvisioned(), locked: false, remainingAttempts: status.remainingAttempts };
  }

  /**
   * Ends any wait or lockout (a signed clear-staff-lockout command). Audited; false when there
   * was nothing to clear.
   */
  clearLockout(actor: string): Promise<boolean> {
    return this.#serialised(async () => {
      const { lockout } = this.#stored;
      const pending = lockout.failures > 0 || lockout.lockouts > 0 || lockout.lockedUntil !== null || (lockout.nextAttemptAt ?? null) !== null;
      if (!pending) return false;
      this.#save({ pinHash: this.#stored.pinHash, lockout: recordSuccess() });
      this.#options.audit?.append(actor, 'staff.lockout-cleared', { failures: lockout.failures, lockouts: lockout.lockouts });
      return true;
    });
  }

  /**
   * The PIN after a registered card (the second factor). Allowed during a long lockout, which a
   * correct PIN clears; the short wait after a failure still applies. A wrong PIN here waits the
   * longest delay: the card was right, so this is either a slip or someone holding a lost card.
   */
  attemptCardPin(pin: string, label: string): Promise<StaffAttemptResult> {
    return this.#serialised(async () => {
      const policy = this.#options.policy();
      const { pinHash } = this.#stored;
      if (pinHash === null) {
        this.#options.audit?.append('staff', 'staff.entry-refused', { reason: 'not-provisioned', method: 'card+pin' });
        return { ok: false, reason: 'not-provisioned' } as const;
      }
      const now = this.#now();
      const before = lockoutStatus(this.#stored.lockout, policy, now);
      // The short wait counts even inside a long lockout (lockoutStatus reports the long one).
      const waitUntil = this.#stored.lockout.nextAttemptAt ?? null;
      if ((before.locked && !before.long) || (waitUntil !== null && now < waitUntil)) {
        this.#options.audit?.append('staff', 'staff.entry-refused', { reason: 'wait', method: 'card+pin' });
        const retryAt = Math.min(waitUntil ?? now, now + policy.delayCapMs);
        return lockedResult(before.locked && !before.long ? before : { long: false, retryAt, retryInMs: retryAt - now });
      }
      if (await verifyPin(pin, pinHash)) {
        const cleared = before.locked;
        this.#save({ pinHash, lockout: recordSuccess() });
        this.#options.audit?.append('staff', 'staff.entry', { method: 'card+pin', label, ...(cleared ? { clearedLockout: true } : {}) });
        return { ok: true } as const;
      }
      if (before.locked) {
        this.#save({ pinHash, lockout: { ...this.#stored.lockout, nextAttemptAt: now + policy.delayCapMs } });
        this.#options.audit?.append('staff', 'staff.pin-failed', { method: 'card+pin', label });
        return { ok: false, reason: 'wrong-pin', remainingAttempts: 0, retryInSeconds: Math.ceil(policy.delayCapMs / 1000) } as const;
      }
      const failure = this.#fail('staff.pin-failed', { method: 'card+pin', label });
      return failure.locked ? failure.result : ({ ok: false, reason: 'wrong-pin', ...failure.next } as const);
    });
  }

  /** Checks a PIN typed at the terminal. Every outcome is audited (never the PIN itself). */
  attempt(pin: string): Promise<StaffAttemptResult> {
    return this.#serialised(() => this.#attempt(pin));
  }

  /**
   * Checks a staff card read at the terminal against the registered cards. Audited with the
   * masked number only; the caller wipes the card it read.
   */
  attemptCard(idNumber: string, cards: StaffCardRegistry, masked: string): Promise<StaffCardAttemptResult> {
    return this.#serialised(() => this.#attemptCard(idNumber, cards, masked));
  }

  /**
   * Before a card is read: a lockout, or no card registered at all, refuses the card entry at
   * once (audited). Undefined when a card may be tried.
   */
  refuseCardEarly(cards: StaffCardRegistry): Extract<StaffCardAttemptResult, { ok: false }> | undefined {
    return this.#cardRefusal(cards, {});
  }

  /** Sets or replaces the PIN (at the terminal after a staff entry, or with the staff CLI). */
  setPin(pin: string, actor = 'staff'): Promise<SetPinResult> {
    return this.#serialised(async () => {
      const weakness = pinWeakness(pin);
      if (weakness !== undefined) return { ok: false, reason: 'weak-pin', detail: weakness } as const;
      const pinHash = await hashPin(pin, this.#options.scrypt ?? DEFAULT_SCRYPT);
      this.#save({ pinHash, lockout: recordSuccess() });
      this.#options.audit?.append(actor, 'staff.pin-changed');
      return { ok: true } as const;
    });
  }

  async #attempt(pin: string): Promise<StaffAttemptResult> {
    const policy = this.#options.policy();
    const { pinHash } = this.#stored;
    if (pinHash === null) {
      this.#options.audit?.append('staff', 'staff.entry-refused', { reason: 'not-provisioned' });
      return { ok: false, reason: 'not-provisioned' };
    }
    const before = lockoutStatus(this.#stored.lockout, policy, this.#now());
    if (before.locked) {
      this.#options.audit?.append('staff', 'staff.entry-refused', { reason: before.long ? 'locked' : 'wait' });
      return lockedResult(before);
    }
    if (await verifyPin(pin, pinHash)) {
      this.#save({ pinHash, lockout: recordSuccess() });
      this.#options.audit?.append('staff', 'staff.entry');
      return { ok: true };
    }
    const failure = this.#fail('staff.pin-failed', {});
    return failure.locked ? failure.result : { ok: false, reason: 'wrong-pin', ...failure.next };
  }

  async #attemptCard(idNumber: string, cards: StaffCardRegistry, masked: string): Promise<StaffCardAttemptResult> {
    // Checked again: PIN attempts may have locked entry while the card was on its way.
    const refused = this.#cardRefusal(cards, { card: masked });
    if (refused) return refused;
    const match = await cards.match(idNumber);
    if (match) {
      // Not an entry yet: the lockout stays until the PIN that follows is right.
      this.#options.audit?.append('staff', 'staff.card-accepted', { method: 'card', card: masked, label: match.label });
      return { ok: true, label: match.label };
    }
    const status = lockoutStatus(this.#stored.lockout, this.#options.policy(), this.#now());
    if (status.locked) {
      // Only cards were let through the long lockout, and this one is not registered.
      this.#options.audit?.append('staff', 'staff.card-refused', { method: 'card', card: masked, reason: 'locked' });
      return lockedResult(status);
    }
    const failure = this.#fail('staff.card-refused', { method: 'card', card: masked });
    return failure.locked ? failure.result : { ok: false, reason: 'not-registered', ...failure.next };
  }

  /** A long lockout lets a card through (card + PIN may clear it); the short wait does not. */
  #cardRefusal(cards: StaffCardRegistry, details: { card?: string }): Extract<StaffCardAttemptResult, { ok: false }> | undefined {
    const status = lockoutStatus(this.#stored.lockout, this.#options.policy(), this.#now());
    if (status.locked && !status.long) {
      this.#options.audit?.append('staff', 'staff.entry-refused', { reason: 'wait', method: 'card', ...details });
      return lockedResult(status);
    }
    if (cards.count() === 0) {
      this.#options.audit?.append('staff', 'staff.entry-refused', { reason: 'no-cards', method: 'card', ...details });
      return { ok: false, reason: 'no-cards' };
    }
    return undefined;
  }

  /** One failed attempt (PIN or card) toward the shared lockout, audited. */
  #fail(
    action: string,
    details: Record<string, unknown>,
  ): { locked: true; result: LockedResult } | { locked: false; next: { remainingAttempts: number; retryInSeconds: number } } {
    const policy = this.#options.policy();
    const now = this.#now();
    const lockout = recordFailure(this.#stored.lockout, policy, now);
    this.#save({ pinHash: this.#stored.pinHash, lockout });
    const status = lockoutStatus(lockout, policy, now);
    if (status.locked && status.long) {
      this.#options.audit?.append('staff', 'staff.locked-out', { lockouts: lockout.lockouts, retryAt: new Date(status.retryAt).toISOString(), ...details });
      return { locked: true, result: lockedResult(status) };
    }
    const remainingAttempts = Math.max(0, policy.longLockoutAfter - lockout.failures);
    this.#options.audit?.append('staff', action, { remainingAttempts, ...details });
    return { locked: false, next: { remainingAttempts, retryInSeconds: Math.ceil(attemptDelayMs(lockout.failures, policy) / 1000) } };
  }

  #save(next: StoredAuth): void {
    writeFileAtomic(this.#options.path, `${JSON.stringify(next)}\n`);
    this.#stored = next;
  }

  #serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }
}

function lockedResult(status: { long: boolean; retryAt: number; retryInMs: number }): LockedResult {
  return { ok: false, reason: 'locked', long: status.long, retryAt: new Date(status.retryAt).toISOString(), retryInSeconds: Math.ceil(status.retryInMs / 1000) };
}

/**
 * A missing file means "no PIN yet". A damaged file must not unlock anything: the PIN is lost
 * (staff re-provision with the CLI) but the terminal stays locked to staff entry meanwhile.
 */
function readStored(path: string): StoredAuth {
  if (!existsSync(path)) return { pinHash: null, lockout: { ...INITIAL_LOCKOUT } };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoredAuth>;
    const pinHash = typeof raw.pinHash === 'string' && parsePinHash(raw.pinHash) ? raw.pinHash : null;
    const l = raw.lockout;
    const next = l?.nextAttemptAt ?? null;
    const lockout: LockoutState =
      l && Number.isInteger(l.failures) && Number.isInteger(l.lockouts) && (l.lockedUntil === null || Number.isFinite(l.lockedUntil)) && (next === null || Number.isFinite(next))
        ? { failures: l.failures, lockouts: l.lockouts, lockedUntil: l.lockedUntil, nextAttemptAt: next }
        : { ...INITIAL_LOCKOUT };
    return { pinHash, lockout };
  } catch {
    return { pinHash: null, lockout: { ...INITIAL_LOCKOUT } };
  }
}
