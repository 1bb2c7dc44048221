/**
 * The staff session: corner sequence → PIN window → session, ended by logout or inactivity, with
 * every step audited. A real StaffAuth (cheap scrypt) and AuditLog on temp files; a fake clock
 * for the monotonic time and vitest's fake timers for the idle timeout.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { KioskError } from '../../../../../electron/core/api/kiosk-error.ts';
import { StaffSession } from '../../../../../electron/core/maintenance/staff-session.ts';
import { StaffAuth, lockoutPolicyFrom } from '../../../../../electron/core/staff/staff-auth.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('staff-session');
const SEQUENCE = ['top-left', 'top-right', 'bottom-right', 'bottom-left'] as const;
const PIN = '740213';

async function setup(options: { provision?: boolean; idleMs?: number } = {}) {
  const clock = { now: 1000 };
  const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
  const auth = new StaffAuth({
    path: tmp.path('staff-auth.json'),
    policy: () => lockoutPolicyFrom({ maxPinAttempts: 3, lockoutSeconds: 60 }),
    audit,
    scrypt: { N: 1024, r: 8, p: 1 },
    now: () => clock.now,
  });
  if (options.provision ?? true) await auth.setPin(PIN);
  const ended: string[] = [];
  let opened = 0;
  const session = new StaffSession({
    auth,
    audit,
    corners: () => ({ sequence: SEQUENCE, windowMs: 5000 }),
    idleMs: options.idleMs ?? 60_000,
    pinWindowMs: 30_000,
    now: () => clock.now,
    onOpened: () => opened++,
    onEnded: (e) => ended.push(e.reason),
  });
  const tapAll = () => SEQUENCE.map((corner) => session.tap(corner));
  return { clock, audit, session, ended, opened: () => opened, tapAll };
}

const actions = (audit: AuditLog) => audit.tail(100).map((e) => e.action);

afterEach(() => {
  vi.useRealTimers();
});

describe('StaffSession', () => {
  it('opens only with the corner sequence followed by the right PIN', async () => {
    const { session, tapAll, opened, audit, clock } = await setup();
    await expect(session.login(PIN)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(tapAll()).toEqual([false, false, false, true]);
    expect(session.state.kind).toBe('pin-window');
    expect(await session.login('111111')).toEqual({ status: 'wrong-pin', remainingAttempts: 5, retryInSeconds: 1 });
    expect(session.active).toBe(false);
    clock.now += 1000;
    expect(await session.login(PIN)).toEqual({ status: 'ok', idleSeconds: 60 });
    expect(session.active).toBe(true);
    expect(opened()).toBe(1);
    expect(() => session.require('getConfig')).not.toThrow();
    expect(actions(audit)).toEqual(['staff.pin-changed', 'staff.entry-refused', 'staff.pin-failed', 'staff.entry']);
  });

  it('refuses a sequence tapped too slowly, and a PIN once the window has passed', async () => {
    const { session, clock, tapAll } = await setup();
    for (const corner of SEQUENCE) {
      clock.now += 2000;
      expect(session.tap(corner)).toBe(false);
    }
    expect(tapAll().at(-1)).toBe(true);
    clock.now += 30_001;
    await expect(session.login(PIN)).rejects.toBeInstanceOf(KioskError);
    expect(session.state.kind).toBe('closed');
  });

  it('answers not-provisioned when no PIN was ever set (there is no default PIN)', async () => {
    const unprovisioned = await setup({ provision: false });
    unprovisioned.tapAll();
    expect(await unprovisioned.session.login(PIN)).toEqual({ status: 'not-provisioned' });
  });

  it('reports the wait after a failure with the seconds to wait', async () => {
    const { session, tapAll } = await setup();
    tapAll();
    await session.login('111111');
    expect(await session.login('222222')).toEqual({ status: 'locked', retryInSeconds: 1, long: false });
    expect(await session.login(PIN)).toMatchObject({ status: 'locked' });
    expect(session.active).toBe(false);
  });

  it('ends after the idle time without a call; each call pushes the end back', async () => {
    vi.useFakeTimers();
    const { session, tapAll, ended, audit } = await setup({ idleMs: 10_000 });
    tapAll();
    await session.login(PIN);
    vi.advanceTimersByTime(9000);
    session.require('getMaintenanceOverview');
    vi.advanceTimersByTime(9000);
    expect(session.active).toBe(true);
    vi.advanceTimersByTime(1001);
    expect(session.active).toBe(false);
    expect(ended).toEqual(['inactivity']);
    expect(() => session.require('getConfig')).toThrow(/staff login required/);
    expect(actions(audit)).toContain('staff.session-expired');
  });

  it('ends on logout (audited, event), and a second logout is a no-op', async () => {
    const { session, tapAll, ended, audit } = await setup();
    tapAll();
    await session.login(PIN);
    expect(session.logout()).toBe(true);
    expect(session.logout()).toBe(false);
    expect(ended).toEqual(['logout']);
    expect(actions(audit).at(-1)).toBe('staff.exit');
    // A new entry needs the corners again.
    await expect(session.login(PIN)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
