/**
 * Alert mail recipients and the robot on/off edited over the console API (a whole console: real
 * mosquitto, SQLite, a real SMTP server on loopback): admin only, CSRF, refused input named by
 * field with nothing changed, versions with who and when, the audit line, and the next mail (the
 * test mail here) going to the lists just saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyChannelsView, NotifySettingsView } from '../../shared/api-types.ts';
import { ADMIN, apiClient, startConsoleFixture, type ConsoleFixture } from '../../test-support/console-fixture.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../test-support/smtp-test-server.ts';

describe('notification settings in the console API', () => {
  let smtp: SmtpTestServer;
  let f: ConsoleFixture;
  let admin: ReturnType<typeof apiClient>;
  const settings = async () => (await admin.call('GET', '/api/notifications/settings')).body as unknown as NotifySettingsView;
  const auditOf = async (action: string) => ((await admin.call('GET', '/api/audit')).body.entries as { action: string; actor: string; details: Record<string, unknown> }[]).filter((e) => e.action === action);
  const file = { default: ['duty@example.gov.cn'], bySeverity: { critical: ['duty@example.gov.cn', 'it@example.gov.cn'] }, byRule: {} };

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    f = await startConsoleFixture({
      config: {
        email: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'kiosk-console@example.gov.cn', recipients: file, consoleUrl: 'https://console.example.gov.cn' },
        webhook: { url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=test', robot: 'wecom' },
      } as never,
    });
    admin = apiClient(f.server.url);
    expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
  });
  afterAll(async () => {
    await f.close();
    await smtp.close();
  });

  it('shows the file\'s lists in force until the first edit, and the transport read-only without a password', async () => {
    expect(await settings()).toMatchObject({
      version: 0,
      source: 'file',
      changedBy: null,
      problem: null,
      recipients: file,
      fileRecipients: file,
      webhookConfigured: true,
      webhookEnabled: true,
      transport: { host: '127.0.0.1', port: smtp.port, tls: 'none', username: null, from: 'kiosk-console@example.gov.cn', subjectPrefix: '[便民终端]', consoleUrl: 'https://console.example.gov.cn', timeZone: 'Asia/Shanghai' },
      severities: ['critical', 'warning', 'notice'],
      history: [],
    });
  });

  it('refuses an operator (403), a request without the CSRF token, and an invalid address (400 naming the field), changing nothing', async () => {
    expect((await admin.call('POST', '/api/users', { username: 'operator1', role: 'operator', password: 'operator passphrase 1' })).status).toBe(201);
    const operator = apiClient(f.server.url);
    await operator.login('operator1', 'operator passphrase 1');
    const body = { baseVersion: 0, recipients: { default: ['oncall@example.gov.cn'] }, webhookEnabled: true };
    expect((await operator.call('GET', '/api/notifications/settings')).status).toBe(403);
    expect(await operator.call('POST', '/api/notifications/settings', body)).toMatchObject({ status: 403, body: { error: 'forbidden' } });

    const noCsrf = apiClient(f.server.url);
    await noCsrf.login(ADMIN.username, ADMIN.password);
    noCsrf.dropCsrf();
    expect(await noCsrf.call('POST', '/api/notifications/settings', body)).toMatchObject({ status: 403, body: { error: 'csrf' } });

    expect(await admin.call('POST', '/api/notifications/settings', { ...body, recipients: { default: ['oncall@example.gov.cn'], bySeverity: { critical: ['it@example.gov.cn', 'it at example'] } } })).toEqual({
      status: 400,
      headers: expect.anything(),
      body: { error: 'invalid', message: 'recipients.bySeverity.critical.1: not an e-mail address: "it at example"', issues: [{ path: 'recipients.bySeverity.critical.1', message: 'not an e-mail address: "it at example"' }] },
    });
    expect(await admin.call('POST', '/api/notifications/settings', { ...body, recipients: { default: [] } })).toMatchObject({ status: 400, body: { message: 'recipients.default: at least one address' } });
    expect(await admin.call('POST', '/api/notifications/settings', { ...body, recipients: { default: ['a@example.gov.cn'], byRule: { 'no-such-rule': [] } } })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^recipients\.byRule/) } });
    expect(await admin.call('POST', '/api/notifications/settings', { baseVersion: 0, webhookEnabled: true })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^recipients: /) } });

    expect(await settings()).toMatchObject({ version: 0, source: 'file', recipients: file, history: [] });
    expect(await auditOf('notify.settings-changed')).toEqual([]);
  });

  it('saves an administrator\'s lists as version 1 with who and when, writes the audit line, and the next mail goes to them', async () => {
    const saved = await admin.call('POST', '/api/notifications/settings', { baseVersion: 0, recipients: { default: ['oncall@example.gov.cn'], byRule: { 'paper-low': ['hall-staff@example.gov.cn'] } }, webhookEnabled: false });
    expect(saved).toMatchObject({
      status: 200,
      body: { version: 1, source: 'console', changedBy: 'admin', recipients: { default: ['oncall@example.gov.cn'], bySeverity: {}, byRule: { 'paper-low': ['hall-staff@example.gov.cn'] } }, fileRecipients: file, webhookEnabled: false },
    });
    const view = await settings();
    expect(view.history).toEqual([
      {
        version: 1,
        changedBy: 'admin',
        changedAt: view.changedAt,
        changes: [
          { field: 'source', from: 'file', to: 'console' },
          { field: 'recipients.default', from: ['duty@example.gov.cn'], to: ['oncall@example.gov.cn'] },
          { field: 'recipients.bySeverity.critical', from: ['duty@example.gov.cn', 'it@example.gov.cn'], to: null },
          { field: 'recipients.byRule.paper-low', from: null, to: ['hall-staff@example.gov.cn'] },
          { field: 'webhookEnabled', from: true, to: false },
        ],
      },
    ]);
    const [line] = await auditOf('notify.settings-changed');
    expect(line).toMatchObject({ actor: 'user:admin', details: { version: 1, changes: view.history[0]?.changes } });
    expect(((await admin.call('GET', '/api/audit')).body as { verification: { ok: boolean } }).verification.ok).toBe(true);

    const channels = (await admin.call('GET', '/api/notifications')).body as unknown as NotifyChannelsView;
    expect(channels.channels.map((c) => [c.channel, c.enabled, c.target])).toEqual([
      ['webhook', false, 'wecom (127.0.0.1:9)'],
      ['email', true, `smtp 127.0.0.1:${smtp.port} (none), kiosk-console@example.gov.cn → oncall@example.gov.cn`],
    ]);
    expect(await admin.call('POST', '/api/notifications/email/test', {})).toMatchObject({ status: 200, body: { result: 'sent' } });
    expect(smtp.received.at(-1)?.to).toEqual(['oncall@example.gov.cn']);

    // Saving over the version seen before is refused (someone else saved since), and nothing is written.
    expect(await admin.call('POST', '/api/notifications/settings', { baseVersion: 0, recipients: null, webhookEnabled: true })).toMatchObject({ status: 409, body: { error: 'conflict', message: expect.stringMatching(/^the settings were changed since you opened them \(now version 1 by admin at /) } });
    // Back to the file's lists and the robot on again: version 2.
    expect(await admin.call('POST', '/api/notifications/settings', { baseVersion: 1, recipients: null, webhookEnabled: true })).toMatchObject({ status: 200, body: { version: 2, source: 'file', recipients: file, webhookEnabled: true } });
    expect((await auditOf('notify.settings-changed')).map((e) => e.details.version)).toEqual(expect.arrayContaining([1, 2]));
  });
});

describe('a console without e-mail or robot', () => {
  it('refuses recipients and a robot switch with 409 and the reason', async () => {
    const f = await startConsoleFixture();
    try {
      const admin = apiClient(f.server.url);
      await admin.login(ADMIN.username, ADMIN.password);
      expect((await admin.call('GET', '/api/notifications/settings')).body).toMatchObject({ version: 0, recipients: null, transport: null, webhookConfigured: false });
      expect(await admin.call('POST', '/api/notifications/settings', { baseVersion: 0, recipients: { default: ['a@example.gov.cn'] }, webhookEnabled: true })).toMatchObject({ status: 409, body: { error: 'not-configured', message: expect.stringContaining('"email"') } });
      expect(await admin.call('POST', '/api/notifications/settings', { baseVersion: 0, recipients: null, webhookEnabled: false })).toMatchObject({ status: 409, body: { error: 'not-configured', message: expect.stringContaining('"webhook"') } });
    } finally {
      await f.close();
    }
  });
});
