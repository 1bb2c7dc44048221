/**
 * The outbox inside the real core, through the dispatcher as either shell calls it: 好差评
 * evaluations delivered or queued, the network state and its event, STORAGE_FULL, shutdown
 * draining and a restart delivering what was left, a damaged database at start, and the key
 * never appearing in the log.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskEvents, NetworkStateView } from '../../../../../electron/contract/kiosk-api.ts';
import { createKioskCore, type KioskCore } from '../../../../../electron/core/kiosk-core.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { captureLogger, tempDir } from '../../../../support/outbox-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

const root = join(import.meta.dirname, '../../../../..');
const ctx = { shell: 'browser' as const, connectionId: 'outbox-core' };
let upstream: ReferenceUpstream;
let temp: ReturnType<typeof tempDir>;
let cores: KioskCore[] = [];
let log: ReturnType<typeof captureLogger>;

beforeEach(async () => {
  upstream = await startReferenceUpstream();
  temp = tempDir('outbox-core');
  log = captureLogger();
  writeFileSync(
    temp.path('config.json'),
    JSON.stringify({
      terminalId: 'KM-0042',
      upstream: { baseUrl: upstream.url, timeoutMs: 600 },
      devices: {
        idCard: { enabled: false, path: '', baudRate: 115200 },
        printer: { enabled: false, path: '', baudRate: 9600 },
        scanner: { enabled: false, path: '', baudRate: 9600 },
      },
    }),
  );
});
afterEach(async () => {
  for (const core of cores.splice(0)) await core.shutdown();
  await upstream.close();
  temp.remove();
});

async function start(): Promise<{ core: KioskCore; events: Array<KioskEvents['networkState']> }> {
  const core = await createKioskCore({
    dataDir: temp.dir,
    resourcesDir: join(root, 'resources'),
    shell: 'browser',
    logger: log.logger,
    outbox: { offlineProbeMs: 100, onlineProbeMs: 1000, drainMs: 500 },
  });
  cores.push(core);
  const events: Array<KioskEvents['networkState']> = [];
  core.apiHost.onEvent((event, payload) => {
    if (event === 'networkState') events.push(payload as NetworkStateView);
  });
  return { core, events };
}

const call = (core: KioskCore, method: string, payload: unknown = {}) => core.apiHost.dispatch(method, payload, ctx);
const evaluation = (transactionId: string, rating = 5) => ({
  serviceId: 'credit-query',
  transactionId,
  rating,
  ...(rating <= 2 ? { reasons: ['too-slow'] } : {}),
});
const online = (core: KioskCore) => waitFor(() => core.outbox.monitor.state === 'online', 3000, 'online');

describe('the outbox in the core', () => {
  it('delivers an evaluation at once when online, with a receipt number, and counts it for the month', async () => {
    const { core, events } = await start();
    await online(core);
    expect(events.at(-1)).toMatchObject({ state: 'online', queued: 0 });
    const res = await call(core, 'submitEvaluation', evaluation('XY20250301000001', 1));
    expect(res).toEqual({ ok: true, value: { receiptNo: expect.stringMatching(/^KM-0042-\d{8}-[2-9A-Z]{6}$/), delivery: 'delivered', alreadyRated: false } });
    const sent = upstream.submissions.get('eval-XY20250301000001')!.body as { stream: string; payload: Record<string, unknown> };
    expect(sent).toMatchObject({ stream: 'evaluations', kind: 'evaluation.v1', payload: { serviceId: 'credit-query', rating: 1, level: 'very-dissatisfied', reasons: ['too-slow'] } });
    const again = await call(core, 'submitEvaluation', evaluation('XY20250301000001', 5));
    expect(again).toMatchObject({ ok: true, value: { alreadyRated: true, delivery: 'delivered' } });
    expect(core.outbox.tally.month(core.outbox.tally.monthOf())).toEqual([
      { serviceId: 'credit-query', transactions: 0, ratings: [1, 0, 0, 0, 0], reasons: { 'too-slow': 1 } },
    ]);
    expect(await call(core, 'submitEvaluation', { ...evaluation('XY20250301000002'), serviceId: 'fortune-telling' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('unknown service') },
    });
  });

  it('says queued at once while offline, shows it in the network state, and delivers when back', async () => {
    const { core, events } = await start();
    await online(core);
    upstream.setFault('reset');
    await waitFor(() => core.outbox.monitor.state === 'offline', 5000, 'offline');
    const started = Date.now();
    const res = await call(core, 'submitEvaluation', evaluation('XY20250301000003', 4));
    expect(Date.now() - started).toBeLessThan(500);
    expect(res).toMatchObject({ ok: true, value: { delivery: 'queued' } });
    expect(await call(core, 'getNetworkState')).toEqual({ ok: true, value: { state: 'offline', since: expect.any(String), queued: 1 } });
    expect(events.map((e) => e.state)).toContain('offline');
    upstream.setFault('none');
    await waitFor(() => upstream.submissions.has('eval-XY20250301000003'), 5000, 'delivery after reconnection');
    await waitFor(() => events.at(-1)?.state === 'online', 2000, 'the online event');
  });

  it('refuses with STORAGE_FULL when the disk is full, and nothing is lost', async () => {
    const { core } = await start();
    await online(core);
    upstream.setFault('hang', { path: '/api/v1/submissions' });
    expect(await call(core, 'submitEvaluation', evaluation('XY20250301000004'))).toMatchObject({ ok: true, value: { delivery: 'queued' } });
    core.db.pragma(`max_page_count = ${core.db.pragma('page_count', { simple: true }) as number}`);
    expect(await call(core, 'submitEvaluation', evaluation('XY20250301000005'))).toEqual({
      ok: false,
      error: { code: 'STORAGE_FULL', message: expect.stringContaining('storage is full: the submission was not saved') },
    });
    expect(core.outbox.outbox.list({ status: 'pending' }).map((i) => i.idempotencyKey)).toEqual(['eval-XY20250301000004']);
  });

  it('shutdown refuses new submissions and bounds the drain; a restart delivers what was left', async () => {
    const first = await start();
    await online(first.core);
    upstream.setFault('hang', { path: '/api/v1/submissions' });
    await call(first.core, 'submitEvaluation', evaluation('XY20250301000006'));
    const started = Date.now();
    await first.core.shutdown();
    cores = [];
    expect(Date.now() - started).toBeLessThan(3000);
    expect(() => first.core.outbox.outbox.enqueue({ stream: 'x', kind: 'k', payload: {} })).toThrow(/shutting down/);

    upstream.setFault('none');
    const second = await start();
    await waitFor(() => upstream.submissions.has('eval-XY20250301000006'), 5000, 'delivery after restart');
    // The upstream records a submission before it answers; the outbox marks it delivered on the answer.
    await waitFor(() => second.core.outbox.outbox.getByKey('eval-XY20250301000006')?.status === 'delivered', 5000, 'marked delivered');
    expect(upstream.submissions.has('eval-XY20250301000006')).toBe(true);

    // The key file (no credentials folder here: the data directory's key ring): 0600, and its content never in the log.
    const keyPath = join(temp.dir, 'keys', `${second.core.outbox.outbox.getByKey('eval-XY20250301000006')?.keyId}.key`);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const keyHex = readFileSync(keyPath, 'utf8').trim();
    expect(log.lines.join('\n')).not.toContain(keyHex);
    expect(log.lines.some((l) => l.includes('"message":"outbox key created"'))).toBe(true);
  });

  it('starts on a damaged database: moved aside, alert logged, queued submissions recovered and delivered', async () => {
    const first = await start();
    upstream.setFault('hang', { path: '/api/v1/submissions' });
    await online(first.core);
    await call(first.core, 'submitEvaluation', evaluation('XY20250301000007'));
    await first.core.shutdown();
    cores = [];
    // Damage the 好差评 tally's page: found by quick_check at start; the outbox rows stay readable.
    const dbPath = join(temp.dir, 'kiosk.db');
    const check = new Database(dbPath, { readonly: true });
    const { rootpage } = check.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'service_month_tally'").get() as { rootpage: number };
    check.close();
    const bytes = readFileSync(dbPath);
    bytes.fill(0xa5, (rootpage - 1) * 4096, rootpage * 4096);
    writeFileSync(dbPath, bytes);

    upstream.setFault('none');
    const { core } = await start();
    expect(core.databaseAlert?.salvage).toEqual({ salvaged: 1, unreadable: 0 });
    // Shown to staff and the fleet, not only logged: the core's alert board has it.
    expect(core.outbox.alerts.get('database-replaced')).toMatchObject({ kind: 'database-replaced', severity: 'critical' });
    expect(core.outbox.alerts.get('database-replaced')?.detail).toContain('1 undelivered submission(s) were recovered');
    expect(log.lines.some((l) => l.includes('"message":"database replaced"'))).toBe(true);
    await waitFor(() => upstream.submissions.has('eval-XY20250301000007'), 5000, 'delivery of the recovered item');
  });

  it('a damaged key file does not stop the terminal: kept aside, new key, old items held and reported', async () => {
    const first = await start();
    upstream.setFault('hang', { path: '/api/v1/submissions' });
    await online(first.core);
    await call(first.core, 'submitEvaluation', evaluation('XY20250301000008'));
    await first.core.shutdown();
    cores = [];
    const keyFiles = readdirSync(join(temp.dir, 'keys')).filter((name) => name.endsWith('.key'));
    expect(keyFiles).toHaveLength(1);
    const keyFile = keyFiles[0]!;
    writeFileSync(join(temp.dir, 'keys', keyFile), 'not a key\n');

    upstream.setFault('none');
    const { core } = await start();
    expect(log.lines.some((l) => l.includes('"message":"outbox key file invalid: moved aside"'))).toBe(true);
    expect(log.lines.some((l) => l.includes('"message":"outbox key created"'))).toBe(true);
    expect(readdirSync(join(temp.dir, 'keys')).some((name) => name.startsWith(`${keyFile}.invalid-`))).toBe(true);
    expect(core.outbox.alerts.get('outbox-key-invalid')).toMatchObject({ kind: 'outbox-undecryptable', severity: 'critical' });
    expect(core.outbox.outbox.keyReport().undecryptable).toBe(1);
    // The evaluations stream waits behind the item it cannot open: order holds, nothing is dropped.
    expect(await call(core, 'submitEvaluation', evaluation('XY20250301000009'))).toMatchObject({ ok: true, value: { delivery: 'queued' } });
    await waitFor(() => core.outbox.worker.heldStreams.includes('evaluations'), 3000, 'the stream to be held');
    expect(core.outbox.outbox.getByKey('eval-XY20250301000008')?.status).toBe('pending');
    // Maintenance gives the old key up: the unreadable item is kept as failed, the stream moves on.
    expect(core.outbox.outbox.setAsideUnreadable('staff-007')).toBe(1);
    core.outbox.worker.retryHeld();
    await waitFor(() => upstream.submissions.has('eval-XY20250301000009'), 5000, 'the next evaluation to go out');
    expect(core.outbox.outbox.list({ status: 'failed' })).toMatchObject([
      { idempotencyKey: 'eval-XY20250301000008', lastError: expect.stringMatching(/^sealed with key k-[0-9a-f]{12}, which this terminal does not hold; set aside by staff-007$/) },
    ]);
  });
});
