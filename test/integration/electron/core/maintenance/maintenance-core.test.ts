/**
 * The maintenance mode through the dispatcher, on the demo stack (real drivers on PTYs against the
 * simulators, the reference upstream on loopback): staff entry, the session guard, self-tests,
 * the queue view, config validate/apply/restore, service mode, network test, exports and the
 * audit trail. The staff PIN is provisioned in the data directory before the core starts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoStack, type DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import type { KioskEventName } from '../../../../../electron/contract/channels.ts';
import type {
  ConfigApplyResult,
  ConfigRestoreResult,
  ConfigValidation,
  ConfigVersionView,
  ConfigView,
  JsonObject,
  MaintenanceOverview,
  QueueListView,
  SelfTestResult,
} from '../../../../../electron/contract/kiosk-api.ts';
import { SELF_TEST_TITLE } from '../../../../../electron/core/maintenance/self-test-page.ts';
import { maskIdNumber } from '../../../../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { DEFAULT_CORNER_SEQUENCE, provisionStaffPin } from '../../../../support/staff-pin.ts';
import { findCardPolls } from '../../../../support/idcard-rig.ts';
import { waitFor } from '../../../../support/wait.ts';

const ctx = { shell: 'browser' as const, connectionId: 'maintenance-test' };
const PIN = '258046';
const card = sampleCards.resident;
let stack: DemoStack;
let dataDir: string;
const events: Array<{ event: KioskEventName; payload: unknown }> = [];

const call = (method: string, payload: unknown = {}) => stack.core.apiHost.dispatch(method, payload, ctx);

async function value<T>(method: string, payload: unknown = {}): Promise<T> {
  const res = await call(method, payload);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

async function tapSequence(): Promise<boolean[]> {
  const results: boolean[] = [];
  for (const corner of DEFAULT_CORNER_SEQUENCE) results.push((await value<{ unlocked: boolean }>('staffCornerTap', { corner })).unlocked);
  return results;
}

async function login(): Promise<void> {
  await tapSequence();
  // An earlier test's wrong PIN may still make this attempt wait a second (refusals cost nothing).
  await vi.waitFor(async () => expect(await value('staffLogin', { pin: PIN })).toMatchObject({ status: 'ok' }), { timeout: 5000, interval: 250 });
}

const auditActions = () => stack.core.maintenance.audit.tail(500).map((e) => e.action);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-maint-'));
  await provisionStaffPin(dataDir, PIN);
  // No scanner: the overview and self-test below check how an absent device is reported.
  stack = await startDemoStack({ dataDir, scanner: false, configOverride: { upstream: { timeoutMs: 1500 } } });
  stack.core.apiHost.onEvent((event, payload) => events.push({ event, payload }));
  await waitFor(() => stack.core.devices.isReady('idCard') && stack.core.devices.isReady('printer'), 10_000, 'devices ready');
});

afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('staff entry', () => {
  const guarded: Array<[string, unknown]> = [
    ['getMaintenanceOverview', {}],
    ['runSelfTest', { device: 'printer' }],
    ['cancelSelfTest', {}],
    ['listQueue', { status: 'failed' }],
    ['retryQueueItem', { id: 1 }],
    ['acknowledgeQueueItem', { id: 1 }],
    ['getConfig', {}],
    ['validateConfig', { override: {} }],
    ['applyConfig', { override: {} }],
    ['listConfigVersions', {}],
    ['restorePreviousConfig', {}],
    ['networkTest', {}],
    ['exportLogs', { target: 'usb' }],
    ['exportAudit', { target: 'usb' }],
    ['verifyAudit', {}],
    ['setServiceMode', { outOfService: true }],
    ['restartApp', {}],
  ];

  it('refuses every maintenance method without a staff session, and changes nothing', async () => {
    const receipts = stack.printer.receipts.length;
    for (const [method, payload] of guarded) {
      expect(await call(method, payload), method).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(stack.printer.receipts).toHaveLength(receipts);
    expect(await value('getServiceMode')).toMatchObject({ outOfService: false });
  });

  it('refuses a PIN before the corner sequence, and unlocks only on its last tap', async () => {
    expect(await call('staffLogin', { pin: PIN })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    // Out of order: never unlocks.
    for (const corner of ['bottom-left', 'top-left', 'top-right', 'bottom-right']) {
      expect(await value('staffCornerTap', { corner })).toEqual({ unlocked: false });
    }
    // A tap elsewhere in the middle breaks the sequence.
    for (const corner of DEFAULT_CORNER_SEQUENCE.slice(0, 3)) await value('staffCornerTap', { corner });
    await value('staffCornerTap', { corner: null });
    for (const corner of DEFAULT_CORNER_SEQUENCE.slice(3)) expect(await value('staffCornerTap', { corner })).toEqual({ unlocked: false });
    expect(await tapSequence()).toEqual([false, false, false, false, true]);
    expect(auditActions()).toContain('staff.entry-refused');
  });

  it('rejects malformed input at the transport', async () => {
    expect(await call('staffCornerTap', { corner: 'middle' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call('staffLogin', { pin: '12ab56' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call('staffLogin', { pin: '1'.repeat(13) })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call('listQueue', { status: 'everything' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call('exportLogs', { target: '/etc' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('opens a session with the right PIN and ends the citizen session that was on screen', async () => {
    const citizen = await value<{ sessionId: string }>('startSession');
    await tapSequence();
    expect(await value('staffLogin', { pin: '000000' })).toMatchObject({ status: 'wrong-pin', remainingAttempts: 9, retryInSeconds: 1 });
    await expect.poll(() => value('staffLogin', { pin: PIN }), { timeout: 5000, interval: 250 }).toEqual({ status: 'ok', idleSeconds: 300 });
    expect(stack.core.sessions.current()).toBeUndefined();
    expect(events).toContainEqual({ event: 'sessionEnded', payload: { sessionId: citizen.sessionId, reason: 'cancelled' } });
    const actions = auditActions();
    expect(actions).toContain('staff.pin-failed');
    expect(actions).toContain('staff.entry');
  });
});

describe('in a staff session', () => {
  beforeAll(login);

  it('gives an overview of devices, queue, network, versions, disk and audit head', async () => {
    const overview = await value<MaintenanceOverview>('getMaintenanceOverview');
    expect(overview.terminalId).toBe('DEMO-0001');
    expect(overview.devices.find((d) => d.device === 'printer')).toMatchObject({ configured: true, state: 'ready' });
    expect(overview.devices.find((d) => d.device === 'scanner')).toMatchObject({ configured: false });
    expect(overview.queue).toMatchObject({ pending: expect.any(Number), failed: expect.any(Number), undecryptable: 0 });
    expect(overview.disk).toMatchObject({ freeBytes: expect.any(Number), totalBytes: expect.any(Number) });
    expect(overview.serviceMode).toMatchObject({ outOfService: false });
    expect(overview.audit.seq).toBeGreaterThan(0);
    expect(overview.audit.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(overview.config.seq).toBeGreaterThanOrEqual(1);
    expect(overview.logs.files).toBeGreaterThanOrEqual(1);
    expect(overview.alerts).toEqual([]);
  });

  it('prints a self-test page on the real printer driver', async () => {
    stack.printer.clear();
    const result = await value<SelfTestResult>('runSelfTest', { device: 'printer' });
    expect(result).toMatchObject({ device: 'printer', outcome: 'passed', print: { status: 'printed' } });
    expect(stack.printer.receipts).toHaveLength(1);
    expect(stack.printer.receipts[0]!.lines.join('\n')).toContain(SELF_TEST_TITLE);
    expect(stack.printer.receipts[0]!.lines.join('\n')).toContain('DEMO-0001');
  });

  it('reports a printer without paper as a failed self-test, and prints nothing', async () => {
    stack.printer.clear();
    stack.printer.setCondition({ paperOut: true });
    try {
      const result = await value<SelfTestResult>('runSelfTest', { device: 'printer' });
      expect(result).toMatchObject({ outcome: 'failed', print: { status: 'waiting-for-paper' } });
      expect(stack.printer.receipts).toHaveLength(0);
    } finally {
      stack.printer.setCondition({ paperOut: false });
    }
  });

  it('reads a card and shows it masked only; times out without one; a scanner that is absent is unavailable', async () => {
    stack.idCard.clearCommands();
    const selfTest = value<SelfTestResult>('runSelfTest', { device: 'idCard', timeoutMs: 5000 });
    await expect.poll(() => findCardPolls(stack.idCard), { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(1);
    stack.idCard.presentCard(card);
    const read = await selfTest;
    expect(read).toMatchObject({ outcome: 'passed', card: { cardType: 'resident', idNumberMasked: maskIdNumber(card.idNumber) } });
    expect(JSON.stringify(read)).not.toContain(card.idNumber);
    expect(JSON.stringify(read)).not.toContain(card.name);
    stack.idCard.removeCard();
    expect(await value<SelfTestResult>('runSelfTest', { device: 'idCard', timeoutMs: 1000 })).toMatchObject({ outcome: 'timeout' });
    expect(await value<SelfTestResult>('runSelfTest', { device: 'scanner' })).toMatchObject({ outcome: 'unavailable', detail: 'not-configured' });
    const tests = stack.core.maintenance.audit.tail(20).filter((e) => e.action === 'device.self-test').map((e) => e.details);
    expect(tests).toEqual(expect.arrayContaining([expect.objectContaining({ device: 'idCard', outcome: 'passed' })]));
  });

  it('lists a refused submission with the upstream message, retries it and acknowledges another', async () => {
    const submit = (transactionId: string) =>
      value('submitEvaluation', { serviceId: 'credit-query', transactionId, rating: 4 });
    stack.upstream.setKeyFault('eval-MT20250301000001', 'http-400');
    stack.upstream.setKeyFault('eval-MT20250301000002', 'http-400');
    await submit('MT20250301000001');
    await submit('MT20250301000002');
    const outbox = stack.core.outbox.outbox;
    await waitFor(() => outbox.count('failed') >= 2, 10_000, 'two refused items');

    const failed = await value<QueueListView>('listQueue', { status: 'failed' });
    expect(failed.counts.failed).toBeGreaterThanOrEqual(2);
    const first = failed.items.find((i) => i.reference.endsWith('0001'))!;
    const second = failed.items.find((i) => i.reference.endsWith('0002'))!;
    expect(first).toMatchObject({ status: 'failed', stream: 'evaluations', upstreamMessage: expect.stringContaining('simulated rejection') });
    expect(first).not.toHaveProperty('payload');

    stack.upstream.setKeyFault('eval-MT20250301000001', 'none');
    expect(await value('retryQueueItem', { id: first.id })).toMatchObject({ id: first.id, status: 'pending' });
    await waitFor(() => outbox.get(first.id)?.status === 'delivered', 10_000, 'the retried item delivered');
    expect(stack.upstream.submissions.has('eval-MT20250301000001')).toBe(true);

    expect(await value('acknowledgeQueueItem', { id: second.id })).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'staff' });
    const acknowledged = await value<QueueListView>('listQueue', { status: 'acknowledged' });
    expect(acknowledged.items.map((i) => i.id)).toContain(second.id);
    // Only failed items can be acknowledged; an unknown id is NOT_FOUND.
    expect(await call('acknowledgeQueueItem', { id: first.id })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call('retryQueueItem', { id: 999_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(auditActions()).toEqual(expect.arrayContaining(['queue.retried', 'queue.acknowledged']));
  });

  it('validates every field: a bad value and an unknown field are refused with their paths, nothing changes', async () => {
    const view = await value<ConfigView>('getConfig');
    const paths = view.fields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['timeouts.inactivitySeconds', 'devices.printer.baudRate', 'staff.cornerSequence', 'fleet.brokerUrl']));
    expect(view.fields.find((f) => f.path === 'devices.printer.baudRate')).toMatchObject({ kind: 'enum', options: [9600, 19200, 38400, 57600, 115200] });
    const overrideFile = readFileSync(join(dataDir, 'config.json'), 'utf8');
    const versionsBefore = (await value<ConfigVersionView[]>('listConfigVersions')).length;

    const bad = { ...view.override, timeouts: { inactivitySeconds: 3, bogus: 1 } };
    const validation = await value<ConfigValidation>('validateConfig', { override: bad });
    expect(validation).toEqual({
      valid: false,
      problems: expect.arrayContaining([
        { path: 'timeouts.inactivitySeconds', reason: 'must be ≥ 15 (got 3)' },
        { path: 'timeouts.bogus', reason: 'unknown field' },
      ]),
    });
    const refused = await value<ConfigApplyResult>('applyConfig', { override: bad });
    expect(refused).toMatchObject({ applied: false, problems: expect.arrayContaining([{ path: 'timeouts.inactivitySeconds', reason: 'must be ≥ 15 (got 3)' }]) });
    expect(await value<ConfigValidation>('validateConfig', { override: { ...view.override, upstream: { baseUrl: 'ftp://x' } } })).toMatchObject({
      valid: false,
      problems: [{ path: 'upstream.baseUrl', reason: expect.stringContaining('http(s) URL') }],
    });
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(overrideFile);
    expect(stack.core.config().timeouts.inactivitySeconds).not.toBe(3);
    expect(await value<ConfigVersionView[]>('listConfigVersions')).toHaveLength(versionsBefore);
    expect(auditActions()).toContain('config.refused');
  });

  it('applies a valid change as a new version, then restores the previous one in one step', async () => {
    const view = await value<ConfigView>('getConfig');
    const before = stack.core.config().timeouts.inactivitySeconds;
    const override: JsonObject = { ...view.override, timeouts: { ...(view.override.timeouts as JsonObject), inactivitySeconds: 95 } };
    expect(await value<ConfigValidation>('validateConfig', { override })).toEqual({ valid: true, version: '0.1.0', restartRecommended: false });
    const applied = await value<ConfigApplyResult>('applyConfig', { override, note: 'longer timeout for the hall' });
    expect(applied).toMatchObject({ applied: true, changed: true, restartRecommended: false });
    expect(stack.core.config().timeouts.inactivitySeconds).toBe(95);
    expect(events.some((e) => e.event === 'configChanged')).toBe(true);
    expect((await value<{ timeouts: { inactivitySeconds: number } }>('getTerminalInfo')).timeouts.inactivitySeconds).toBe(95);

    const versions = await value<ConfigVersionView[]>('listConfigVersions');
    expect(versions[0]).toMatchObject({ current: true, source: 'local', actor: 'staff', note: 'longer timeout for the hall' });

    const restored = await value<ConfigRestoreResult>('restorePreviousConfig');
    expect(restored).toMatchObject({ restored: true, restoredFrom: (applied as { seq: number }).seq });
    expect(stack.core.config().timeouts.inactivitySeconds).toBe(before);
    expect(auditActions()).toEqual(expect.arrayContaining(['config.applied', 'config.restored']));
  });

  it('recommends a restart for a device change', async () => {
    const view = await value<ConfigView>('getConfig');
    const devices = view.override.devices as JsonObject;
    const override = { ...view.override, devices: { ...devices, printer: { ...(devices.printer as JsonObject), baudRate: 9600 } } };
    expect(await value<ConfigValidation>('validateConfig', { override })).toMatchObject({ valid: true, restartRecommended: true });
  });

  it('tests the upstream with timing, and reports a failing one', async () => {
    const good = await value<{ ok: boolean; latencyMs: number; url: string }>('networkTest');
    expect(good).toMatchObject({ ok: true, url: `${stack.upstreamUrl}/health` });
    expect(good.latencyMs).toBeGreaterThanOrEqual(0);
    stack.upstream.setFault('http-500', { path: '/health' });
    try {
      expect(await value('networkTest')).toMatchObject({ ok: false, error: 'status 500' });
    } finally {
      stack.upstream.setFault('none');
    }
    expect(stack.core.maintenance.audit.tail(5).filter((e) => e.action === 'network.tested').map((e) => e.details.ok)).toEqual([true, false]);
  });

  it('takes the terminal out of service with a message, emits the change, and back', async () => {
    const message = { 'zh-CN': '打印机维修中，请稍候', 'en-US': 'Printer under repair' };
    const out = await value('setServiceMode', { outOfService: true, message });
    expect(out).toMatchObject({ outOfService: true, by: 'staff', message });
    expect(events.filter((e) => e.event === 'serviceModeChanged').at(-1)?.payload).toMatchObject({ outOfService: true, message });
    // The citizen screen asks without a staff session; the state survives a restart (file).
    expect(await stack.core.apiHost.dispatch('getServiceMode', {}, { shell: 'browser', connectionId: 'citizen' })).toMatchObject({
      ok: true,
      value: { outOfService: true, message },
    });
    expect(JSON.parse(readFileSync(join(dataDir, 'service-mode.json'), 'utf8'))).toMatchObject({ mode: 'out-of-service', by: 'staff' });

    expect(await value('setServiceMode', { outOfService: false })).toMatchObject({ outOfService: false });
    expect(events.filter((e) => e.event === 'serviceModeChanged').at(-1)?.payload).toMatchObject({ outOfService: false });
    expect(stack.core.maintenance.audit.tail(5).filter((e) => e.action === 'service-mode.changed').map((e) => e.details.mode)).toEqual([
      'out-of-service',
      'in-service',
    ]);
  });

  it('exports masked logs and a verified audit copy to the export drive', async () => {
    const logs = await value<{ directory: string; files: Array<{ name: string; bytes: number }> }>('exportLogs', { target: 'usb' });
    expect(logs.directory.startsWith(join(dataDir, 'export'))).toBe(true);
    expect(logs.files.map((f) => f.name)).toContain('kiosk.log');
    const text = readFileSync(join(logs.directory, 'kiosk.log'), 'utf8');
    expect(text).toContain('self-test');
    expect(text).not.toContain(card.idNumber);

    const audit = await value<{ directory: string; files: Array<{ name: string }>; verification: { ok: boolean; entries: number } }>('exportAudit', { target: 'usb' });
    expect(audit.verification).toMatchObject({ ok: true });
    expect(audit.verification.entries).toBeGreaterThan(5);
    expect(existsSync(join(audit.directory, audit.files[0]!.name))).toBe(true);
    expect(await value('verifyAudit')).toMatchObject({ ok: true });
    expect(auditActions()).toEqual(expect.arrayContaining(['logs.exported', 'audit.exported', 'audit.verified']));
  });

  it('cannot restart in the demo shell, and says so', async () => {
    expect(await value('restartApp')).toEqual({ restarting: false });
    expect(auditActions()).toContain('app.restart-requested');
  });

  it('ends the session on exit: the maintenance methods are refused again', async () => {
    expect(await value('staffLogout')).toEqual({ ended: true });
    expect(events.at(-1)).toEqual({ event: 'staffSessionEnded', payload: { reason: 'logout' } });
    expect(await call('getMaintenanceOverview')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await value('staffLogout')).toEqual({ ended: false });
    expect(auditActions()).toContain('staff.exit');
    expect(stack.core.maintenance.audit.verify()).toMatchObject({ ok: true });
    // The PIN itself is written nowhere.
    for (const file of ['audit.jsonl', 'staff-auth.json', 'logs/kiosk.log']) {
      expect(readFileSync(join(dataDir, file), 'utf8'), file).not.toContain(PIN);
    }
  });
});

describe('PIN provisioning and lockout', () => {
  let locked: DemoStack;
  const lockedDir = mkdtempSync(join(tmpdir(), 'kiosk-lockout-'));
  const callB = (method: string, payload: unknown = {}) => locked.core.apiHost.dispatch(method, payload, ctx);
  const tapB = async () => {
    for (const corner of DEFAULT_CORNER_SEQUENCE) await callB('staffCornerTap', { corner });
  };

  beforeAll(async () => {
    locked = await startDemoStack({ dataDir: lockedDir, configOverride: { staff: { maxPinAttempts: 3, lockoutSeconds: 30 } } });
  });
  afterAll(async () => {
    await locked?.close();
    rmSync(lockedDir, { recursive: true, force: true });
  });

  it('has no default PIN: an unprovisioned terminal refuses every PIN', async () => {
    await tapB();
    for (const pin of ['000000', '123456', '888888']) {
      expect(await callB('staffLogin', { pin })).toEqual({ ok: true, value: { status: 'not-provisioned' } });
    }
  });

  it('makes the next attempt wait after a wrong PIN, refusing even the right one meanwhile, and persists the wait', async () => {
    expect(await locked.core.maintenance.staffAuth.setPin('369258', 'test')).toEqual({ ok: true });
    await tapB();
    expect(await callB('staffLogin', { pin: '111111' })).toMatchObject({ ok: true, value: { status: 'wrong-pin', remainingAttempts: 5, retryInSeconds: 1 } });
    expect(await callB('staffLogin', { pin: '369258' })).toMatchObject({ ok: true, value: { status: 'locked', long: false, retryInSeconds: 1 } });
    expect(await callB('getMaintenanceOverview')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const stored = JSON.parse(readFileSync(join(lockedDir, 'staff-auth.json'), 'utf8')) as { lockout: { nextAttemptAt: number | null } };
    expect(stored.lockout.nextAttemptAt).toBeGreaterThan(Date.now() - 1000);
    const actions = locked.core.maintenance.audit.tail(50).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.pin-changed', 'staff.pin-failed', 'staff.entry-refused']));
  });
});
