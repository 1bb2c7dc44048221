/**
 * The fleet agent against a real mosquitto broker on loopback: heartbeat contents, every signed
 * command with its acknowledgements, refusals (unsigned, forged, expired, replayed also after a
 * restart, mis-targeted, unknown key) reported as events, signed bundles good and bad, and the
 * last will when the agent's connection is cut.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { RevokedKeys } from '../../../../../electron/core/config-bundle/revoked-keys.ts';
import { ConfigBundleApplier } from '../../../../../electron/core/config-bundle/bundle-applier.ts';
import { ConfigHistory } from '../../../../../electron/core/config/config-history.ts';
import { ConfigVersions } from '../../../../../electron/core/config/config-versions.ts';
import { ConfigStore } from '../../../../../electron/core/config/load-config.ts';
import { maintenancePaths } from '../../../../../electron/core/config/maintenance-paths.ts';
import { FleetAgent } from '../../../../../electron/core/fleet/fleet-agent.ts';
import { signCommand, type SignedCommand } from '../../../../../electron/core/fleet/signed-command.ts';
import { fleetHandlersFor } from '../../../../../electron/core/fleet/fleet-handlers.ts';
import { trackLastError } from '../../../../../electron/core/fleet/last-error.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { createRotatingFileSink } from '../../../../../electron/core/logging/rotating-file-sink.ts';
import { ServiceMode } from '../../../../../electron/core/staff/service-mode.ts';
import { bundle, defaultsPath, makeKey, writeTrustingOverride } from '../../../../support/signed-bundles.ts';
import { observe, startMosquitto, startProxy, type Broker } from '../../../../support/mosquitto-broker.ts';

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
type Sign = Parameters<typeof signCommand>[0];

/** A command signed by the fleet key for one terminal (or as `extra` says). */
function signedFor(terminalId: string, name: string, args: Record<string, unknown> = {}, extra: Partial<Sign> = {}): SignedCommand {
  return signCommand({ keyId: fleetKey.id, privateKey: fleetKey.privateKey, command: { name, args }, targets: { terminals: [terminalId] }, ...extra });
}

