import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { startMosquitto, startProxy, type Broker } from '../../../test/support/mosquitto-broker.ts';
import { eventually, startTestTerminal } from '../../test-support/terminal-agent.ts';
import { TerminalRegistry } from '../registry/terminal-registry.ts';
import { openDatabase, type ConsoleDb } from '../storage/database.ts';
import { FleetStore } from '../storage/fleet-store.ts';
import { migrateToLatest } from '../storage/migrations.ts';
import { MqttIngest } from './mqtt-ingest.ts';

const PREFIX = 'kiosk';

describe('MQTT ingest against a real mosquitto', () => {
  let broker: Broker;
  let db: ConsoleDb;
  let dir: string;
  let store: FleetStore;
  const instances: { ingest: MqttIngest; registry: TerminalRegistry }[] = [];
  let publisher: MqttClient;

  beforeAll(async () => {
    broker = await startMosquitto();
    dir = mkdtempSync(join(tmpdir(), 'console-ingest-'));
    db = openDatabase({ dialect: 'sqlite', file: join(dir, 'console.sqlite') });
    await migrateToLatest(db, 'sqlite');
    store = new FleetStore(db);
    // Two console instances in one share group: the broker splits the heartbeats between them.
    for (const n of [1, 2]) {
      const registry = new TerminalRegistry(store, silentLogger);
      const ingest = new MqttIngest({ brokerUrl: broker.url, topicPrefix: PREFIX, shareGroup: 'console', clientId: `console-test-${n}` }, registry, silentLogger);
      await ingest.start();
      instances.push({ ingest, registry });
    }
    publisher = await connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
  });

  afterAll(async () => {
    await publisher.endAsync();
    for (const i of instances) await i.ingest.stop();
    await db.destroy();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const total = (pick: (r: TerminalRegistry) => number) => instances.reduce((sum, i) => sum + pick(i.registry), 0);

  it('sees a real terminal agent come online, report, and go offline by its last will when its connection is cut', async () => {
    const proxy = await startProxy(broker.port);
    const terminal = await startTestTerminal({ brokerUrl: proxy.url, terminalId: 'KM-0101', topicPrefix: PREFIX });
    try {
      await eventually(async () => (await store.getTerminal('KM-0101'))?.online === 1 && (await store.getTerminal('KM-0101'))?.config_version === 'test-1', 'online with a heartbeat');
      // The cable pulled for good: connections cut and no new ones accepted, so the agent stays away.
      await proxy.close();
      const row = await eventually(async () => {
        const r = await store.getTerminal('KM-0101');
        return r?.online === 0 ? r : undefined;
      }, 'offline by last will');
      expect(row.status_reason).toBe('connection-lost');
      expect((await store.statusHistory('KM-0101')).map((h) => h.state)).toEqual(['offline', 'online']);
    } finally {
      await terminal.stop();
    }
  });

  it('splits heartbeats between instances (shared subscription) and stores each exactly once', async () => {
    const before = total((r) => r.counters.stored.heartbeat);
    const perInstance = instances.map((i) => i.registry.counters.stored.heartbeat);
    const n = 40;
    for (let k = 0; k < n; k++) {
      const at = new Date(Date.UTC(2026, 11, 4, 11, 0, k)).toISOString();
      const body = { terminalId: `KM-2${String(k % 4).padStart(3, '0')}`, at, appVersion: '1', configVersion: '1', uptimeSeconds: k, serviceMode: { mode: 'in-service', since: at }, devices: [], queue: { pending: 0, failed: 0 }, disk: { freeBytes: 1, totalBytes: 2 }, lastError: null };
      await publisher.publishAsync(`${PREFIX}/terminals/${body.terminalId}/heartbeat`, JSON.stringify(body), { qos: 1 });
    }
    await eventually(() => total((r) => r.counters.stored.heartbeat) - before === n, `${n} heartbeats stored`);
    const gained = instances.map((i, k) => i.registry.counters.stored.heartbeat - (perInstance[k] ?? 0));
    expect(gained.every((g) => g > 0)).toBe(true);
    expect((await store.listTerminals()).filter((t) => t.id.startsWith('KM-2'))).toHaveLength(4);
  });

  it('counts and drops malformed heartbeats and events, and keeps ingesting', async () => {
    const malformedBefore = total((r) => r.counters.malformed.heartbeat + r.counters.malformed.events);
    await publisher.publishAsync(`${PREFIX}/terminals/KM-0300/heartbeat`, '{"terminalId":"KM-0300"', { qos: 1 });
    await publisher.publishAsync(`${PREFIX}/terminals/KM-0300/heartbeat`, JSON.stringify({ terminalId: 'KM-0300', at: 'yesterday' }), { qos: 1 });
    await publisher.publishAsync(`${PREFIX}/terminals/KM-0300/events`, JSON.stringify({ type: 'x'.repeat(500), at: '2026-12-04T10:00:00Z' }), { qos: 1 });
    await publisher.publishAsync(`${PREFIX}/terminals/KM-0300/events`, Buffer.from([0xff, 0xfe, 0x00]), { qos: 1 });
    await publisher.publishAsync(`${PREFIX}/terminals/KM-0300/events`, JSON.stringify({ type: 'service-mode', at: '2026-12-04T10:00:00.000Z', mode: 'out-of-service' }), { qos: 1 });
    await eventually(() => total((r) => r.counters.malformed.heartbeat + r.counters.malformed.events) - malformedBefore === 4, '4 malformed messages counted');
    await eventually(async () => (await store.events('KM-0300')).length === 1, 'the valid event stored');
    expect((await store.getTerminal('KM-0300'))?.heartbeat_json ?? null).toBeNull();
  });
});
