/**
 * The heartbeat extensions and start evidence over a real mosquitto broker: a terminal whose data
 * directory holds watchdog restarts and a database moved aside publishes one `watchdog-restart` /
 * `database-moved-aside` event each, with the time it happened, and not again after reconnecting;
 * its heartbeat's queue summary comes from a real SQLite outbox (oldest pending, streams held,
 * items no key here can open).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FleetAgent } from '../../../../../electron/core/fleet/fleet-agent.ts';
import type { HeartbeatSources } from '../../../../../electron/core/fleet/heartbeat.ts';
import { queueSummary } from '../../../../../electron/core/fleet/queue-summary.ts';
import { createStartEvidence } from '../../../../../electron/core/fleet/start-evidence.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { appendWatchdogRestart, watchdogRestartsPath } from '../../../../../electron/core/watchdog/restart-record.ts';
import { heartbeatSchema } from '../../../../../console/server/messages/terminal-messages.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { observe, startMosquitto, type Broker } from '../../../../support/mosquitto-broker.ts';
import { openOutbox, startSync, tempDir } from '../../../../support/outbox-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

let broker: Broker;
let upstream: ReferenceUpstream;
const cleanups: Array<() => Promise<void> | void> = [];
beforeAll(async () => {
  broker = await startMosquitto();
  upstream = await startReferenceUpstream();
});
afterAll(async () => {
  await broker.stop();
  await upstream.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const baseSources = (dataDir: string, over: Partial<HeartbeatSources> = {}): HeartbeatSources => ({
  appVersion: '0.1.0',
  configVersion: () => '1.0.0',
  devices: () => [],
  queueDepth: () => ({ pending: 0, failed: 0 }),
  serviceMode: () => ({ mode: 'in-service', since: '2026-12-04T08:00:00.000Z' }),
  lastError: () => null,
  diskPath: dataDir,
  ...over,
});

function agentFor(terminalId: string, dataDir: string, over: Partial<HeartbeatSources> = {}): FleetAgent {
  const evidence = createStartEvidence({ dataDir });
  const agent = new FleetAgent({
    brokerUrl: broker.url,
    terminalId,
    topicPrefix: 'kiosk',
    heartbeatMs: 60_000,
    trustedKeys: () => [],
    mqtt: { reconnectPeriod: 200 },
    sources: baseSources(dataDir, { watchdogRestarts: () => evidence.watchdogRestarts(), databasesMovedAside: () => evidence.databasesMovedAside(), ...over }),
    handlers: { reloadConfig: () => ({ ok: true }), restart: () => undefined, setOutOfService: () => ({ ok: true }), collectLogs: () => '' },
    startEvidence: evidence,
  });
  cleanups.push(() => agent.stop());
  return agent;
}

describe('start evidence over the broker', () => {
  it('publishes each restart and moved-aside database once, with its own time, and the heartbeat counts them', async () => {
    const temp = tempDir('fleet-evidence');
    cleanups.push(() => temp.remove());
    const restartedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    appendWatchdogRestart(watchdogRestartsPath(temp.dir), { at: restartedAt, reason: 'exited (SIGKILL)', restartsInWindow: 1 });
    writeFileSync(join(temp.dir, 'kiosk.db.corrupt-2026-12-04T07-30-00-000Z'), 'damaged');

    const watch = await observe(broker.url, 'kiosk/terminals/KM-7101/#');
    cleanups.push(() => watch.client.endAsync());
    const first = agentFor('KM-7101', temp.dir);
    first.start();
    const heartbeat = await watch.waitFor((m) => m.topic.endsWith('/heartbeat'));
    const hb = heartbeatSchema.parse(heartbeat.json());
    expect(hb.watchdogRestarts).toBe(1);
    expect(hb.databasesMovedAside).toEqual(['kiosk.db.corrupt-2026-12-04T07-30-00-000Z']);
    const events = () => watch.messages.filter((m) => m.topic.endsWith('/events')).map((m) => m.json());
    // Published before the first heartbeat, in time order.
    expect(events()).toEqual([
      { type: 'database-moved-aside', at: '2026-12-04T07:30:00.000Z', file: 'kiosk.db.corrupt-2026-12-04T07-30-00-000Z' },
      { type: 'watchdog-restart', at: restartedAt, reason: 'exited (SIGKILL)', restartsInWindow: 1 },
    ]);

    // The same terminal started again (same data directory): nothing reported twice.
    await first.stop();
    const again = agentFor('KM-7101', temp.dir);
    again.start();
    await waitFor(() => watch.messages.filter((m) => m.topic.endsWith('/heartbeat')).length === 2, 5000, 'the second heartbeat');
    expect(events()).toHaveLength(2);

    // A restart recorded while it runs (the Electron shell's renderer watchdog) goes out before the next heartbeat.
    const whileRunningAt = new Date().toISOString();
    appendWatchdogRestart(watchdogRestartsPath(temp.dir), { at: whileRunningAt, reason: 'renderer reloaded (gone)', restartsInWindow: 1 });
    await again.publishHeartbeat();
    await watch.waitFor((m) => m.topic.endsWith('/events') && m.json().at === whileRunningAt);
    expect(events()).toHaveLength(3);

    // A new restart while it is down is reported at the next connection.
    const laterAt = new Date().toISOString();
    appendWatchdogRestart(watchdogRestartsPath(temp.dir), { at: laterAt, reason: 'not answering (timeout)', restartsInWindow: 2 });
    await again.stop();
    const third = agentFor('KM-7101', temp.dir);
    third.start();
    await watch.waitFor((m) => m.topic.endsWith('/events') && m.json().at === laterAt);
    await waitFor(() => watch.messages.filter((m) => m.topic.endsWith('/heartbeat')).length === 4, 5000, 'the fourth heartbeat');
    expect(events()).toHaveLength(4);
    expect(heartbeatSchema.parse(watch.messages.filter((m) => m.topic.endsWith('/heartbeat')).at(-1)?.json()).watchdogRestarts).toBe(3);
  });

  it('evidence not acknowledged by the broker stays pending for the next connection', async () => {
    const temp = tempDir('fleet-evidence-offline');
    cleanups.push(() => temp.remove());
    appendWatchdogRestart(watchdogRestartsPath(temp.dir), { at: new Date().toISOString(), reason: 'exited (code 1)', restartsInWindow: 1 });
    // Never connected (no broker there): nothing is marked delivered.
    const evidence = createStartEvidence({ dataDir: temp.dir });
    const offline = new FleetAgent({
      brokerUrl: 'mqtt://127.0.0.1:1',
      terminalId: 'KM-7102',
      topicPrefix: 'kiosk',
      heartbeatMs: 60_000,
      trustedKeys: () => [],
      mqtt: { reconnectPeriod: 0, connectTimeout: 500 },
      sources: baseSources(temp.dir),
      handlers: { reloadConfig: () => ({ ok: true }), restart: () => undefined, setOutOfService: () => ({ ok: true }), collectLogs: () => '' },
      startEvidence: evidence,
    });
    offline.start();
    await offline.stop();
    expect(createStartEvidence({ dataDir: temp.dir }).pending()).toHaveLength(1);
  });
});

describe('queue summary from a real outbox', () => {
  it('reports pending, failed, the oldest pending time, held streams and undecryptable items', async () => {
    const temp = tempDir('fleet-queue');
    cleanups.push(() => temp.remove());
    const path = temp.path('kiosk.db');
    const keyA = new OutboxKey(Buffer.alloc(32, 0xa1));
    const keyB = new OutboxKey(Buffer.alloc(32, 0xb2));
    const before = openOutbox(path, { keys: keyA });
    const sealedWithA = [1, 2].map((n) => before.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n }, orderKey: 'case-1' }).item);
    before.close();

    const outbox = openOutbox(path, { keys: keyB });
    cleanups.push(() => outbox.close());
    const idle = startSync(outbox.outbox, upstream.url);
    cleanups.push(() => idle.worker.stop());
    await waitFor(() => idle.worker.heldStreams.includes('forms'), 5000, 'the forms stream to be held');
    const summary = queueSummary({ outbox: outbox.outbox, worker: idle.worker });
    expect(summary).toEqual({ pending: 2, failed: 0, oldestPendingAt: sealedWithA[0]!.createdAt, held: 1, undecryptable: 2 });

    // What the console accepts, end to end through the agent.
    const watch = await observe(broker.url, 'kiosk/terminals/KM-7103/heartbeat');
    cleanups.push(() => watch.client.endAsync());
    const agent = agentFor('KM-7103', temp.dir, { queueDepth: () => queueSummary({ outbox: outbox.outbox, worker: idle.worker }) });
    agent.start();
    const hb = heartbeatSchema.parse((await watch.waitFor(() => true)).json());
    expect(hb.queue).toEqual(summary);
  });

  it('the oldest pending item is found across streams, after delivered ones', async () => {
    const temp = tempDir('fleet-queue-oldest');
    cleanups.push(() => temp.remove());
    // A clock a second apart per enqueue, so the two pending items' times differ.
    let tick = Date.parse('2026-12-04T08:00:00.000Z');
    const outbox = openOutbox(temp.path('kiosk.db'), { now: () => new Date((tick += 1000)) });
    cleanups.push(() => outbox.close());
    for (const stream of ['zeta', 'alpha']) outbox.outbox.enqueue({ stream, kind: 'form.v1', payload: { stream } });
    const sync = startSync(outbox.outbox, upstream.url);
    await waitFor(() => outbox.outbox.count('pending') === 0, 5000, 'the first items to be delivered');
    await sync.worker.stop();
    // Pending now: zeta's item first (a stream sorting last), then alpha's.
    const zeta = outbox.outbox.enqueue({ stream: 'zeta', kind: 'form.v1', payload: { n: 2 } }).item;
    outbox.outbox.enqueue({ stream: 'alpha', kind: 'form.v1', payload: { n: 2 } });
    const alpha = outbox.outbox.list({ status: 'pending', stream: 'alpha' })[0];
    expect(alpha && alpha.createdAt > zeta.createdAt).toBe(true);
    expect(outbox.outbox.oldestPendingAt()).toBe(zeta.createdAt);
    expect(queueSummary({ outbox: outbox.outbox, worker: { heldStreams: [] } })).toMatchObject({ pending: 2, oldestPendingAt: zeta.createdAt });
  });

  it('an empty outbox has no oldest pending time', () => {
    const temp = tempDir('fleet-queue-empty');
    cleanups.push(() => temp.remove());
    const outbox = openOutbox(temp.path('kiosk.db'));
    cleanups.push(() => outbox.close());
    expect(queueSummary({ outbox: outbox.outbox, worker: { heldStreams: [] } })).toEqual({ pending: 0, failed: 0, held: 0, undecryptable: 0 });
  });
});