async function terminal(options: { brokerUrl?: string; dataDir?: string; terminalId?: string } = {}) {
  const terminalId = options.terminalId ?? `KM-${String(++terminalCounter + 7000).padStart(4, '0')}`;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-fleet-'));
  const paths = maintenancePaths(dataDir);
  writeTrustingOverride(paths.override, [fleetKey], { terminalId });
  const sink = createRotatingFileSink({ path: paths.logFile, maxBytes: 64 * 1024 });
  const tracked = trackLastError(createLogger({ write: sink.write }));
  const audit = new AuditLog({ path: paths.audit });
  const store = new ConfigStore({ defaultsPath, overridePath: paths.override });
  const versions = new ConfigVersions({ store, history: new ConfigHistory({ historyDir: paths.configHistory, overridePath: paths.override }), defaultsPath, audit });
  const bundles = new ConfigBundleApplier({ versions, config: () => store.current, statePath: paths.bundleState, revokedKeys: new RevokedKeys(paths.revokedKeys), audit });
  const serviceMode = new ServiceMode({ path: paths.serviceMode, audit });
  const restarts: string[] = [];
  let lockoutClears = 0;
  let queue = { pending: 4, failed: 1 };
  const agent = new FleetAgent({
    brokerUrl: options.brokerUrl ?? broker.url,
    terminalId,
    topicPrefix: 'bianmin/v1',
    heartbeatMs: 60_000,
    statePath: paths.fleetCommands,
    noncePath: join(dataDir, 'fleet-nonces.json'),
    trustedKeys: () => store.current.publicKeys,
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
      clearStaffLockout: () => {
        lockoutClears++;
        return { ok: true, detail: 'cleared' };
      },
    }),
  });
  const fleet = await observe(broker.url, `bianmin/v1/terminals/${terminalId}/#`);
  cleanups.push(async () => {
    await agent.stop();
    await fleet.client.endAsync();
    sink.close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const topic = (leaf: string) => `bianmin/v1/terminals/${terminalId}/${leaf}`;
  const publish = async (command: unknown, target = topic('commands')) => {
    await fleet.client.publishAsync(target, typeof command === 'string' ? command : JSON.stringify(command), { qos: 1 });
  };
  /** Signs a command for this terminal and publishes it; the nonce names its acks. */
  const send = async (name: string, args: Record<string, unknown> = {}, extra: Partial<Sign> = {}, target = topic('commands')) => {
    const command = signedFor(terminalId, name, args, extra);
    await publish(command, target);
    return command.nonce;
  };
  const ack = (id: string, status: string) => fleet.waitFor((m) => m.topic === topic('acks') && m.json().id === id && m.json().status === status);
  const refusal = (reason: string) => fleet.waitFor((m) => m.topic === topic('events') && m.json().type === 'command-refused' && m.json().reason === reason);
  return {
    terminalId, agent, fleet, store, serviceMode, audit, tracked, restarts, topic, send, publish, ack, refusal, paths, dataDir,
    setQueue: (q: typeof queue) => (queue = q),
    lockoutClears: () => lockoutClears,
  };
}

type T = Awaited<ReturnType<typeof terminal>>;

async function online(t: T) {
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
    const id = await t.send('reload-config', { bundle: good });
    await t.ack(id, 'accepted');
    const done = (await t.ack(id, 'done')).json();
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
    const id = await t.send('reload-config', { bundle: JSON.stringify(make()) });
    const failed = (await t.ack(id, 'failed')).json();
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
    await t.ack(await t.send('reload-config', { bundle: bundle(fleetKey, '2.0.0', { ...keep, locale: 'en-US' }) }), 'done');
    const old = await t.send('reload-config', { bundle: bundle(fleetKey, '1.9.0', { ...keep, locale: 'zh-CN' }) });
    expect((await t.ack(old, 'failed')).json()).toMatchObject({ result: { reason: 'replayed', version: '1.9.0' } });
    expect(t.store.current.locale).toBe('en-US');
  });

  it('restart: the done ack reaches the fleet before the app restarts', async () => {
    const t = await terminal();
    await online(t);
    let ackSeenBeforeRestart = false;
    t.agent.on('command', (command, ack) => {
      if (command.body.name === 'restart') ackSeenBeforeRestart = ack.status === 'done' && t.restarts.length === 0;
    });
    await t.ack(await t.send('restart', { reason: 'software update' }), 'done');
    await expect.poll(() => t.restarts).toEqual(['software update']);
    expect(ackSeenBeforeRestart).toBe(true);
  });

  it('enter and leave out of service, shown in the next heartbeat and audited', async () => {
    const t = await terminal();
    await online(t);
    const message = { 'zh-CN': '设备维护中', 'en-US': 'Under maintenance' };
    const enter = await t.send('out-of-service', { message });
    expect((await t.ack(enter, 'done')).json()).toMatchObject({ type: 'out-of-service', result: { mode: 'out-of-service' } });
    expect(t.serviceMode.current()).toMatchObject({ mode: 'out-of-service', by: 'fleet', message });
    await t.agent.publishHeartbeat();
    await t.fleet.waitFor((m) => m.topic === t.topic('heartbeat') && (m.json().serviceMode as { mode: string }).mode === 'out-of-service');

    await t.ack(await t.send('back-in-service'), 'done');
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
    const id = await t.send('request-logs', { maxBytes: 4096 });
    const done = (await t.ack(id, 'done')).json();
    const result = done.result as { parts: number; bytes: number; topic: string };
    expect(result.topic).toBe(t.topic(`logs/${id}`));
    expect(result.bytes).toBeGreaterThan(1000);
    expect(result.bytes).toBeLessThanOrEqual(4096);
    const chunk = (await t.fleet.waitFor((m) => m.topic === t.topic(`logs/${id}`))).json();
    expect(chunk).toMatchObject({ requestId: id, part: 1, parts: result.parts, encoding: 'base64' });
    const text = Buffer.from(String(chunk.data), 'base64').toString('utf8');
    expect(text).toContain('"i":49');
    expect(text).toContain('110***********002X');
    expect(text).not.toContain('11010519491231002X');
  });

  it.each([
    ['unsigned', (_t: T) => ({ id: 'old-style', type: 'restart' }), 'unsigned'],
    ['not JSON', (_t: T) => 'definitely not json', 'malformed'],
    ['forged signature', (t: T) => ({ ...signedFor(t.terminalId, 'restart'), signature: signedFor(t.terminalId, 'back-in-service').signature }), 'bad-signature'],
    ['unknown key', (t: T) => signCommand({ keyId: 'rogue', privateKey: makeKey('rogue').privateKey, command: { name: 'restart' }, targets: { terminals: [t.terminalId] } }), 'unknown-key'],
    [
      'expired',
      (t: T) => signedFor(t.terminalId, 'restart', {}, { issuedAt: new Date(Date.now() - 7200_000), expiresAt: new Date(Date.now() - 3600_000) }),
      'expired',
    ],
    ['wrong terminal', (_t: T) => signedFor('KM-9999', 'restart'), 'not-for-this-terminal'],
  ])('refuses a command that is %s and reports it as an event; nothing runs', async (_label, make, reason) => {
    const t = await terminal();
    await online(t);
    await t.publish(make(t));
    const event = (await t.refusal(reason)).json();
    expect(event).toMatchObject({ type: 'command-refused', reason });
    expect(String(event.detail).length).toBeGreaterThan(0);
    // The agent is still listening: a good command afterwards runs.
    await t.ack(await t.send('back-in-service'), 'done');
    expect(t.restarts).toEqual([]);
    expect(t.audit.tail(5).map((e) => e.action)).not.toContain('fleet.command');
  });

  it('a command signed for this terminal but expired is also acknowledged rejected, with the reason', async () => {
    const t = await terminal();
    await online(t);
    const stale = await t.send('restart', {}, { issuedAt: new Date(Date.now() - 7200_000), expiresAt: new Date(Date.now() - 3600_000) });
    expect((await t.ack(stale, 'rejected')).json().detail).toMatch(/^expired: expired at/);
    expect(t.restarts).toEqual([]);
  });

  it('a replayed command runs once; the replay is refused as an event naming the first outcome', async () => {
    const t = await terminal();
    await online(t);
    const command = signedFor(t.terminalId, 'restart');
    await t.publish(command);
    await t.ack(command.nonce, 'done');
    await t.publish(command);
    const event = (await t.refusal('replayed')).json();
    expect(event).toMatchObject({ nonce: command.nonce, name: 'restart', previous: { status: 'done' } });
    expect(t.restarts).toEqual(['fleet command']);
  });

  it('a replay after a restart of the terminal is refused too (nonces persisted)', async () => {
    const first = await terminal();
    await online(first);
    const command = signedFor(first.terminalId, 'restart');
    await first.publish(command);
    await first.ack(command.nonce, 'done');
    await first.agent.stop();

    const again = await terminal({ dataDir: first.dataDir, terminalId: first.terminalId });
    await online(again);
    await again.publish(command);
    expect((await again.refusal('replayed')).json()).toMatchObject({ nonce: command.nonce });
    expect(again.restarts).toEqual([]);
  });

  it('a damaged nonce file is reported to the fleet once online, and older commands are refused as possibly replayed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-'));
    writeFileSync(join(dataDir, 'fleet-nonces.json'), '{"version":1,"entr');
    const t = await terminal({ dataDir });
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    await online(t);
    const damaged = (await t.fleet.waitFor((m) => m.topic === t.topic('events') && m.json().type === 'nonce-ledger-damaged')).json();
    expect(String(damaged.detail)).toContain('damaged');
    await t.send('restart', {}, { issuedAt: new Date(Date.now() - 60_000) });
    await t.refusal('replayed');
    await t.ack(await t.send('back-in-service'), 'done');
    expect(t.restarts).toEqual([]);
  });

  it('clear-staff-lockout is routed to the staff service; a command not wired here answers failed', async () => {
    const t = await terminal();
    await online(t);
    expect((await t.ack(await t.send('clear-staff-lockout'), 'done')).json()).toMatchObject({ type: 'clear-staff-lockout', detail: 'cleared' });
    expect(t.lockoutClears()).toBe(1);
    // Not wired in this terminal: answered failed, never silently dropped.
    expect((await t.ack(await t.send('retry-held-items'), 'failed')).json()).toMatchObject({ detail: 'not available on this terminal' });
  });

  it('runs broadcast commands too', async () => {
    const t = await terminal();
    await online(t);
    const all = await t.send('out-of-service', { message: { 'zh-CN': '维护', 'en-US': 'Maintenance' } }, { targets: { groups: ['*'] } }, 'bianmin/v1/broadcast/commands');
    await t.ack(all, 'done');
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
    await t.ack(await t.send('back-in-service'), 'done');
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
