/**
 * What a shell passes to the core's maintenance mode, on a core without devices: the restart
 * function, an export drive that is not plugged in, the staff idle time, and the rotating log file
 * every core logger line also goes to. Also checks that the
 * synchronous PIN provisioning used by the e2e tests writes what the core verifies.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskEventName } from '../../../../../electron/contract/channels.ts';
import { createKioskCore, type KioskCore } from '../../../../../electron/core/kiosk-core.ts';
import type { MaintenanceOptions } from '../../../../../electron/core/maintenance/maintenance.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { verifyPin } from '../../../../../electron/core/staff/pin-hash.ts';
import { DEFAULT_CORNER_SEQUENCE, provisionStaffPinSync } from '../../../../support/staff-pin.ts';

const root = join(import.meta.dirname, '../../../../..');
const ctx = { shell: 'electron' as const, connectionId: '1' };
const PIN = '581604';
let dataDir: string;
let core: KioskCore | undefined;
const events: Array<{ event: KioskEventName; payload: unknown }> = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-maint-options-'));
  events.length = 0;
  // No devices, an upstream nobody listens on: the maintenance mode needs neither.
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({ upstream: { baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }, devices: { idCard: { enabled: false }, printer: { enabled: false } } }),
  );
  provisionStaffPinSync(dataDir, PIN);
});

afterEach(async () => {
  await core?.shutdown();
  core = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(maintenance: MaintenanceOptions): Promise<KioskCore> {
  core = await createKioskCore({
    dataDir,
    resourcesDir: join(root, 'resources'),
    shell: 'electron',
    logger: createLogger({ write: () => {} }),
    maintenance,
    outbox: { drainMs: 100 },
  });
  core.apiHost.onEvent((event, payload) => events.push({ event, payload }));
  return core;
}

async function login(c: KioskCore): Promise<void> {
  for (const corner of DEFAULT_CORNER_SEQUENCE) await c.apiHost.dispatch('staffCornerTap', { corner }, ctx);
  expect(await c.apiHost.dispatch('staffLogin', { pin: PIN }, ctx)).toMatchObject({ ok: true, value: { status: 'ok' } });
}

describe('maintenance options of the core', () => {
  it('writes the PIN file the core verifies (synchronous provisioning for e2e)', async () => {
    const stored = JSON.parse(readFileSync(join(dataDir, 'staff-auth.json'), 'utf8')) as { pinHash: string };
    expect(await verifyPin(PIN, stored.pinHash)).toBe(true);
    expect(await verifyPin('581605', stored.pinHash)).toBe(false);
  });

  it('asks the shell to restart after answering, and ends the staff session first', async () => {
    const reasons: string[] = [];
    const c = await start({ restart: (reason) => void reasons.push(reason) });
    await login(c);
    expect(await c.apiHost.dispatch('restartApp', {}, ctx)).toEqual({ ok: true, value: { restarting: true } });
    expect(reasons).toEqual([]);
    await expect.poll(() => reasons, { timeout: 5000, interval: 10 }).toEqual(['requested by staff at the terminal']);
    expect(events).toContainEqual({ event: 'staffSessionEnded', payload: { reason: 'logout' } });
    expect(c.maintenance.audit.tail(5).map((e) => e.action)).toEqual(expect.arrayContaining(['app.restart-requested', 'staff.exit']));
  });

  it('refuses an export when the drive is not there, and never creates its folder', async () => {
    const drive = join(dataDir, 'media', 'usb0');
    const c = await start({ exportDir: drive });
    await login(c);
    expect(await c.apiHost.dispatch('exportLogs', { target: 'usb' }, ctx)).toMatchObject({ ok: false, error: { code: 'DEVICE_UNAVAILABLE' } });
    expect(await c.apiHost.dispatch('exportAudit', { target: 'usb' }, ctx)).toMatchObject({ ok: false, error: { code: 'DEVICE_UNAVAILABLE' } });
    expect(existsSync(drive)).toBe(false);
  });

  it('closes the staff session after the idle time and tells the screen', async () => {
    const c = await start({ staffIdleSeconds: 1 });
    await login(c);
    expect((await c.apiHost.dispatch('getMaintenanceOverview', {}, ctx)).ok).toBe(true);
    await expect.poll(() => events, { timeout: 5000, interval: 20 }).toContainEqual({ event: 'staffSessionEnded', payload: { reason: 'inactivity' } });
    expect(await c.apiHost.dispatch('getMaintenanceOverview', {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('writes every core log line to the rotating log file too, from start to stop', async () => {
    const c = await start({});
    await login(c);
    await c.shutdown();
    const text = readFileSync(join(dataDir, 'logs', 'kiosk.log'), 'utf8');
    const messages = text
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { message: string }).message);
    expect(messages).toEqual(expect.arrayContaining(['core started', 'staff session opened', 'core stopped']));
    expect(messages.at(-1)).toBe('core stopped');
  });

  it('records the camera as the screen reports it, validated, in the maintenance overview', async () => {
    const c = await start({});
    expect(await c.apiHost.dispatch('reportDeviceStatus', { device: 'camera', state: 'denied', reason: 'NotAllowedError' }, ctx)).toMatchObject({
      ok: true,
      value: { device: 'camera', state: 'error', reason: 'denied: NotAllowedError' },
    });
    expect(await c.apiHost.dispatch('reportDeviceStatus', { device: 'printer', state: 'ready' }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await c.apiHost.dispatch('reportDeviceStatus', { device: 'camera', state: 'on fire' }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(events).toContainEqual({ event: 'deviceStatus', payload: expect.objectContaining({ device: 'camera', state: 'error' }) });
    await c.apiHost.dispatch('reportDeviceStatus', { device: 'camera', state: 'ready', label: 'USB Camera' }, ctx);
    await login(c);
    const overview = await c.apiHost.dispatch('getMaintenanceOverview', {}, ctx);
    expect(overview).toMatchObject({ ok: true });
    const devices = (overview as { value: { devices: Array<{ device: string; state: string; details: Record<string, string> }> } }).value.devices;
    expect(devices.find((d) => d.device === 'camera')).toMatchObject({ state: 'ready', details: { label: 'USB Camera' } });
  });

  it('starts no citizen session while out of service: the rule is the core\'s, not only the screen\'s', async () => {
    const c = await start({});
    c.maintenance.serviceMode.enter('fleet');
    expect(await c.apiHost.dispatch('startSession', {}, ctx)).toMatchObject({ ok: false, error: { code: 'OUT_OF_SERVICE' } });
    c.maintenance.serviceMode.leave('fleet');
    expect(await c.apiHost.dispatch('startSession', {}, ctx)).toMatchObject({ ok: true, value: { sessionId: expect.any(String) } });
  });
});
