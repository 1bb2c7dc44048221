/**
 * The staff lockout policy comes from the config's `staff` section (fleet authority): the shipped
 * defaults keep the earlier constants (30 s delay cap, long lockout after twice maxPinAttempts,
 * at most an hour), each field changes the policy it names, bad values are refused naming the
 * field, and none of them is editable by on-site staff. Fleet groups are validated the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldAuthoritiesOf } from '../../../../../electron/core/config/config-authority.ts';
import { terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { lockoutStatus, recordFailure, INITIAL_LOCKOUT } from '../../../../../electron/core/staff/pin-lockout.ts';
import { ATTEMPT_DELAY_CAP_MS, lockoutPolicyFrom, MAX_LONG_LOCKOUT_MS, StaffAuth } from '../../../../../electron/core/staff/staff-auth.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const defaults = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../../resources/config/default.json'), 'utf8')) as Record<string, unknown>;
const withStaff = (staff: Record<string, unknown>, fleet: Record<string, unknown> = {}) =>
  terminalConfigSchema.safeParse({ ...defaults, staff: { ...(defaults.staff as object), ...staff }, fleet: { ...(defaults.fleet as object), ...fleet } });
const problemsOf = (result: ReturnType<typeof withStaff>) => (result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));

const tmp = useTempDir('staff-policy');

describe('staff policy from the config', () => {
  it('the shipped defaults give the policy the constants gave before', () => {
    const config = terminalConfigSchema.parse(defaults);
    expect(config.staff).toMatchObject({ attemptDelayCapSeconds: 30, longLockoutAfter: null, maxLockoutMinutes: 60 });
    expect(config.fleet.groups).toEqual([]);
    expect(lockoutPolicyFrom(config.staff)).toEqual({
      delayBaseMs: 1000,
      delayCapMs: ATTEMPT_DELAY_CAP_MS,
      longLockoutAfter: 2 * config.staff.maxPinAttempts,
      baseLockoutMs: 60_000,
      maxLockoutMs: MAX_LONG_LOCKOUT_MS,
    });
  });

  it('each field sets its part of the policy', () => {
    const result = withStaff({ attemptDelayCapSeconds: 5, longLockoutAfter: 4, maxLockoutMinutes: 10, lockoutSeconds: 120 });
    expect(problemsOf(result)).toEqual([]);
    const policy = lockoutPolicyFrom(result.data!.staff);
    expect(policy).toMatchObject({ delayCapMs: 5000, longLockoutAfter: 4, baseLockoutMs: 120_000, maxLockoutMs: 600_000 });

    // Driven through the pure lockout: the 4th failure in a row starts the long lockout, which doubles only up to 10 minutes.
    let state = INITIAL_LOCKOUT;
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 4 * 4; i++) {
      state = recordFailure(state, policy, now);
      const status = lockoutStatus(state, policy, now);
      if (!status.locked) throw new Error('a failure must make the next attempt wait');
      waits.push(status.retryInMs);
      now = status.retryAt;
    }
    expect(waits.slice(0, 4)).toEqual([1000, 2000, 4000, 120_000]);
    expect(Math.max(...waits)).toBe(600_000);
    expect(waits.filter((w, i) => i % 4 !== 3).every((w) => w <= 5000)).toBe(true);
  });

  it('StaffAuth reads the policy at each attempt, so a new bundle counts at once', async () => {
    let staff = { maxPinAttempts: 3, lockoutSeconds: 60, attemptDelayCapSeconds: 1, longLockoutAfter: 10 as number | null, maxLockoutMinutes: 60 };
    const clock = { now: 1_000_000 };
    const auth = new StaffAuth({ path: tmp.path('staff-auth.json'), policy: () => lockoutPolicyFrom(staff), audit: new AuditLog({ path: tmp.path('audit.jsonl') }), now: () => clock.now, scrypt: { N: 1024, r: 8, p: 1 } });
    expect(await auth.setPin('740213')).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) {
      expect(await auth.attempt('111112')).toMatchObject({ ok: false, reason: 'wrong-pin', retryInSeconds: 1 });
      clock.now += 1000; // the cap is 1 s: every wait has passed
    }
    staff = { ...staff, longLockoutAfter: 4 };
    expect(await auth.attempt('111112')).toMatchObject({ ok: false, reason: 'locked', long: true, retryInSeconds: 60 });
  });

  it('refuses bad values, naming the field', () => {
    expect(problemsOf(withStaff({ attemptDelayCapSeconds: 0 }))).toEqual([expect.stringMatching(/^staff\.attemptDelayCapSeconds: /)]);
    expect(problemsOf(withStaff({ attemptDelayCapSeconds: 301 }))).toEqual([expect.stringMatching(/^staff\.attemptDelayCapSeconds: /)]);
    expect(problemsOf(withStaff({ longLockoutAfter: 2 }))).toEqual([expect.stringMatching(/^staff\.longLockoutAfter: /)]);
    expect(problemsOf(withStaff({ longLockoutAfter: 'ten' }))).toEqual([expect.stringMatching(/^staff\.longLockoutAfter: /)]);
    expect(problemsOf(withStaff({ maxLockoutMinutes: 721 }))).toEqual([expect.stringMatching(/^staff\.maxLockoutMinutes: /)]);
    expect(problemsOf(withStaff({ maxLockoutMinutes: 1, lockoutSeconds: 120 }))).toEqual(['staff.maxLockoutMinutes: must be at least lockoutSeconds (the first lockout)']);
    expect(problemsOf(withStaff({ maxLockoutSeconds: 60 }))).toEqual([expect.stringMatching(/^staff: /)]);
  });

  it('validates fleet groups: names only, each once', () => {
    expect(problemsOf(withStaff({}, { groups: ['kunming-hall-3', 'yunnan.stm'] }))).toEqual([]);
    expect(problemsOf(withStaff({}, { groups: ['hall 3'] }))).toEqual([expect.stringMatching(/^fleet\.groups\.0: /)]);
    expect(problemsOf(withStaff({}, { groups: ['a', 'a'] }))).toEqual(['fleet.groups: must not list a group twice']);
    expect(problemsOf(withStaff({}, { groups: 'kunming' }))).toEqual([expect.stringMatching(/^fleet\.groups: /)]);
  });

  it('keeps the staff policy and the fleet groups for the fleet authority', () => {
    const fields = fieldAuthoritiesOf(terminalConfigSchema);
    for (const path of ['staff.attemptDelayCapSeconds', 'staff.longLockoutAfter', 'staff.maxLockoutMinutes', 'fleet.groups']) {
      expect(fields.find((f) => f.path === path)?.authority, path).toBe('fleet');
    }
  });
});
