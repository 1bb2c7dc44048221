import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/core/audit/audit-log.ts';
import { lockoutDurationMs, lockoutStatus, recordFailure, INITIAL_LOCKOUT } from '../../../electron/core/staff/pin-lockout.ts';
import { StaffAuth, lockoutPolicyFrom } from '../../../electron/core/staff/staff-auth.ts';
import { useTempDir } from '../db/temp-dir.ts';

const tmp = useTempDir('staff-auth');
const fast = { N: 2 ** 10, r: 8, p: 1 };
const policy = lockoutPolicyFrom({ maxPinAttempts: 3, lockoutSeconds: 60 });

function open(clock: { now: number }) {
  const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
  const auth = new StaffAuth({ path: tmp.path('staff-auth.json'), policy: () => policy, audit, now: () => clock.now, scrypt: fast });
  return { auth, audit };
}

describe('lockout policy (pure)', () => {
  it('doubles each lockout up to the cap', () => {
    const p = { maxAttempts: 3, baseLockoutMs: 60_000, maxLockoutMs: 300_000 };
    expect([1, 2, 3, 4, 5].map((n) => lockoutDurationMs(n, p))).toEqual([60_000, 120_000, 240_000, 300_000, 300_000]);
  });

  it('a clock set backwards cannot stretch a lockout beyond the cap', () => {
    const p = { maxAttempts: 1, baseLockoutMs: 60_000, maxLockoutMs: 300_000 };
    const locked = recordFailure(INITIAL_LOCKOUT, p, 10_000_000);
    const status = lockoutStatus(locked, p, 0);
    expect(status).toMatchObject({ locked: true, retryInMs: 300_000 });
  });
});

describe('StaffAuth', () => {
  it('refuses entry until a PIN is provisioned', async () => {
    const { auth } = open({ now: 0 });
    expect(auth.isProvisioned()).toBe(false);
    expect(await auth.attempt('740213')).toEqual({ ok: false, reason: 'not-provisioned' });
  });

  it('refuses a weak PIN and stores only a hash of a good one (file mode 0600)', async () => {
    const { auth } = open({ now: 0 });
    expect(await auth.setPin('123456')).toMatchObject({ ok: false, reason: 'weak-pin' });
    expect(auth.isProvisioned()).toBe(false);
    expect(await auth.setPin('740213')).toEqual({ ok: true });
    const stored = readFileSync(tmp.path('staff-auth.json'), 'utf8');
    expect(stored).not.toContain('740213');
    expect(stored).toContain('scrypt$');
    const { statSync } = await import('node:fs');
    expect(statSync(tmp.path('staff-auth.json')).mode & 0o777).toBe(0o600);
  });

  it('locks out after N wrong PINs, even for the right PIN, with doubling lockouts', async () => {
    const clock = { now: 1_000_000 };
    const { auth, audit } = open(clock);
    await auth.setPin('740213');

    expect(await auth.attempt('111112')).toEqual({ ok: false, reason: 'wrong-pin', remainingAttempts: 2 });
    expect(await auth.attempt('111113')).toEqual({ ok: false, reason: 'wrong-pin', remainingAttempts: 1 });
    expect(await auth.attempt('111114')).toMatchObject({ ok: false, reason: 'locked', retryInSeconds: 60 });
    expect(await auth.attempt('740213')).toMatchObject({ ok: false, reason: 'locked' });

    clock.now += 61_000;
    // Second round: the lockout that follows lasts twice as long.
    for (const pin of ['222223', '222224']) expect(await auth.attempt(pin)).toMatchObject({ reason: 'wrong-pin' });
    expect(await auth.attempt('222225')).toMatchObject({ ok: false, reason: 'locked', retryInSeconds: 120 });
    clock.now += 61_000;
    expect(await auth.attempt('740213')).toMatchObject({ reason: 'locked' });
    clock.now += 60_000;

    expect(await auth.attempt('740213')).toEqual({ ok: true });
    // A success resets the escalation.
    expect(auth.status()).toEqual({ provisioned: true, locked: false, remainingAttempts: 3 });

    const actions = audit.tail(50).map((e) => e.action);
    expect(actions.filter((a) => a === 'staff.locked-out')).toHaveLength(2);
    expect(actions.filter((a) => a === 'staff.pin-failed')).toHaveLength(4);
    expect(actions.at(-1)).toBe('staff.entry');
    // No PIN, right or wrong, in the audit (details only: hashes are random hex and may contain any digits).
    expect(JSON.stringify(audit.tail(50).map((e) => e.details))).not.toMatch(/740213|22222\d|11111\d/);
    expect(audit.verify().ok).toBe(true);
  });

  it('the lockout survives a restart of the app', async () => {
    const clock = { now: 5_000_000 };
    const first = open(clock).auth;
    await first.setPin('740213');
    for (const pin of ['333334', '333335', '333336']) await first.attempt(pin);
    const second = open(clock).auth;
    expect(await second.attempt('740213')).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('concurrent attempts are checked one at a time and cannot exceed the limit', async () => {
    const clock = { now: 0 };
    const { auth } = open(clock);
    await auth.setPin('740213');
    const results = await Promise.all(['444441', '444442', '444443', '444444', '740213'].map((pin) => auth.attempt(pin)));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['wrong-pin', 'wrong-pin', 'locked', 'locked', 'locked']);
  });

  it('a damaged credentials file unlocks nothing', async () => {
    const { auth } = open({ now: 0 });
    await auth.setPin('740213');
    writeFileSync(tmp.path('staff-auth.json'), '{"pinHash":"plain:740213","lockout":{}}');
    const reopened = open({ now: 0 }).auth;
    expect(reopened.isProvisioned()).toBe(false);
    expect(await reopened.attempt('740213')).toEqual({ ok: false, reason: 'not-provisioned' });
  });
});
