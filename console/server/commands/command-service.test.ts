import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, privateKeyFromPem } from '../../../electron/core/config-bundle/ed25519-keys.ts';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { startMosquitto, startProxy, type Broker, type CuttableProxy } from '../../../test/support/mosquitto-broker.ts';
import { ADMIN, apiClient } from '../../test-support/console-fixture.ts';
import { eventually, startTestTerminal, type TestTerminal } from '../../test-support/terminal-agent.ts';
import { consoleConfigSchema } from '../config/console-config.ts';
import { startConsoleServer, type ConsoleServer } from '../console-server.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('signed commands: two-person rule, signing, delivery to a real terminal agent', () => {
  const keys = generateSigningKeyPair();
  let broker: Broker;
  let server: ConsoleServer;
  let terminal: TestTerminal;
  let dir: string;
  let consoleLink: CuttableProxy;
  const ops1 = () => apiClient(server.url);

  beforeAll(async () => {
    broker = await startMosquitto();
    dir = mkdtempSync(join(tmpdir(), 'console-commands-'));
    // The console reaches the broker through a link the test can cut.
    consoleLink = await startProxy(broker.port);
    server = await startConsoleServer({
      config: consoleConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, mqtt: { url: consoleLink.url } }),
      database: { dialect: 'sqlite', file: join(dir, 'console.sqlite') },
      logger: silentLogger,
      initialAdmin: ADMIN,
      signing: { keyId: 'fleet-test', privateKey: privateKeyFromPem(keys.privateKeyPem) },
    });
    terminal = await startTestTerminal({ brokerUrl: broker.url, terminalId: 'KM-0700', topicPrefix: 'kiosk', trustedKeys: [{ id: 'fleet-test', key: keys.publicKey }] });
    const admin = apiClient(server.url);
    await admin.login(ADMIN.username, ADMIN.password);
    for (const name of ['alice', 'bob']) expect((await admin.call('POST', '/api/users', { username: name, role: 'operator', password: `${name} passphrase 123` })).status).toBe(201);
    expect((await admin.call('POST', '/api/users', { username: 'carol', role: 'viewer', password: 'carol passphrase 123' })).status).toBe(201);
  });

  afterAll(async () => {
    await terminal.stop();
    await server.stop();
    await consoleLink.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs a second person to approve; the terminal verifies, runs it and acknowledges', async () => {
    const alice = ops1();
    await alice.login('alice', 'alice passphrase 123');
    const message = { 'zh-CN': '设备维护中', 'en-US': 'Under maintenance' };
    const proposed = await alice.call('POST', '/api/commands', { name: 'out-of-service', args: { message }, targets: { terminals: ['KM-0700'] } });
    expect(proposed).toMatchObject({ status: 201, body: { state: 'proposed', proposedBy: 'alice', nonce: null } });
    const id = Number(proposed.body.id);
    expect((await alice.call('POST', `/api/commands/${id}/approve`, {})).body).toMatchObject({ error: 'two-person-rule' });
    expect(terminal.handled).toEqual([]);

    const carol = apiClient(server.url);
    await carol.login('carol', 'carol passphrase 123');
    expect((await carol.call('POST', `/api/commands/${id}/approve`, {})).status).toBe(403);

    const bob = apiClient(server.url);
    await bob.login('bob', 'bob passphrase 123');
    const approved = await bob.call('POST', `/api/commands/${id}/approve`, {});
    expect(approved.body).toMatchObject({ state: 'sent', decidedBy: 'bob', nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    await eventually(async () => {
      const list = (await bob.call('GET', '/api/commands')).body as unknown as { id: number; acks: { status: string }[] }[];
      return list.find((c) => c.id === id)?.acks[0]?.status === 'done';
    }, 'the done ack');
    expect(terminal.handled).toEqual(['out-of-service']);
    expect((await bob.call('POST', `/api/commands/${id}/approve`, {})).status).toBe(409);
  });

  it('sends a log request on one person, and the logs arrive on the terminal page', async () => {
    const alice = ops1();
    await alice.login('alice', 'alice passphrase 123');
    const sent = await alice.call('POST', '/api/commands', { name: 'request-logs', targets: { terminals: ['KM-0700'] } });
    expect(sent.body).toMatchObject({ state: 'sent', decidedBy: 'alice' });
    const logs = await eventually(async () => {
      const detail = (await alice.call('GET', '/api/terminals/KM-0700')).body as unknown as { logs: { requestId: string; text: string; complete: boolean }[] };
      return detail.logs.find((l) => l.requestId === sent.body.nonce);
    }, 'the log parts');
    expect(logs).toMatchObject({ complete: true, text: 'test terminal log line\n' });
  });

  it('refuses an unknown command, bad arguments, and a rejected proposal cannot be approved', async () => {
    const alice = ops1();
    await alice.login('alice', 'alice passphrase 123');
    expect((await alice.call('POST', '/api/commands', { name: 'format-disk', targets: { terminals: ['KM-0700'] } })).status).toBe(400);
    const noText = await alice.call('POST', '/api/commands', { name: 'out-of-service', args: {}, targets: { terminals: ['KM-0700'] } });
    expect(noText).toMatchObject({ status: 400, body: { message: expect.stringContaining('message') } });
    expect((await alice.call('POST', '/api/commands', { name: 'restart', targets: {} })).status).toBe(400);
    const restart = await alice.call('POST', '/api/commands', { name: 'restart', targets: { groups: ['*'] } });
    const bob = apiClient(server.url);
    await bob.login('bob', 'bob passphrase 123');
    expect((await bob.call('POST', `/api/commands/${restart.body.id}/reject`, {})).body).toMatchObject({ state: 'rejected', decidedBy: 'bob' });
    expect((await bob.call('POST', `/api/commands/${restart.body.id}/approve`, {})).status).toBe(409);
    const audit = await (async () => {
      const admin = apiClient(server.url);
      await admin.login(ADMIN.username, ADMIN.password);
      return (await admin.call('GET', '/api/audit')).body as { entries: { action: string }[]; verification: { ok: boolean } };
    })();
    expect(audit.verification.ok).toBe(true);
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['command.proposed', 'command.signed', 'command.rejected']));
  });

  it('keeps a command it could not publish as unsent, and sends the same signed bytes again', async () => {
    const alice = ops1();
    await alice.login('alice', 'alice passphrase 123');
    consoleLink.cutAll();
    await eventually(() => server.ingest.client?.connected === false, 'the console disconnected');
    const unsent = await alice.call('POST', '/api/commands', { name: 'request-logs', targets: { terminals: ['KM-0700'] } });
    expect(unsent.body).toMatchObject({ state: 'unsent', sendError: expect.stringContaining('not connected') });
    await eventually(() => server.ingest.client?.connected === true, 'the console reconnected');
    const resent = await alice.call('POST', `/api/commands/${unsent.body.id}/resend`, {});
    expect(resent.body).toMatchObject({ state: 'sent', sendError: null, nonce: unsent.body.nonce });
    await eventually(async () => {
      const detail = (await alice.call('GET', '/api/terminals/KM-0700')).body as unknown as { logs: { requestId: string }[] };
      return detail.logs.some((l) => l.requestId === unsent.body.nonce);
    }, 'the logs of the resent request');
  });
});
