/**
 * Staff PIN entry: the hashed PIN and the lockout state, kept together in one file in the data
 * directory (mode 0600) so a restart does not reset the lockout. Attempts are checked one at a
 * time: two taps racing through a slow scrypt must not both get past the attempt limit. A staff
 * card (staff-cards.ts) is checked here too, against the same lockout: a card that is not
 * registered counts like a wrong PIN, so cards cannot be tried where PINs are locked out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import { DEFAULT_SCRYPT, hashPin, parsePinHash, pinWeakness, verifyPin, type ScryptParams } from './pin-hash.ts';
import {
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
  | { ok: false; reason: 'wrong-pin'; remainingAttempts: number }
  | { ok: false; reason: 'locked'; retryAt: string; retryInSeconds: number };

export type StaffCardAttemptResult =
  | { ok: true; label: string }
  | { ok: false; reason: 'no-cards' }
  | { ok: false; reason: 'not-registered'; remainingAttempts: number }
  | { ok: false; reason: 'locked'; retryAt: string; retryInSeconds: number };

export type SetPinResult = { ok: true } | { ok: false; reason: 'weak-pin'; detail: string };

interface StoredAuth {
  pinHash: string | null;
  lockout: LockoutState;
}

/** Config seconds → policy; a lockout never escalates beyond one day. */
export function lockoutPolicyFrom(staff: { maxPinAttempts: number; lockoutSeconds: number }): LockoutPolicy {
  return { maxAttempts: staff.maxPinAttempts, baseLockoutMs: staff.lockoutSeconds * 1000, maxLockoutMs: 24 * 3600 * 1000 };
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

  status(): { provisioned: boolean; locked: boolean; retryAt?: string; remainingAttempts?: number } {
    const status = lockoutStatus(this.#stored.lockout, this.#options.policy(), this.#now());
    return status.locked
      ? { provisioned: this.isProvisioned(), locked: true, retryAt: new Date(status.retryAt).toISOString() }
      : { provisioned: this.isProvisioned(), locked: false, remainingAttempts: status.remainingAttempts };
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
      this.#options.audit?.append('staff', 'staff.entry-refused', { reason: 'locked' });
      return lockedResult(before.retryAt, before.retryInMs);
    }
    if (await verifyPin(pin, pinHash)) {
      this.#save({ pinHash, lockout: recordSuccess() });
      this.#options.audit?.append('staff', 'staff.entry');
      return { ok: true };
    }
    const failure = this.#fail('staff.pin-failed', {});
    return failure.locked ? failure.result : { ok: false, reason: 'wrong-pin', remainingAttempts: failure.remainingAttempts };
  }

  async #attemptCard(idNumber: string, cards: StaffCardRegistry, masked: string): Promise<StaffCardAttemptResult> {
    // Checked again: PIN attempts may have locked entry while the card was on its way.
    const refused = this.#cardRefusal(cards, { card: masked });
    if (refused) return refused;
    const match = await cards.match(idNumber);
    if (match) {
      this.#save({ pinHash: this.#stored.pinHash, lockout: recordSuccess() });
      this.#options.audit?.append('staff', 'staff.entry', { method: 'card', card: masked, label: match.label });
      return { ok: true, label: match.label };
    }
    const failure = this.#fail('staff.card-refused', { method: 'card', card: masked });
    return failure.locked ? failure.result : { ok: false, reason: 'not-registered', remainingAttempts: failure.remainingAttempts };
  }

  #cardRefusal(cards: StaffCardRegistry, details: { card?: string }): Extract<StaffCardAttemptResult, { ok: false }> | undefined {
    const status = lockoutStatus(this.#stored.lockout, this.#options.policy(), this.#now());
    if (status.locked) {
      this.#options.audit?.append('staff', 'staff.entry-refused', { reason: 'locked', method: 'card', ...details });
      return lockedResult(status.retryAt, status.retryInMs);
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
  ): { locked: true; result: Extract<StaffAttemptResult, { reason: 'locked' }> } | { locked: false; remainingAttempts: number } {
    const policy = this.#options.policy();
    const now = this.#now();
    const lockout = recordFailure(this.#stored.lockout, policy, now);
    this.#save({ pinHash: this.#stored.pinHash, lockout });
    const after = lockoutStatus(lockout, policy, now);
    if (after.locked) {
      this.#options.audit?.append('staff', 'staff.locked-out', { lockouts: lockout.lockouts, retryAt: new Date(after.retryAt).toISOString(), ...details });
      return { locked: true, result: lockedResult(after.retryAt, after.retryInMs) };
    }
    this.#options.audit?.append('staff', action, { remainingAttempts: after.remainingAttempts, ...details });
    return { locked: false, remainingAttempts: after.remainingAttempts };
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

function lockedResult(retryAt: number, retryInMs: number): Extract<StaffAttemptResult, { reason: 'locked' }> {
  return { ok: false, reason: 'locked', retryAt: new Date(retryAt).toISOString(), retryInSeconds: Math.ceil(retryInMs / 1000) };
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
    const lockout: LockoutState =
      l && Number.isInteger(l.failures) && Number.isInteger(l.lockouts) && (l.lockedUntil === null || Number.isFinite(l.lockedUntil))
        ? { failures: l.failures, lockouts: l.lockouts, lockedUntil: l.lockedUntil }
        : { ...INITIAL_LOCKOUT };
    return { pinHash, lockout };
  } catch {
    return { pinHash: null, lockout: { ...INITIAL_LOCKOUT } };
  }
}
