import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, privateKeyFromPem } from '../../../electron/core/config-bundle/ed25519-keys.ts';
import { signBundle } from '../../../electron/core/config-bundle/sign-bundle.ts';
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
        // Stands in for a terminal-side refusal of a config the console's check lets through.
        configProblem: (config) => ((config.timeouts as { inactivitySeconds?: number } | undefined)?.inactivitySeconds === 77 ? 'timeouts.inactivitySeconds: refused by this terminal' : undefined),
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
    const listed = ((await pub1.call('GET', '/api/rollouts')).body as unknown as { id: number; ackCounts: unknown[] }[]).find((r) => r.id === proposed.body.id);
    expect(listed?.ackCounts).toEqual(expect.arrayContaining([{ stage: 'canary', status: 'done', count: 1 }, { stage: 'rest', status: 'done', count: 2 }]));
    const acks = (await pub1.call('GET', `/api/rollouts/${proposed.body.id}/acks`)).body as unknown as { terminalId: string; stage: string; status: string }[];
    expect(acks.map((a) => `${a.stage}/${a.terminalId}/${a.status}`).sort()).toEqual(['canary/KM-C1/done', 'rest/KM-R1/done', 'rest/KM-R2/done']);
    expect((await pub1.call('GET', '/api/rollouts/999999/acks')).status).toBe(404);
    // Versions are the terminals' replay counter: an older or equal one is refused at once.
    expect((await pub1.call('POST', '/api/rollouts', { version: '1.1.0', config: {}, canary: ['KM-C1'] })).body).toMatchObject({ error: 'version' });
  });

  it('halts when the canary refuses the config, never reaches the rest, and rolls back under a newer version', async () => {
    const proposed = await pub1.call('POST', '/api/rollouts', { version: '1.2.0', config: { timeouts: { inactivitySeconds: 77 } }, canary: ['KM-C1'], rest: ['KM-R1', 'KM-R2'], canaryWaitMinutes: 0 });
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

  it('refuses a config the terminals would refuse, naming each field; nothing is stored or sent', async () => {
    const before = { rollouts: (await pub1.call('GET', '/api/rollouts')).body as unknown as unknown[], commands: (await pub1.call('GET', '/api/commands')).body as unknown as unknown[] };
    const refused = await pub1.call('POST', '/api/rollouts', { version: '5.0.0', config: { timeouts: { inactivitySeconds: 5 }, fleet: { enabled: true }, terminalId: 'KM-0001' }, canary: ['KM-C1'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid-config' });
    expect((refused.body.issues as { path: string }[]).map((i) => i.path)).toEqual(['terminalId']);
    const second = await pub1.call('POST', '/api/rollouts', { version: '5.0.0', config: { timeouts: { inactivitySeconds: 5 }, fleet: { enabled: true } }, canary: ['KM-C1'] });
    expect((second.body.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(['fleet.brokerUrl', 'timeouts.inactivitySeconds']);
    expect(String(second.body.message)).toContain('timeouts.inactivitySeconds');
    expect((await pub1.call('GET', '/api/rollouts')).body).toHaveLength(before.rollouts.length);
    expect((await pub1.call('GET', '/api/commands')).body).toHaveLength(before.commands.length);
    // The preview says the same without refusing, and compares nothing.
    const preview = await pub1.call('POST', '/api/rollouts/preview', { config: { timeouts: { inactivitySeconds: 5 } }, canary: ['KM-C1'] });
    expect(preview).toMatchObject({ status: 200, body: { issues: [{ path: 'timeouts.inactivitySeconds' }], targets: [] } });
  });

  it('resolves site groups at preparation, records them, and diffs against what each target runs', async () => {
    const fleetDb = server.fleet.db;
    await fleetDb.updateTable('terminals').set({ region: 'kunming', hall: 'hall-c', tags: '["pilot"]' }).where('id', '=', 'KM-C1').execute();
    await fleetDb.updateTable('terminals').set({ region: 'kunming', hall: 'hall-r', tags: '[]' }).where('id', 'in', ['KM-R1', 'KM-R2']).execute();
    await fleetDb.updateTable('terminals').set({ region: 'dali' }).where('id', '=', 'KM-C2').execute();

    const preview = await pub1.call('POST', '/api/rollouts/preview', { config: { timeouts: { inactivitySeconds: 120 } }, canary: ['tag:pilot'], rest: ['region:kunming', 'region:dali'] });
    expect(preview.body).toMatchObject({ issues: [], canary: ['KM-C1'], rest: ['KM-R1', 'KM-R2', 'KM-C2'], groupProblems: [] });
    const diffs = new Map((preview.body.targets as { terminalId: string; runningVersion: string; known: boolean; changes: { path: string; running: unknown; prepared: unknown }[] }[]).map((d) => [d.terminalId, d]));
    // KM-C1 runs the rollback 1.2.1 (the config of 1.1.0), KM-R1 runs 1.1.0: both held by the console.
    expect(diffs.get('KM-C1')).toMatchObject({ runningVersion: '1.2.1', known: true, changes: [{ path: 'timeouts.inactivitySeconds', running: 90, prepared: 120 }] });
    expect(diffs.get('KM-R1')).toMatchObject({ runningVersion: '1.1.0', known: true, changes: [{ path: 'timeouts.inactivitySeconds', running: 90, prepared: 120 }] });
    // KM-C2 last took 1.3.0 (config {}), so the change is from the default.
    expect(diffs.get('KM-C2')).toMatchObject({ known: true, changes: [{ path: 'timeouts.inactivitySeconds', running: 60, prepared: 120 }] });
    expect((await pub1.call('POST', '/api/rollouts/preview', { config: {}, canary: ['hall:nowhere'] })).body).toMatchObject({ canary: [], groupProblems: ['hall:nowhere matches no terminal'] });

    const proposed = await pub1.call('POST', '/api/rollouts', { version: '1.4.0', config: { timeouts: { inactivitySeconds: 120 } }, canary: ['hall:hall-c'], rest: ['region:kunming'] });
    expect(proposed.body).toMatchObject({ state: 'proposed', canary: ['KM-C1'], rest: ['KM-R1', 'KM-R2'], targetGroups: { canary: ['hall:hall-c'], rest: ['region:kunming'] } });
    const diff = await pub2.call('GET', `/api/rollouts/${proposed.body.id}/diff`);
    expect((diff.body as unknown as { terminalId: string }[]).map((d) => d.terminalId)).toEqual(['KM-C1', 'KM-R1', 'KM-R2']);
    expect((await pub1.call('POST', '/api/rollouts', { version: '1.5.0', config: {}, canary: ['hall:nowhere'] })).body).toMatchObject({ error: 'invalid-targets', message: 'hall:nowhere matches no terminal' });
    await pub2.call('POST', `/api/rollouts/${proposed.body.id}/reject`, {});

    // A command to a site is resolved to its terminals when proposed, and signed for them.
    const command = await pub1.call('POST', '/api/commands', { name: 'out-of-service', args: { message: { 'zh-CN': '维护', 'en-US': 'Maintenance' } }, targets: { sites: ['region:kunming'] } });
    expect(command.body).toMatchObject({ state: 'proposed', targets: { terminals: ['KM-C1', 'KM-R1', 'KM-R2'] } });
    expect((await pub1.call('POST', '/api/commands', { name: 'restart', args: {}, targets: { sites: ['tag:ghost'] } })).body).toMatchObject({ error: 'invalid-targets' });
  });

  it('takes a bundle signed offline with the CLI, checks it as a terminal would, and sends the uploaded bytes after a second approval', async () => {
    const offline = signBundle({ keyId: 'fleet-test', privateKey: privateKeyFromPem(keys.privateKeyPem), payload: { version: '1.6.0', issuedAt: new Date().toISOString(), terminals: ['KM-C1', 'KM-R1'], config: { timeouts: { inactivitySeconds: 75 } }, note: 'signed at the desk' } });
    const stranger = generateSigningKeyPair();
    const forged = signBundle({ keyId: 'stranger', privateKey: privateKeyFromPem(stranger.privateKeyPem), payload: { version: '1.6.0', issuedAt: new Date().toISOString(), config: {} } });
    const tampered = { ...offline, payload: Buffer.from(Buffer.from(offline.payload, 'base64url').toString().replace('75', '76')).toString('base64url') };
    const badConfig = signBundle({ keyId: 'fleet-test', privateKey: privateKeyFromPem(keys.privateKeyPem), payload: { version: '1.6.0', issuedAt: new Date().toISOString(), config: { timeouts: { inactivitySeconds: 1 } } } });
    expect((await pub1.call('POST', '/api/rollouts/signed', { bundle: forged, canary: ['KM-C1'] })).body).toMatchObject({ error: 'bundle-unknown-key' });
    expect((await pub1.call('POST', '/api/rollouts/signed', { bundle: tampered, canary: ['KM-C1'] })).body).toMatchObject({ error: 'bundle-bad-signature' });
    expect((await pub1.call('POST', '/api/rollouts/signed', { bundle: badConfig, canary: ['KM-C1'] })).body).toMatchObject({ error: 'invalid-config', issues: [{ path: 'timeouts.inactivitySeconds' }] });
    expect((await pub1.call('POST', '/api/rollouts/signed', { bundle: offline, canary: ['KM-C1'], rest: ['KM-R2'] })).body).toMatchObject({ error: 'invalid-targets', message: expect.stringContaining('KM-R2') as string });

    const uploaded = await pub1.call('POST', '/api/rollouts/signed', { bundle: offline, canary: ['KM-C1'], canaryWaitMinutes: 0 });
    expect(uploaded).toMatchObject({ status: 201, body: { version: '1.6.0', note: 'signed at the desk', signedOffline: true, config: { timeouts: { inactivitySeconds: 75 } }, state: 'proposed' } });
    expect((await pub1.call('POST', `/api/rollouts/${uploaded.body.id}/approve`, {})).body).toMatchObject({ error: 'two-person-rule' });
    await pub2.call('POST', `/api/rollouts/${uploaded.body.id}/approve`, {});
    await until(uploaded.body.id, 'done');
    expect(terminals['KM-C1']?.handled.at(-1)).toBe('config 1.6.0');
    const commands = (await pub1.call('GET', '/api/commands')).body as unknown as { name: string; args: { bundle?: unknown } }[];
    expect(commands.find((c) => c.name === 'reload-config')?.args.bundle).toEqual(offline);
  });
});
