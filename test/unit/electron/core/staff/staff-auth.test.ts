import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { attemptDelayMs, lockoutDurationMs, lockoutStatus, recordFailure, INITIAL_LOCKOUT } from '../../../../../electron/core/staff/pin-lockout.ts';
import { StaffAuth, lockoutPolicyFrom } from '../../../../../electron/core/staff/staff-auth.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('staff-auth');
const fast = { N: 2 ** 10, r: 8, p: 1 };
const policy = lockoutPolicyFrom({ maxPinAttempts: 3, lockoutSeconds: 60 });

function open(clock: { now: number }) {
  const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
  const auth = new StaffAuth({ path: tmp.path('staff-auth.json'), policy: () => policy, audit, now: () => clock.now, scrypt: fast });
  return { auth, audit };
}

describe('lockout policy (pure)', () => {
  const p = { delayBaseMs: 1000, delayCapMs: 30_000, longLockoutAfter: 10, baseLockoutMs: 60_000, maxLockoutMs: 3600_000 };

  it('each failure makes the next attempt wait longer: 1 s, 2 s, 4 s … capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => attemptDelayMs(n, p))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('the long lockout comes only after many failures, doubles per lockout, and never reaches a day', () => {
    let state = INITIAL_LOCKOUT;
    let now = 0;
    for (let i = 1; i < 10; i++) {
      state = recordFailure(state, p, now);
      expect(lockoutStatus(state, p, now)).toMatchObject({ locked: true, long: false, retryInMs: attemptDelayMs(i, p) });
      now += attemptDelayMs(i, p);
    }
    state = recordFailure(state, p, now);
    expect(lockoutStatus(state, p, now)).toMatchObject({ locked: true, long: true, retryInMs: 60_000 });
    expect([1, 2, 3, 7, 30].map((n) => lockoutDurationMs(n, p))).toEqual([60_000, 120_000, 240_000, 3600_000, 3600_000]);
  });

  it('a clock set backwards cannot stretch a wait beyond its cap', () => {
    const locked = recordFailure(INITIAL_LOCKOUT, { ...p, longLockoutAfter: 1 }, 10_000_000);
    expect(lockoutStatus(locked, p, 0)).toMatchObject({ locked: true, long: true, retryInMs: 3600_000 });
    const waiting = recordFailure(INITIAL_LOCKOUT, p, 10_000_000);
    expect(lockoutStatus(waiting, p, 0)).toMatchObject({ locked: true, long: false, retryInMs: 30_000 });
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

  it('a wrong PIN makes the next attempt wait (growing), refusals during the wait do not count, a long lockout only after 6', async () => {
    const clock = { now: 1_000_000 };
    const { auth, audit } = open(clock);
    await auth.setPin('740213');

    expect(await auth.attempt('111112')).toEqual({ ok: false, reason: 'wrong-pin', remainingAttempts: 5, retryInSeconds: 1 });
    // Even the right PIN waits: the delay is per attempt, not per wrong PIN.
    expect(await auth.attempt('740213')).toMatchObject({ ok: false, reason: 'locked', long: false, retryInSeconds: 1 });
    clock.now += 1000;
    expect(await auth.attempt('111113')).toMatchObject({ reason: 'wrong-pin', remainingAttempts: 4, retryInSeconds: 2 });
    for (const [pin, wait] of [['111114', 2000], ['111115', 4000], ['111116', 8000]] as const) {
      clock.now += wait;
      expect(await auth.attempt(pin)).toMatchObject({ reason: 'wrong-pin' });
    }
    clock.now += 16_000;
    expect(await auth.attempt('111117')).toMatchObject({ ok: false, reason: 'locked', long: true, retryInSeconds: 60 });
    expect(await auth.attempt('740213')).toMatchObject({ reason: 'locked', long: true });
    clock.now += 60_000;
    expect(await auth.attempt('740213')).toEqual({ ok: true });
    expect(auth.status()).toEqual({ provisioned: true, locked: false, remainingAttempts: 6 });

    const actions = audit.tail(50).map((e) => e.action);
    expect(actions.filter((a) => a === 'staff.locked-out')).toHaveLength(1);
    expect(actions.filter((a) => a === 'staff.pin-failed')).toHaveLength(5);
    expect(actions.at(-1)).toBe('staff.entry');
    expect(JSON.stringify(audit.tail(50).map((e) => e.details))).not.toMatch(/740213|11111\d/);
    expect(audit.verify().ok).toBe(true);
  });

  it('a signed clear-staff-lockout (clearLockout) ends a long lockout at once, audited', async () => {
    const clock = { now: 1_000_000 };
    const { auth, audit } = open(clock);
    await auth.setPin('740213');
    for (let i = 0; i < 6; i++) {
      await auth.attempt(`55555${i}`);
      clock.now += 30_000;
    }
    expect(auth.status()).toMatchObject({ locked: true, long: true });
    expect(await auth.clearLockout('fleet')).toBe(true);
    expect(audit.tail(1)[0]).toMatchObject({ actor: 'fleet', action: 'staff.lockout-cleared' });
    expect(await auth.attempt('740213')).toEqual({ ok: true });
    expect(await auth.clearLockout('fleet')).toBe(false);
  });

  it('the wait and the lockout survive a restart of the app', async () => {
    const clock = { now: 5_000_000 };
    const first = open(clock).auth;
    await first.setPin('740213');
    await first.attempt('333334');
    expect(await open(clock).auth.attempt('740213')).toMatchObject({ ok: false, reason: 'locked', long: false });
  });

  it('concurrent attempts are checked one at a time: the first failure makes the rest wait', async () => {
    const clock = { now: 0 };
    const { auth } = open(clock);
    await auth.setPin('740213');
    const results = await Promise.all(['444441', '444442', '444443', '740213'].map((pin) => auth.attempt(pin)));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['wrong-pin', 'locked', 'locked', 'locked']);
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
