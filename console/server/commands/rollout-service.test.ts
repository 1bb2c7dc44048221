import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, privateKeyFromPem } from '../../../electron/core/config-bundle/ed25519-keys.ts';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { startMosquitto, startProxy, type Broker } from '../../../test/support/mosquitto-broker.ts';
import { ADMIN, apiClient } from '../../test-support/console-fixture.ts';
import { eventually, startTestTerminal, type TestTerminal } from '../../test-support/terminal-agent.ts';
import { consoleConfigSchema } from '../config/console-config.ts';
import { startConsoleServer, type ConsoleServer } from '../console-server.ts';
import { nextPatch } from './rollout-service.ts';

describe('configuration rollout: two people, canary first, automatic halt, rollback', () => {
  const keys = generateSigningKeyPair();
  let broker: Broker;
  let server: ConsoleServer;
  let dir: string;
  const terminals: Record<string, TestTerminal> = {};
  let pub1: ReturnType<typeof apiClient>;
  let pub2: ReturnType<typeof apiClient>;

  const rollout = async (id: unknown) => {
    const list = (await pub1.call('GET', '/api/rollouts')).body as unknown as { id: number; state: string; haltReason: string | null; rollbackVersion: string | null }[];
    return list.find((r) => r.id === id);
  };
  /** Runs the rollout step (the console's timer does the same) until the rollout reaches a state. */
  const until = (id: unknown, state: string) =>
    eventually(async () => {
      await server.rollouts.tick();
      const r = await rollout(id);
      return r?.state === state ? r : undefined;
    }, `rollout ${String(id)} ${state}`);

  beforeAll(async () => {
    broker = await startMosquitto();
    dir = mkdtempSync(join(tmpdir(), 'console-rollout-'));
    server = await startConsoleServer({
      // A long timer: the test drives the rollout steps itself.
      config: consoleConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, mqtt: { url: broker.url }, alertIntervalSeconds: 600 }),
      database: { dialect: 'sqlite', file: join(dir, 'console.sqlite') },
      logger: silentLogger,
      initialAdmin: ADMIN,
      signing: { keyId: 'fleet-test', privateKey: privateKeyFromPem(keys.privateKeyPem) },
    });
    for (const id of ['KM-C1', 'KM-R1', 'KM-R2']) {
      terminals[id] = await startTestTerminal({
        brokerUrl: broker.url,
        terminalId: id,
        topicPrefix: 'kiosk',
        trustedKeys: [{ id: 'fleet-test', key: keys.publicKey }],
        configProblem: (config) => (config.timeouts === 'broken' ? 'timeouts: expected an object' : undefined),
      });
    }
    const admin = apiClient(server.url);
    await admin.login(ADMIN.username, ADMIN.password);
    for (const name of ['pub1', 'pub2']) expect((await admin.call('POST', '/api/users', { username: name, role: 'publisher', password: `${name} passphrase 123` })).status).toBe(201);
    pub1 = apiClient(server.url);
    await pub1.login('pub1', 'pub1 passphrase 123');
    pub2 = apiClient(server.url);
    await pub2.login('pub2', 'pub2 passphrase 123');
    await eventually(async () => (await server.fleet.listTerminals()).filter((t) => t.config_version === 'test-1').length === 3, 'three terminals reporting');
  });

  afterAll(async () => {
    for (const t of Object.values(terminals)) await t.stop();
    await server.stop();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const versionOf = async (id: string) => (await server.fleet.getTerminal(id))?.config_version;

  it('goes to the canary after a second approval, then to the rest once the canary confirms', async () => {
    const proposed = await pub1.call('POST', '/api/rollouts', { version: '1.1.0', config: { timeouts: { inactivitySeconds: 90 } }, canary: ['KM-C1'], rest: ['KM-R1', 'KM-R2'], canaryWaitMinutes: 0 });
    expect(proposed).toMatchObject({ status: 201, body: { state: 'proposed' } });
    expect((await pub1.call('POST', `/api/rollouts/${proposed.body.id}/approve`, {})).body).toMatchObject({ error: 'two-person-rule' });
    expect((await pub2.call('POST', `/api/rollouts/${proposed.body.id}/approve`, {})).body).toMatchObject({ state: 'canary', approvedBy: 'pub2' });
    await eventually(async () => (await versionOf('KM-C1')) === '1.1.0', 'the canary on 1.1.0');
    expect(terminals['KM-R1']?.handled).toEqual([]);
    await until(proposed.body.id, 'done');
    expect([await versionOf('KM-R1'), await versionOf('KM-R2')]).toEqual(['1.1.0', '1.1.0']);
    // Versions are the terminals' replay counter: an older or equal one is refused at once.
    expect((await pub1.call('POST', '/api/rollouts', { version: '1.1.0', config: {}, canary: ['KM-C1'] })).body).toMatchObject({ error: 'version' });
  });

  it('halts when the canary refuses the config, never reaches the rest, and rolls back under a newer version', async () => {
    const proposed = await pub1.call('POST', '/api/rollouts', { version: '1.2.0', config: { timeouts: 'broken' }, canary: ['KM-C1'], rest: ['KM-R1', 'KM-R2'], canaryWaitMinutes: 0 });
    await pub2.call('POST', `/api/rollouts/${proposed.body.id}/approve`, {});
    const halted = await until(proposed.body.id, 'halted');
    expect(halted.haltReason).toContain('KM-C1 failed: schema: timeouts');
    expect([await versionOf('KM-C1'), await versionOf('KM-R1')]).toEqual(['1.1.0', '1.1.0']);

    const rolledBack = await pub1.call('POST', `/api/rollouts/${proposed.body.id}/rollback`, {});
    expect(rolledBack.body).toMatchObject({ state: 'rolled-back', rollbackVersion: '1.2.1' });
    await eventually(async () => (await versionOf('KM-C1')) === '1.2.1', 'the canary on the rollback version');
    expect(terminals['KM-R1']?.handled).toEqual(['config 1.1.0']);
    const audit = await (async () => {
      const admin = apiClient(server.url);
      await admin.login(ADMIN.username, ADMIN.password);
      return (await admin.call('GET', '/api/audit')).body as { entries: { action: string }[] };
    })();
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['rollout.proposed', 'rollout.approved', 'rollout.canary-passed', 'rollout.done', 'rollout.halted', 'rollout.rolled-back']));
  });

  it('refuses rollouts from non-publishers and bad bodies', async () => {
    const admin = apiClient(server.url);
    await admin.login(ADMIN.username, ADMIN.password);
    await admin.call('POST', '/api/users', { username: 'ops', role: 'operator', password: 'ops passphrase 1234' });
    const ops = apiClient(server.url);
    await ops.login('ops', 'ops passphrase 1234');
    expect((await ops.call('POST', '/api/rollouts', { version: '2.0.0', config: {}, canary: ['KM-C1'] })).status).toBe(403);
    expect((await pub1.call('POST', '/api/rollouts', { version: 'two', config: {}, canary: ['KM-C1'] })).status).toBe(400);
    expect((await pub1.call('POST', '/api/rollouts', { version: '2.0.0', config: {}, canary: ['KM-C1'], rest: ['KM-C1'] })).status).toBe(400);
    expect(nextPatch('1.9.9')).toBe('1.9.10');
  });

  it('halts when a canary goes offline during the watch', async () => {
    const cable = await startProxy(broker.port);
    const canary = await startTestTerminal({ brokerUrl: cable.url, terminalId: 'KM-C2', topicPrefix: 'kiosk', trustedKeys: [{ id: 'fleet-test', key: keys.publicKey }] });
    try {
      await eventually(async () => (await versionOf('KM-C2')) === 'test-1', 'the new canary reporting');
      const proposed = await pub1.call('POST', '/api/rollouts', { version: '1.3.0', config: {}, canary: ['KM-C2'], rest: ['KM-R1'], canaryWaitMinutes: 60 });
      await pub2.call('POST', `/api/rollouts/${proposed.body.id}/approve`, {});
      await eventually(async () => (await versionOf('KM-C2')) === '1.3.0', 'the canary on 1.3.0');
      await server.rollouts.tick();
      expect((await rollout(proposed.body.id))?.state).toBe('canary');
      await cable.close();
      const halted = await until(proposed.body.id, 'halted');
      expect(halted.haltReason).toBe('KM-C2 went offline');
      expect(await versionOf('KM-R1')).toBe('1.1.0');
    } finally {
      await canary.stop();
    }
  });
});
