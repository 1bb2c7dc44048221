/**
 * The several-instances deployment of console/README.md: two consoles on one PostgreSQL database
 * and one broker share group. They migrate at the same time, split the heartbeats, and either one
 * serves a session the other created.
 */
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/logging/logger.ts';
import { startMosquitto, type Broker } from '../../test/support/mosquitto-broker.ts';
import { ADMIN, apiClient } from '../test-support/console-fixture.ts';
import { startPostgres, type PostgresCluster } from '../test-support/postgres-cluster.ts';
import { eventually } from '../test-support/terminal-agent.ts';
import { consoleConfigSchema } from './config/console-config.ts';
import { startConsoleServer, type ConsoleServer } from './console-server.ts';

describe('two console instances on PostgreSQL and a shared subscription', () => {
  let broker: Broker;
  let cluster: PostgresCluster;
  let consoles: ConsoleServer[];

  beforeAll(async () => {
    broker = await startMosquitto();
    cluster = await startPostgres();
    const url = await cluster.createDatabase('multi_instance');
    const config = consoleConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, mqtt: { url: broker.url }, database: { dialect: 'postgres' } });
    // Started together: both run the migrations at once (Kysely takes a lock on PostgreSQL).
    consoles = await Promise.all([0, 1].map(() => startConsoleServer({ config, database: { dialect: 'postgres', connectionString: url, poolSize: 4 }, logger: silentLogger, initialAdmin: ADMIN })));
  });

  afterAll(async () => {
    for (const c of consoles ?? []) await c.stop();
    await cluster?.stop();
    await broker?.stop();
  });

  it('creates the schema and the first admin once', async () => {
    expect(consoles.filter((c) => c.createdInitialAdmin).length).toBeLessThanOrEqual(1);
    expect(await consoles[0]?.people.countUsers()).toBe(1);
  });

  it('splits heartbeats between the instances and stores each once', async () => {
    const publisher = await connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    const n = 30;
    for (let k = 0; k < n; k++) {
      const id = `KM-5${String(k % 5).padStart(3, '0')}`;
      const at = new Date(Date.UTC(2026, 11, 4, 12, 0, k)).toISOString();
      const body = { terminalId: id, at, appVersion: '1', configVersion: String(k), uptimeSeconds: k, serviceMode: { mode: 'in-service', since: at }, devices: [], queue: { pending: 0, failed: 0 }, disk: { freeBytes: 1, totalBytes: 2 }, lastError: null };
      await publisher.publishAsync(`kiosk/terminals/${id}/heartbeat`, JSON.stringify(body), { qos: 1 });
    }
    await publisher.endAsync();
    const stored = () => consoles.map((c) => c.registry.counters.stored.heartbeat);
    await eventually(() => stored().reduce((a, b) => a + b, 0) === n, `${n} heartbeats stored`);
    expect(stored().every((count) => count > 0)).toBe(true);
    const rows = await consoles[1]!.fleet.listTerminals();
    expect(rows.filter((r) => r.id.startsWith('KM-5'))).toHaveLength(5);
  });

  it('serves a session created on one instance from the other, and keeps one audit chain', async () => {
    const a = apiClient(consoles[0]!.url);
    const login = await a.login(ADMIN.username, ADMIN.password);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const fromB = await fetch(`${consoles[1]!.url}/api/session`, { headers: { cookie } });
    expect(fromB.status).toBe(200);
    const b = apiClient(consoles[1]!.url);
    await b.login(ADMIN.username, ADMIN.password);
    const audit = (await b.call('GET', '/api/audit')).body as { verification: { ok: boolean; entries: number } };
    expect(audit.verification).toMatchObject({ ok: true });
    expect(audit.verification.entries).toBeGreaterThanOrEqual(3);
  });
});
