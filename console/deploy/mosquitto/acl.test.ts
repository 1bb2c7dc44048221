/**
 * The documented broker ACL (./acl, as deployed) in a real mosquitto with `allow_anonymous false`
 * and a password file: a terminal logged in as one id cannot publish under another terminal's
 * subtree nor read its commands, while the console still hears its own messages; asserted as the
 * broker really answers MQTT v5 clients (reason codes on PUBACK and SUBACK, mosquitto ≥ 2).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetAgent } from '../../../electron/core/fleet/fleet-agent.ts';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { startMosquitto, type Broker } from '../../../test/support/mosquitto-broker.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { consoleConfigSchema } from '../../server/config/console-config.ts';
import { startConsoleServer, type ConsoleServer } from '../../server/console-server.ts';
import type { TerminalView } from '../../shared/api-types.ts';
import { ADMIN, apiClient } from '../../test-support/console-fixture.ts';

const ACL = join(import.meta.dirname, 'acl');
const PASSWORDS = { console: 'console broker password', 'KM-0001': 'terminal one password', 'KM-0002': 'terminal two password' } as const;

let dir: string;
let broker: Broker;
let consoleServer: ConsoleServer;
const clients: MqttClient[] = [];

async function client(user: keyof typeof PASSWORDS | undefined, extra: Partial<IClientOptions> = {}): Promise<MqttClient> {
  const c = await connectAsync(broker.url, {
    protocolVersion: 5,
    reconnectPeriod: 0,
    ...(user ? { username: user, password: PASSWORDS[user] } : {}),
    ...extra,
  });
  clients.push(c);
  return c;
}

/** What a client receives, by topic. */
function collect(c: MqttClient): { topic: string; text: string }[] {
  const got: { topic: string; text: string }[] = [];
  c.on('message', (topic, payload) => got.push({ topic, text: payload.toString() }));
  return got;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-acl-'));
  const passwd = join(dir, 'passwd');
  for (const [user, password] of Object.entries(PASSWORDS)) execFileSync('mosquitto_passwd', ['-b', ...(user === 'console' ? ['-c'] : []), passwd, user, password]);
  chmodSync(passwd, 0o644);
  // The repository's file itself, copied only so the broker (which may drop to its own user) can read it.
  const acl = join(dir, 'acl');
  copyFileSync(ACL, acl);
  chmodSync(dir, 0o755);
  broker = await startMosquitto({ auth: ['allow_anonymous false', `password_file ${passwd}`, `acl_file ${acl}`] });
  const config = consoleConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, mqtt: { url: broker.url, username: 'console' }, alertIntervalSeconds: 1 });
  consoleServer = await startConsoleServer({ config, database: { dialect: 'sqlite', file: join(dir, 'console.sqlite') }, mqttPassword: PASSWORDS.console, logger: silentLogger, initialAdmin: ADMIN });
});
afterAll(async () => {
  for (const c of clients) await c.endAsync(true).catch(() => undefined);
  await consoleServer?.stop();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the documented mosquitto ACL', () => {
  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(client(undefined)).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    await expect(connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0, username: 'KM-0001', password: 'wrong' })).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
  });

  it('a terminal publishing under another terminal’s subtree gets "not authorized" and nothing is delivered; its own messages arrive', async () => {
    const watcher = await client('console');
    const seen = collect(watcher);
    await watcher.subscribeAsync('kiosk/terminals/#', { qos: 1 });
    const a = await client('KM-0001');

    // MQTT v5 with mosquitto ≥ 2: the QoS 1 publish is answered with PUBACK reason code 0x87.
    const forged = await a.publishAsync('kiosk/terminals/KM-0002/heartbeat', '{"forged":true}', { qos: 1 }).then(
      () => 'accepted',
      (error: Error & { code?: number }) => error.code,
    );
    expect(forged).toBe(0x87);
    await a.publishAsync('kiosk/terminals/KM-0001/events', '{"own":true}', { qos: 1 });
    await waitFor(() => seen.some((m) => m.topic === 'kiosk/terminals/KM-0001/events'), 5000, 'the terminal’s own event');
    // Sent before the own message on the same connection: had it been delivered, it would be here.
    expect(seen.filter((m) => m.topic.includes('KM-0002'))).toEqual([]);
    // Nor may it write commands, not even its own: only the console sends those.
    for (const topic of ['kiosk/terminals/KM-0001/commands', 'kiosk/broadcast/commands']) {
      const command = await a.publishAsync(topic, '{}', { qos: 1 }).then(
        () => 'accepted',
        (error: Error & { code?: number }) => error.code,
      );
      expect(command).toBe(0x87);
    }
    // Every topic the terminal does send is allowed.
    for (const kind of ['status', 'heartbeat', 'events', 'acks', 'reports', 'logs/req-1']) await a.publishAsync(`kiosk/terminals/KM-0001/${kind}`, '{}', { qos: 1 });
  });

  it('a terminal may read its own commands and the broadcast, not another terminal’s', async () => {
    const a = await client('KM-0001');
    const granted = await a.subscribeAsync({
      'kiosk/terminals/KM-0001/commands': { qos: 1 },
      'kiosk/broadcast/commands': { qos: 1 },
      'kiosk/terminals/KM-0002/commands': { qos: 1 },
      'kiosk/terminals/+/heartbeat': { qos: 1 },
    });
    // mosquitto 2.0 grants every subscription and checks the read rule per message delivered:
    // what protects the other terminal is delivery, asserted below.
    expect(granted.map((g) => g.qos)).toEqual([1, 1, 1, 1]);
    const got = collect(a);
    const console_ = await client('console');
    await console_.publishAsync('kiosk/terminals/KM-0002/commands', 'for two', { qos: 1 });
    await console_.publishAsync('kiosk/broadcast/commands', 'for all', { qos: 1 });
    await console_.publishAsync('kiosk/terminals/KM-0001/commands', 'for one', { qos: 1 });
    const b = await client('KM-0002');
    await b.publishAsync('kiosk/terminals/KM-0002/heartbeat', '{"b":1}', { qos: 1 });
    await waitFor(() => got.some((m) => m.text === 'for one'), 5000, 'its own command');
    expect(got.map((m) => m.text).sort()).toEqual(['for all', 'for one']);
  });

  it('relayed payment notifications: only the console publishes them, only their terminal reads them', async () => {
    const one = await client('KM-0001');
    const two = await client('KM-0002');
    const gotOne = collect(one);
    const gotTwo = collect(two);
    await one.subscribeAsync({ 'kiosk/terminals/KM-0001/payments/notify': { qos: 1 }, 'kiosk/terminals/KM-0002/payments/notify': { qos: 1 } });
    await two.subscribeAsync('kiosk/terminals/KM-0002/payments/notify', { qos: 1 });
    // A terminal forging a "paid" for another terminal, or for itself, is refused by the broker.
    for (const topic of ['kiosk/terminals/KM-0002/payments/notify', 'kiosk/terminals/KM-0001/payments/notify']) {
      const forged = await one.publishAsync(topic, '{"forged":true}', { qos: 1 }).then(
        () => 'accepted',
        (error: Error & { code?: number }) => error.code,
      );
      expect(forged).toBe(0x87);
    }
    const console_ = await client('console');
    await console_.publishAsync('kiosk/terminals/KM-0002/payments/notify', 'for two', { qos: 1 });
    await console_.publishAsync('kiosk/terminals/KM-0001/payments/notify', 'for one', { qos: 1 });
    await waitFor(() => gotOne.some((m) => m.text === 'for one') && gotTwo.some((m) => m.text === 'for two'), 5000, 'each terminal’s own notification');
    // KM-0001 subscribed to KM-0002's topic too: the read rule kept "for two" from it; nothing forged reached anyone.
    expect(gotOne.map((m) => m.text)).toEqual(['for one']);
    expect(gotTwo.map((m) => m.text)).toEqual(['for two']);
  });

  it('the real fleet agent of a terminal claiming another id is not seen by the console; the honest one is', async () => {
    const agent = (terminalId: string, username: keyof typeof PASSWORDS) =>
      new FleetAgent({
        brokerUrl: broker.url,
        terminalId,
        topicPrefix: 'kiosk',
        heartbeatMs: 300,
        username,
        password: PASSWORDS[username],
        trustedKeys: () => [],
        mqtt: { reconnectPeriod: 200 },
        sources: {
          appVersion: '0.1.0',
          configVersion: () => '1.0.0',
          devices: () => [],
          queueDepth: () => ({ pending: 0, failed: 0 }),
          serviceMode: () => ({ mode: 'in-service', since: new Date().toISOString() }),
          lastError: () => null,
          diskPath: dir,
        },
        handlers: { reloadConfig: () => ({ ok: true }), restart: () => undefined, setOutOfService: () => ({ ok: true }), collectLogs: () => '' },
      });
    // Logged in as KM-0001, calling itself KM-0002 (a cloned config, a stolen password).
    const impostor = agent('KM-0002', 'KM-0001');
    const honest = agent('KM-0001', 'KM-0001');
    impostor.start();
    honest.start();
    try {
      const admin = apiClient(consoleServer.url);
      expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
      const terminals = async () => ((await admin.call('GET', '/api/terminals')).body as unknown as TerminalView[]).map((t) => t.id);
      await expect.poll(async () => (await terminals()).includes('KM-0001'), { timeout: 10_000, interval: 100 }).toBe(true);
      const detail = async () => (await admin.call('GET', '/api/terminals/KM-0001')).body as { terminal?: TerminalView };
      await expect.poll(async () => (await detail()).terminal?.lastHeartbeatAt ?? null, { timeout: 10_000, interval: 100 }).not.toBeNull();
      // Several heartbeat periods of both have passed (300 ms each): none of the impostor's reached the console.
      const stored = async () => ((await admin.call('GET', '/api/ingest')).body as { stored: Record<string, number> }).stored.heartbeat ?? 0;
      await expect.poll(stored, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(4);
      expect(await terminals()).not.toContain('KM-0002');
    } finally {
      await impostor.stop();
      await honest.stop();
    }
  });
});
