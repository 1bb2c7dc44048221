/**
 * The notification channels over HTTP, with a whole console (real mosquitto, SQLite) and a real
 * SMTP server on loopback: administrators see each channel's state and send a test mail (CSRF,
 * audit); an alert shows what each channel did with it, a 5xx refusal included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, NotifyChannelsView } from '../../shared/api-types.ts';
import { ADMIN, apiClient, startConsoleFixture, type ConsoleFixture } from '../../test-support/console-fixture.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../test-support/smtp-test-server.ts';

describe('notification channels in the console API', () => {
  let smtp: SmtpTestServer;
  let f: ConsoleFixture;
  let admin: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    f = await startConsoleFixture({
      config: {
        email: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'kiosk-console@example.gov.cn', recipients: { default: ['duty@example.gov.cn'] }, consoleUrl: 'https://console.example.gov.cn' },
      } as never,
    });
    admin = apiClient(f.server.url);
    expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
  });
  afterAll(async () => {
    await f.close();
    await smtp.close();
  });

  it('sends a test mail for an administrator only, with the CSRF token, and writes the outcome to the audit log', async () => {
    expect((await admin.call('POST', '/api/users', { username: 'watcher', role: 'viewer', password: 'viewer passphrase 1' })).status).toBe(201);
    const viewer = apiClient(f.server.url);
    await viewer.login('watcher', 'viewer passphrase 1');
    expect((await viewer.call('POST', '/api/notifications/email/test', {})).status).toBe(403);
    expect((await viewer.call('GET', '/api/notifications')).status).toBe(403);

    const noCsrf = apiClient(f.server.url);
    await noCsrf.login(ADMIN.username, ADMIN.password);
    noCsrf.dropCsrf();
    expect(await noCsrf.call('POST', '/api/notifications/email/test', {})).toMatchObject({ status: 403, body: { error: 'csrf' } });
    expect(smtp.attempts).toBe(0);

    expect(await admin.call('POST', '/api/notifications/email/test', { to: 'someone@else.example' })).toMatchObject({ status: 400 });
    expect(await admin.call('POST', '/api/notifications/email/test', {})).toMatchObject({ status: 200, body: { result: 'sent', detail: null } });
    expect(smtp.received.map((m) => [m.to, m.subject])).toEqual([[['duty@example.gov.cn'], '[便民终端] 测试邮件 / Test mail']]);
    expect(smtp.received[0]?.text).toMatch(/^这是便民终端管理台发出的测试邮件.*由 admin 发送/);

    smtp.answer = { code: 554, message: 'Relay access denied' };
    expect(await admin.call('POST', '/api/notifications/email/test', {})).toMatchObject({ status: 200, body: { result: 'failed', detail: expect.stringMatching(/^SMTP 554.*Relay access denied/) } });
    smtp.answer = 'accept';

    const audit = (await admin.call('GET', '/api/audit')).body.entries as { action: string; actor: string; details: Record<string, unknown> }[];
    expect(audit.filter((e) => e.action === 'notify.test-mail').map((e) => [e.actor, e.details.result])).toEqual(expect.arrayContaining([['user:admin', 'sent'], ['user:admin', 'failed']]));
  });

  it('shows each channel\'s state on the alert and the channel summary, a 5xx refusal included', async () => {
    smtp.answer = { code: 550, message: 'Mailbox unavailable' };
    const before = smtp.attempts;
    const alert = await f.server.fleet.openAlert({ terminalId: 'KM-0009', rule: 'paper-low', detail: 'paper low: printer', at: new Date().toISOString(), notify: ['email'] });
    // The console's own alert timer (1 s in the fixture) sends it.
    await expect
      .poll(async () => ((await admin.call('GET', '/api/alerts')).body as unknown as AlertView[]).find((a) => a.id === alert.id)?.notifications, { timeout: 10_000, interval: 100 })
      .toEqual([expect.objectContaining({ channel: 'email', event: 'raised', state: 'failed', attempts: 1, nextAt: null, detail: expect.stringMatching(/^SMTP 550/) })]);
    expect(smtp.attempts).toBe(before + 1);
    const view = (await admin.call('GET', '/api/notifications')).body as unknown as NotifyChannelsView;
    expect(view.channels).toEqual([
      { channel: 'webhook', configured: false, enabled: true, target: null, counts: { pending: 0, sent: 0, failed: 0 }, failures: [] },
      {
        channel: 'email',
        configured: true,
        enabled: true,
        target: `smtp 127.0.0.1:${smtp.port} (none), kiosk-console@example.gov.cn → duty@example.gov.cn`,
        counts: { pending: 0, sent: 0, failed: 1 },
        failures: [{ alertId: alert.id, event: 'raised', detail: expect.stringMatching(/^SMTP 550/), at: expect.any(String) }],
      },
    ]);
    smtp.answer = 'accept';
  });
});

describe('a console without e-mail', () => {
  it('answers a test mail with 409 and the reason', async () => {
    const f = await startConsoleFixture();
    try {
      const admin = apiClient(f.server.url);
      await admin.login(ADMIN.username, ADMIN.password);
      expect(await admin.call('POST', '/api/notifications/email/test', {})).toMatchObject({ status: 409, body: { error: 'not-configured', message: expect.stringContaining('"email"') } });
    } finally {
      await f.close();
    }
  });
});
