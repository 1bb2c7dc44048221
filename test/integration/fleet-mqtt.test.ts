/**
 * The fleet agent against a real mosquitto broker on loopback: heartbeat contents, every command
 * with its acknowledgements, signed bundles good and bad, de-duplication, and the last will when
 * the agent's connection is cut.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/audit/audit-log.ts';
import { ConfigBundleApplier } from '../../electron/core/config-bundle/bundle-applier.ts';
import { ConfigHistory } from '../../electron/core/config/config-history.ts';
import { ConfigVersions } from '../../electron/core/config/config-versions.ts';
import { ConfigStore } from '../../electron/core/config/load-config.ts';
import { maintenancePaths } from '../../electron/core/config/maintenance-paths.ts';
import { FleetAgent } from '../../electron/core/fleet/fleet-agent.ts';
import { fleetHandlersFor } from '../../electron/core/fleet/fleet-handlers.ts';
import { trackLastError } from '../../electron/core/fleet/last-error.ts';
import { createLogger } from '../../electron/core/logging/logger.ts';
import { createRotatingFileSink } from '../../electron/core/logging/rotating-file-sink.ts';
import { ServiceMode } from '../../electron/core/staff/service-mode.ts';
import { bundle, defaultsPath, makeKey, writeTrustingOverride } from '../unit/config-bundle/bundle-fixture.ts';
import { observe, startMosquitto, startProxy, type Broker } from './fleet-broker.ts';

let broker: Broker;
const cleanups: Array<() => Promise<void> | void> = [];
const fleetKey = makeKey('fleet-2025');

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.stop();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let terminalCounter = 0;

/** A terminal with real services (config, bundles, audit, service mode, logs) and its agent. */
async function terminal(options: { brokerUrl?: string } = {}) {
  const terminalId = `KM-${String(++terminalCounter + 7000).padStart(4, '0')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-'));
  const paths = maintenancePaths(dataDir);
  writeTrustingOverride(paths.override, [fleetKey], { terminalId });
  const sink = createRotatingFileSink({ path: paths.logFile, maxBytes: 64 * 1024 });
  const tracked = trackLastError(createLogger({ write: sink.write }));
  const audit = new AuditLog({ path: paths.audit });
  const store = new ConfigStore({ defaultsPath, overridePath: paths.override });
  const versions = new ConfigVersions({ store, history: new ConfigHistory({ historyDir: paths.configHistory, overridePath: paths.override }), defaultsPath, audit });
  const bundles = new ConfigBundleApplier({ versions, config: () => store.current, statePath: paths.bundleState, audit });
  const serviceMode = new ServiceMode({ path: paths.serviceMode, audit });
  const restarts: string[] = [];
  let queue = { pending: 4, failed: 1 };
  const agent = new FleetAgent({
    brokerUrl: options.brokerUrl ?? broker.url,
    terminalId,
    topicPrefix: 'bianmin/v1',
    heartbeatMs: 60_000,
    statePath: paths.fleetCommands,
    mqtt: { reconnectPeriod: 200, connectTimeout: 2000, keepalive: 5 },
    sources: {
      appVersion: '0.1.0-test',
      configVersion: () => store.current.version,
      devices: () => [
        { device: 'idCard', state: 'ready', flags: [] },
        { device: 'printer', state: 'error', reason: 'paper-out', flags: ['cover-open'] },
      ],
      queueDepth: () => queue,
      serviceMode: () => serviceMode.current(),
      lastError: tracked.lastError,
      diskPath: dataDir,
      auditHead: () => audit.head(),
    },
    handlers: fleetHandlersFor({
      store,
      bundles,
      serviceMode,
      recentLogs: (max) => sink.readRecent(max),
      restart: (reason) => {
        restarts.push(reason);
      },
    }),
  });
  const fleet = await observe(broker.url, `bianmin/v1/terminals/${terminalId}/#`);
  cleanups.push(async () => {
    await agent.stop();
    await fleet.client.endAsync();
    sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const topic = (leaf: string) => `bianmin/v1/terminals/${terminalId}/${leaf}`;
  const send = async (command: Record<string, unknown>, target = topic('commands')) => {
    await fleet.client.publishAsync(target, JSON.stringify(command), { qos: 1 });
  };
  const ack = (id: string, status: string) => fleet.waitFor((m) => m.topic === topic('acks') && m.json().id === id && m.json().status === status);
  return {
    terminalId, agent, fleet, store, serviceMode, audit, tracked, restarts, topic, send, ack, paths,
    setQueue: (q: typeof queue) => (queue = q),
  };
}

async function online(t: Awaited<ReturnType<typeof terminal>>) {
  t.agent.start();
  await t.fleet.waitFor((m) => m.topic === t.topic('status') && m.json().state === 'online');
}

describe('fleet agent over MQTT (mosquitto)', () => {
  it('announces itself (retained) and sends a heartbeat with devices, queue, versions, disk and last error', async () => {
    const t = await terminal();
    t.tracked.logger.child('printer').error('print failed', { error: 'paper out' });
    t.setQueue({ pending: 7, failed: 2 });
    const audited = t.audit.append('staff', 'staff.entry');
    await online(t);
    const heartbeat = (await t.fleet.waitFor((m) => m.topic === t.topic('heartbeat'))).json();
    expect(heartbeat).toMatchObject({
      terminalId: t.terminalId,
      appVersion: '0.1.0-test',
      configVersion: '0.1.0',
      devices: [
        { device: 'idCard', state: 'ready' },
        { device: 'printer', state: 'error', reason: 'paper-out', flags: ['cover-open'] },
      ],
      queue: { pending: 7, failed: 2 },
      serviceMode: { mode: 'in-service' },
      lastError: { message: 'print failed: paper out', scope: 'printer' },
      auditHead: { seq: 1, hash: audited.hash },
    });
    const disk = heartbeat.disk as { freeBytes: number; totalBytes: number };
    expect(disk.freeBytes).toBeGreaterThan(0);
    expect(disk.totalBytes).toBeGreaterThanOrEqual(disk.freeBytes);

    // A fleet dashboard connecting later still sees the terminal online (retained status).
    const late = await observe(broker.url, t.topic('status'));
    const status = await late.waitFor(() => true);
    expect(status.retain).toBe(true);
    expect(status.json()).toMatchObject({ terminalId: t.terminalId, state: 'online', appVersion: '0.1.0-test' });
    await late.client.endAsync();
  });

  it('reload-config with a good signed bundle: accepted, done, config running', async () => {
    const t = await terminal();
    await online(t);
    const good = bundle(fleetKey, '1.1.0', { terminalId: t.terminalId, publicKeys: [{ id: fleetKey.id, key: fleetKey.publicKey }], locale: 'en-US' });
    await t.send({ id: 'cfg-1', type: 'reload-config', args: { bundle: good } });
    await t.ack('cfg-1', 'accepted');
    const done = (await t.ack('cfg-1', 'done')).json();
    expect(done).toMatchObject({ type: 'reload-config', detail: 'applied', result: { version: '1.1.0' } });
    expect(t.store.current.locale).toBe('en-US');
    expect(t.store.current.version).toBe('1.1.0');
  });

  it.each([
    ['bad signature', () => ({ ...bundle(fleetKey, '1.1.0', { locale: 'en-US' }), signature: bundle(makeKey('fleet-2025'), '1.1.0', {}).signature }), 'bad-signature'],
    ['unknown key', () => bundle(makeKey('rogue'), '1.1.0', { locale: 'en-US' }), 'unknown-key'],
    ['schema error', () => bundle(fleetKey, '1.1.0', { locale: 'en-US', timeouts: { inactivitySeconds: 3 } }), 'schema'],
  ])('reload-config with a bundle with a %s: failed ack with the reason, running config unchanged', async (_label, make, reason) => {
    const t = await terminal();
    await online(t);
    const before = t.store.current;
    const overrideBefore = readFileSync(t.paths.override, 'utf8');
    await t.send({ id: 'cfg-bad', type: 'reload-config', args: { bundle: JSON.stringify(make()) } });
    const failed = (await t.ack('cfg-bad', 'failed')).json();
    expect(failed).toMatchObject({ result: { reason } });
    expect(String(failed.detail)).toContain(reason);
    expect(t.store.current).toBe(before);
    expect(readFileSync(t.paths.override, 'utf8')).toBe(overrideBefore);
    expect(t.audit.tail(1)[0]).toMatchObject({ action: 'config.bundle-refused', actor: 'fleet', details: { reason } });
  });

  it('reload-config replaying an older bundle is refused', async () => {
    const t = await terminal();
    await online(t);
    const keep = { terminalId: t.terminalId, publicKeys: [{ id: fleetKey.id, key: fleetKey.publicKey }] };
    await t.send({ id: 'new', type: 'reload-config', args: { bundle: bundle(fleetKey, '2.0.0', { ...keep, locale: 'en-US' }) } });
    await t.ack('new', 'done');
    await t.send({ id: 'old', type: 'reload-config', args: { bundle: bundle(fleetKey, '1.9.0', { ...keep, locale: 'zh-CN' }) } });
    expect((await t.ack('old', 'failed')).json()).toMatchObject({ result: { reason: 'replayed', version: '1.9.0' } });
    expect(t.store.current.locale).toBe('en-US');
  });

  it('restart: the done ack reaches the fleet before the app restarts', async () => {
    const t = await terminal();
    await online(t);
    let ackSeenBeforeRestart = false;
    t.agent.on('command', (command, ack) => {
      if (command.type === 'restart') ackSeenBeforeRestart = ack.status === 'done' && t.restarts.length === 0;
    });
    await t.send({ id: 'rs-1', type: 'restart', args: { reason: 'software update' } });
    await t.ack('rs-1', 'done');
    await expect.poll(() => t.restarts).toEqual(['software update']);
    expect(ackSeenBeforeRestart).toBe(true);
  });

  it('enter and leave out of service, shown in the next heartbeat and audited', async () => {
    const t = await terminal();
    await online(t);
    await t.send({ id: 'oos-1', type: 'enter-out-of-service', args: { message: { 'zh-CN': '设备维护中' } } });
    expect((await t.ack('oos-1', 'done')).json()).toMatchObject({ result: { mode: 'out-of-service' } });
    expect(t.serviceMode.current()).toMatchObject({ mode: 'out-of-service', by: 'fleet', message: { 'zh-CN': '设备维护中' } });
    await t.agent.publishHeartbeat();
    await t.fleet.waitFor((m) => m.topic === t.topic('heartbeat') && (m.json().serviceMode as { mode: string }).mode === 'out-of-service');

    await t.send({ id: 'oos-2', type: 'leave-out-of-service' });
    await t.ack('oos-2', 'done');
    expect(t.serviceMode.current().mode).toBe('in-service');
    expect(t.audit.tail(2).map((e) => [e.actor, e.details.mode])).toEqual([
      ['fleet', 'out-of-service'],
      ['fleet', 'in-service'],
    ]);
  });

  it('request-logs publishes the recent log text (ID numbers masked) and acknowledges with its size', async () => {
    const t = await terminal();
    for (let i = 0; i < 50; i++) t.tracked.logger.info('card read', { i, holder: '11010519491231002X' });
    await online(t);
    await t.send({ id: 'logs-1', type: 'request-logs', args: { maxBytes: 4096 } });
    const done = (await t.ack('logs-1', 'done')).json();
    const result = done.result as { parts: number; bytes: number; topic: string };
    expect(result.topic).toBe(t.topic('logs/logs-1'));
    expect(result.bytes).toBeGreaterThan(1000);
    expect(result.bytes).toBeLessThanOrEqual(4096);
    const chunk = (await t.fleet.waitFor((m) => m.topic === t.topic('logs/logs-1'))).json();
    expect(chunk).toMatchObject({ requestId: 'logs-1', part: 1, parts: result.parts, encoding: 'base64' });
    const text = Buffer.from(String(chunk.data), 'base64').toString('utf8');
    expect(text).toContain('"i":49');
    expect(text).toContain('110***********002X');
    expect(text).not.toContain('11010519491231002X');
  });

  it('rejects invalid and expired commands with a reason, and reports garbage as an event', async () => {
    const t = await terminal();
    await online(t);
    await t.send({ id: 'bad-1', type: 'format-disk' });
    expect((await t.ack('bad-1', 'rejected')).json().detail).toContain('type');
    await t.send({ id: 'old-1', type: 'restart', expiresAt: '2020-01-01T00:00:00Z' });
    expect((await t.ack('old-1', 'rejected')).json().detail).toBe('expired at 2020-01-01T00:00:00Z');
    await t.fleet.client.publishAsync(t.topic('commands'), 'definitely not json', { qos: 1 });
    const event = await t.fleet.waitFor((m) => m.topic === t.topic('events'));
    expect(event.json()).toMatchObject({ type: 'command-rejected', detail: 'not JSON' });
    expect(t.restarts).toEqual([]);
  });

  it('a command delivered twice runs once; the second delivery repeats the outcome', async () => {
    const t = await terminal();
    await online(t);
    await t.send({ id: 'dup-1', type: 'restart' });
    await t.ack('dup-1', 'done');
    await t.send({ id: 'dup-1', type: 'restart' });
    const repeat = await t.fleet.waitFor((m) => m.topic === t.topic('acks') && String(m.json().detail).includes('repeated delivery'));
    expect(repeat.json()).toMatchObject({ id: 'dup-1', status: 'done' });
    expect(t.restarts).toEqual(['fleet command']);
  });

  it('the remembered command ids survive an app restart: a redelivered restart does not loop', async () => {
    const t = await terminal();
    await online(t);
    await t.send({ id: 'loop-1', type: 'restart' });
    await t.ack('loop-1', 'done');
    await t.agent.stop();
    const saved = JSON.parse(readFileSync(t.paths.fleetCommands, 'utf8')) as Array<{ id: string; status: string }>;
    expect(saved).toContainEqual(expect.objectContaining({ id: 'loop-1', status: 'done' }));
  });

  it('runs broadcast commands too', async () => {
    const t = await terminal();
    await online(t);
    await t.send({ id: 'all-1', type: 'enter-out-of-service' }, 'bianmin/v1/broadcast/commands');
    await t.ack('all-1', 'done');
    expect(t.serviceMode.current().mode).toBe('out-of-service');
  });

  it('last will: a cut connection shows the terminal offline, and it comes back online by itself', async () => {
    const proxy = await startProxy(broker.port);
    cleanups.push(() => proxy.close());
    const t = await terminal({ brokerUrl: proxy.url });
    await online(t);
    t.fleet.messages.length = 0;

    proxy.cutAll();
    const offline = await t.fleet.waitFor((m) => m.topic === t.topic('status') && m.json().state === 'offline');
    expect(offline.json()).toMatchObject({ terminalId: t.terminalId, reason: 'connection-lost' });

    const back = await t.fleet.waitFor((m) => m.topic === t.topic('status') && m.json().state === 'online', 8000);
    expect(back.json()).toMatchObject({ terminalId: t.terminalId });
    await expect.poll(() => t.agent.state).toBe('online');
    // The subscription survives the reconnect: commands still arrive.
    await t.send({ id: 'after-cut', type: 'leave-out-of-service' });
    await t.ack('after-cut', 'done');
  });

  it('a clean shutdown says offline with reason shutdown (no last will needed)', async () => {
    const t = await terminal();
    await online(t);
    await t.agent.stop();
    const offline = await t.fleet.waitFor((m) => m.topic === t.topic('status') && m.json().state === 'offline');
    expect(offline.json()).toMatchObject({ reason: 'shutdown' });
    expect(t.agent.state).toBe('stopped');
  });
});
