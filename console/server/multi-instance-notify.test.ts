/**
 * Alert mail recipients are live across console instances (console/README.md "Alert mail"): two
 * consoles on one PostgreSQL database, one broker, one real SMTP server on loopback. An
 * administrator saves new lists on instance A; instance B, which had read the old ones, uses the
 * new ones within seconds, without a restart, for the next alert mail it sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/logging/logger.ts';
import { startMosquitto, type Broker } from '../../test/support/mosquitto-broker.ts';
import { ADMIN, apiClient } from '../test-support/console-fixture.ts';
import { startPostgres, type PostgresCluster } from '../test-support/postgres-cluster.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.ts';
import { eventually } from '../test-support/terminal-agent.ts';
import { consoleConfigSchema } from './config/console-config.ts';
import { startConsoleServer, type ConsoleServer } from './console-server.ts';

describe('alert mail recipients saved on one console instance', () => {
  let broker: Broker;
  let cluster: PostgresCluster;
  let smtp: SmtpTestServer;
  let consoles: ConsoleServer[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    cluster = await startPostgres();
    smtp = await startSmtpTestServer();
    const url = await cluster.createDatabase('multi_instance_notify');
    const config = consoleConfigSchema.parse({
      listen: { host: '127.0.0.1', port: 0 },
      mqtt: { url: broker.url },
      database: { dialect: 'postgres' },
      alertIntervalSeconds: 1,
      email: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'kiosk-console@example.gov.cn', recipients: { default: ['duty@example.gov.cn'] }, consoleUrl: 'https://console.example.gov.cn' },
    });
    consoles = await Promise.all([0, 1].map(() => startConsoleServer({ config, database: { dialect: 'postgres', connectionString: url, poolSize: 4 }, logger: silentLogger, initialAdmin: ADMIN })));
  });

  afterAll(async () => {
    for (const c of consoles) await c.stop();
    await smtp?.close();
    await cluster?.stop();
    await broker?.stop();
  });

  it('are used by the other instance for its next mail within a few seconds', async () => {
    const [a, b] = consoles as [ConsoleServer, ConsoleServer];
    // B has read the file's lists (as it does for every mail) and holds them.
    expect(await b.notifySettings.get()).toMatchObject({ version: 0, recipients: { default: ['duty@example.gov.cn'] } });

    const admin = apiClient(a.url);
    await admin.login(ADMIN.username, ADMIN.password);
    const savedAt = Date.now();
    expect(await admin.call('POST', '/api/notifications/settings', { baseVersion: 0, recipients: { default: ['oncall@example.gov.cn'] }, webhookEnabled: true })).toMatchObject({ status: 200, body: { version: 1 } });
    await eventually(async () => (await b.notifySettings.get()).version === 1, 'instance B uses version 1', 10_000);
    const seenAfterMs = Date.now() - savedAt;
    console.log(`recipients saved on A were in use on B after ${seenAfterMs} ms`);
    expect(seenAfterMs).toBeLessThan(4000);

    // Only B sends from here: its next alert mail goes to the new list.
    await a.alerts.stop();
    const alert = await b.fleet.openAlert({ terminalId: 'KM-7001', rule: 'paper-out', detail: 'paper out: printer', at: new Date().toISOString(), notify: ['email'] });
    await eventually(() => smtp.received.some((m) => m.text.includes(`#${alert.id}`)), 'the alert mail sent by B', 10_000);
    expect(smtp.received.filter((m) => m.text.includes(`#${alert.id}`)).map((m) => m.to)).toEqual([['oncall@example.gov.cn']]);
  });
});
