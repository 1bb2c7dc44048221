/**
 * Alert mail end to end with a real SMTP server on loopback (test-support/smtp-test-server.ts) and
 * a real HTTP robot, on SQLite and PostgreSQL: content, 4xx retried, 5xx refused for good, one
 * channel's outage never repeating the other's delivery, and a restart or a second instance never
 * sending a mail twice.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../test-support/smtp-test-server.ts';
import { TerminalRegistry } from '../registry/terminal-registry.ts';
import type { ConsoleDb } from '../storage/database.ts';
import { FleetStore } from '../storage/fleet-store.ts';
import { NotificationStore } from '../storage/notification-store.ts';
import { alertView } from '../http/views.ts';
import { AlertEngine } from './alert-engine.ts';
import { alertRulesConfigSchema } from './alert-rules.ts';
import { emailConfigSchema, recipientsFor, type EmailConfig } from './email-config.ts';
import { mailChannel } from './notify-channels.ts';
import { LiveNotifySettings } from './notify-settings.ts';
import { NotifySettingsStore } from '../storage/notify-settings-store.ts';
import { SMTP_PASSWORD_CREDENTIAL, SmtpSender, smtpPasswordFrom } from './smtp-sender.ts';
import { webhookConfigSchema } from './webhook.ts';

interface Robot {
  url: string;
  received: unknown[];
  server: Server;
}

async function startRobot(): Promise<Robot> {
  const robot = { received: [] as unknown[] } as Robot;
  robot.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      robot.received.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => robot.server.listen(0, '127.0.0.1', r));
  robot.url = `http://127.0.0.1:${(robot.server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test`;
  return robot;
}

const rules = alertRulesConfigSchema.parse({});
const emailConfig = (port: number, over: Record<string, unknown> = {}): EmailConfig =>
  emailConfigSchema.parse({
    host: '127.0.0.1',
    port,
    tls: 'none',
    from: 'kiosk-console@example.gov.cn',
    recipients: { default: ['duty@example.gov.cn'], byRule: { 'paper-low': ['hall-staff@example.gov.cn'] }, bySeverity: { critical: ['duty@example.gov.cn', 'it@example.gov.cn'] } },
    consoleUrl: 'https://console.example.gov.cn/',
    timeoutMs: 5000,
    ...over,
  });

let smtp: SmtpTestServer;
let robot: Robot;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
  robot = await startRobot();
});
afterAll(async () => {
  await smtp.close();
  await new Promise<void>((r) => robot.server.close(() => r()));
  await stopTestPostgres();
});

describe('e-mail settings', () => {
  it('picks recipients by rule, then severity, then the default list', () => {
    const config = emailConfig(25);
    expect(recipientsFor(config, 'paper-low')).toEqual(['hall-staff@example.gov.cn']);
    expect(recipientsFor(config, 'offline')).toEqual(['duty@example.gov.cn', 'it@example.gov.cn']);
    expect(recipientsFor(config, 'paper-out')).toEqual(['duty@example.gov.cn']);
    expect(recipientsFor(emailConfig(25, { recipients: { default: ['a@example.gov.cn'], byRule: { 'paper-low': [] } } }), 'paper-low')).toEqual([]);
  });

  it('refuses plain SMTP to another machine, a bad address, an unknown rule and an unknown time zone, with the reason', () => {
    const problem = (over: Record<string, unknown>) => {
      const r = emailConfigSchema.safeParse({ host: '127.0.0.1', port: 25, tls: 'none', from: 'a@example.gov.cn', recipients: { default: ['b@example.gov.cn'] }, consoleUrl: 'https://c.example.gov.cn', ...over });
      return r.success ? 'accepted' : `${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`;
    };
    expect(problem({})).toBe('accepted');
    expect(problem({ host: '::1' })).toBe('accepted');
    expect(problem({ host: 'smtp.example.gov.cn' })).toMatch(/^tls: tls "none" only for a relay on this machine/);
    expect(problem({ host: 'smtp.example.gov.cn', tls: 'starttls', port: 587 })).toBe('accepted');
    expect(problem({ recipients: { default: ['not an address'] } })).toMatch(/^recipients\.default\.0:/);
    expect(problem({ recipients: { default: [] } })).toMatch(/^recipients\.default:/);
    expect(problem({ recipients: { default: ['b@example.gov.cn'], byRule: { 'no-such-rule': ['b@example.gov.cn'] } } })).toMatch(/^recipients\.byRule/);
    expect(problem({ timeZone: 'Mars/Olympus' })).toMatch(/^timeZone: an IANA time zone/);
    expect(problem({ password: 'secret' })).toMatch(/unrecognized key/i);
  });

  it('treats a server that takes the connection and never answers as a timeout: unknown, to be retried', async () => {
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const sender = new SmtpSender(emailConfig((silent.address() as AddressInfo).port, { timeoutMs: 1000 }), undefined);
      expect(await sender.send({ to: ['duty@example.gov.cn'], subject: 'x', text: 'y' })).toMatchObject({ result: 'unknown', detail: expect.stringMatching(/ETIMEDOUT|timeout/i) });
      sender.close();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('reads the SMTP password from the console-smtp-password credential and logs in with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-credential-'));
    const authed = await startSmtpTestServer({ auth: { username: 'console', password: 'relay pass 42' } });
    try {
      writeFileSync(join(dir, SMTP_PASSWORD_CREDENTIAL), 'relay pass 42\n');
      expect(smtpPasswordFrom({ CREDENTIALS_DIRECTORY: dir, CONSOLE_SMTP_PASSWORD: 'other' })).toBe('relay pass 42');
      expect(smtpPasswordFrom({ CONSOLE_SMTP_PASSWORD: 'other' })).toBe('other');
      expect(smtpPasswordFrom({})).toBeUndefined();
      const config = emailConfig(authed.port, { username: 'console' });
      expect(() => new SmtpSender(config, undefined)).toThrow(/console-smtp-password credential/);
      const good = new SmtpSender(config, smtpPasswordFrom({ CREDENTIALS_DIRECTORY: dir }));
      expect(await good.send({ to: ['duty@example.gov.cn'], subject: 'x', text: 'y' })).toEqual({ result: 'sent' });
      good.close();
      const wrong = new SmtpSender(config, 'wrong');
      expect(await wrong.send({ to: ['duty@example.gov.cn'], subject: 'x', text: 'y' })).toMatchObject({ result: 'failed', detail: expect.stringMatching(/^SMTP 535/) });
      wrong.close();
      expect(authed.received).toHaveLength(1);
    } finally {
      await authed.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)('alert mail on %s', (dialect) => {
  let t: TestDatabase;
  let clock: Date;
  let registry: TerminalRegistry;
  const opened: ConsoleDb[] = [];
  const id = 'KM-0001';
  const at = (minutes: number) => new Date(Date.parse('2026-12-04T10:00:00.000Z') + minutes * 60_000);
  const ingest = (kind: 'status' | 'heartbeat', body: unknown) => registry.ingest({ terminalId: id, kind }, JSON.stringify(body));
  const heartbeat = (when: Date, flags: string[] = []) => ({
    terminalId: id,
    at: when.toISOString(),
    appVersion: '1.0.0',
    configVersion: '1',
    uptimeSeconds: 1,
    serviceMode: { mode: 'in-service', since: when.toISOString() },
    devices: flags.length > 0 ? [{ device: 'printer', state: 'ready', flags }] : [],
    queue: { pending: 0, failed: 0 },
    disk: { freeBytes: 1, totalBytes: 2 },
    lastError: null,
    site: { region: '昆明市', hall: '五华区政务服务中心', tags: [] },
  });
  /** An engine as a console instance makes it, on its own connection when `db` is given. */
  const engine = (db: ConsoleDb = t.db, over: { webhook?: boolean } = {}) =>
    new AlertEngine({
      store: new FleetStore(db),
      rules,
      ...(over.webhook === false ? {} : { webhook: webhookConfigSchema.parse({ url: robot.url, robot: 'wecom' }) }),
      mail: mailChannel(emailConfig(smtp.port), new SmtpSender(emailConfig(smtp.port), undefined)),
      logger: silentLogger,
      now: () => clock,
      backoff: { baseMs: 1000, capMs: 1000 },
      random: () => 1,
    });
  const connection = () => {
    const db = t.open();
    opened.push(db);
    return db;
  };
  const states = async (alertId: number) => (await new NotificationStore(t.db).forAlerts([alertId])).map((n) => ({ channel: n.channel, event: n.event, state: n.state, attempts: n.attempts, detail: n.detail }));
  const goOffline = async () => {
    await ingest('heartbeat', heartbeat(at(0)));
    await ingest('status', { terminalId: id, state: 'offline', at: at(0).toISOString(), reason: 'connection-lost' });
    clock = at(10);
  };

  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    clock = at(0);
    registry = new TerminalRegistry(new FleetStore(t.db), silentLogger, () => clock);
    smtp.reset();
    robot.received.length = 0;
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy();
    await t.close();
  });

  it('mails a new alert in Chinese then English with terminal, hall, rule, time and link, and mails its resolution', async () => {
    await goOffline();
    const [alert] = (await engine().tick()).opened;
    expect(alert?.rule).toBe('offline');
    expect(robot.received).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.from).toBe('kiosk-console@example.gov.cn');
    expect(mail.to).toEqual(['duty@example.gov.cn', 'it@example.gov.cn']);
    expect(mail.subject).toBe('[便民终端] 告警：KM-0001 终端离线（紧急） / Alert: KM-0001 terminal offline (critical)');
    const lines = mail.text.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '【告警】终端 KM-0001：终端离线（紧急）',
      '营业厅：昆明市 / 五华区政务服务中心',
      '规则：终端离线（offline）',
      '开始时间：2026-12-04 18:10:00（Asia/Shanghai）',
      `详情：offline since ${at(0).toISOString()} (connection-lost)`,
      `查看：https://console.example.gov.cn/alerts（告警 #${alert?.id}）`,
      '',
    ]);
    expect(lines.indexOf('[Alert] Terminal KM-0001: terminal offline (critical)')).toBeGreaterThan(6);
    expect(mail.text).toContain('Hall: 昆明市 / 五华区政务服务中心');
    expect(mail.text).toContain('Since: 2026-12-04 10:10:00 UTC');
    expect(mail.text).toContain(`Open: https://console.example.gov.cn/alerts (alert #${alert?.id})`);

    await ingest('status', { terminalId: id, state: 'online', at: at(11).toISOString() });
    clock = at(12);
    expect((await engine().tick()).resolved).toEqual([alert?.id]);
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1]?.subject).toBe('[便民终端] 已恢复：KM-0001 终端离线 / Resolved: KM-0001 terminal offline');
    expect(smtp.received[1]?.text).toContain('恢复时间：2026-12-04 18:12:00（Asia/Shanghai），条件消失，自动恢复');
    expect(smtp.received[1]?.text).toContain('Resolved: 2026-12-04 10:12:00 UTC, the condition cleared');
    // The robot is told of new alerts only, as before.
    expect(robot.received).toHaveLength(1);
    expect(await states(alert?.id ?? 0)).toEqual([
      { channel: 'email', event: 'raised', state: 'sent', attempts: 1, detail: null },
      { channel: 'email', event: 'resolved', state: 'sent', attempts: 1, detail: null },
      { channel: 'webhook', event: 'raised', state: 'sent', attempts: 1, detail: null },
    ]);
  });

  it('sends "paper low" to the rule\'s own recipients, and no mail to a rule whose list is empty', async () => {
    await ingest('heartbeat', heartbeat(at(0), ['paper-near-end']));
    const [alert] = (await engine(t.db, { webhook: false }).tick()).opened;
    expect(alert?.rule).toBe('paper-low');
    expect(smtp.received.map((m) => [m.to, m.subject])).toEqual([[['hall-staff@example.gov.cn'], '[便民终端] 告警：KM-0001 纸将尽（提示） / Alert: KM-0001 paper low (notice)']]);

    const silent = new AlertEngine({
      store: new FleetStore(t.db),
      rules,
      mail: mailChannel(emailConfig(smtp.port, { recipients: { default: ['duty@example.gov.cn'], byRule: { 'paper-out': [] } } }), new SmtpSender(emailConfig(smtp.port), undefined)),
      logger: silentLogger,
      now: () => clock,
    });
    await ingest('heartbeat', heartbeat(at(1), ['paper-out']));
    clock = at(2);
    const { opened: [out] } = await silent.tick();
    expect(out?.rule).toBe('paper-out');
    expect(await states(out?.id ?? 0)).toEqual([]);
    // Out of paper supersedes "low": the low alert's resolution is mailed, the paper-out alert is not.
    expect(smtp.received.map((m) => m.subject)).toEqual([expect.stringContaining('告警：KM-0001 纸将尽'), '[便民终端] 已恢复：KM-0001 纸将尽 / Resolved: KM-0001 paper low']);
  });

  it('retries a 451 and delivers exactly once when the server accepts', async () => {
    await goOffline();
    smtp.answer = { code: 451, message: 'Try again later' };
    const e = engine();
    const [alert] = (await e.tick()).opened;
    expect(await states(alert?.id ?? 0)).toContainEqual({ channel: 'email', event: 'raised', state: 'pending', attempts: 1, detail: expect.stringMatching(/^SMTP 451/) });
    expect(smtp.received).toHaveLength(0);
    smtp.answer = 'accept';
    await e.notifyDue();
    expect(smtp.attempts).toBe(1);
    clock = new Date(at(10).getTime() + 1000);
    await e.notifyDue();
    clock = at(11);
    await e.tick();
    await e.tick();
    expect(smtp.attempts).toBe(2);
    expect(smtp.received).toHaveLength(1);
    expect(robot.received).toHaveLength(1);
    expect(await states(alert?.id ?? 0)).toContainEqual({ channel: 'email', event: 'raised', state: 'sent', attempts: 2, detail: null });
  });

  it('records a 550 as refused for good, shows it on the alert and never retries it', async () => {
    await goOffline();
    smtp.answer = { code: 550, message: 'Mailbox unavailable' };
    const e = engine();
    const [alert] = (await e.tick()).opened;
    clock = at(30);
    await e.tick();
    expect(smtp.attempts).toBe(1);
    const notifications = new NotificationStore(t.db);
    const view = alertView((await new FleetStore(t.db).getAlert(alert?.id ?? 0))!, await notifications.forAlerts([alert?.id ?? 0]));
    expect(view.notifications).toContainEqual(expect.objectContaining({ channel: 'email', event: 'raised', state: 'failed', attempts: 1, nextAt: null, detail: expect.stringMatching(/^SMTP 550.*Mailbox unavailable/) }));
    expect(view.notifications).toContainEqual(expect.objectContaining({ channel: 'webhook', state: 'sent' }));
    expect((await notifications.recentFailures('email')).map((f) => f.alert_id)).toEqual([alert?.id]);
  });

  it('after the robot was told and the SMTP server was down, sends only the mail when it is back', async () => {
    await goOffline();
    await smtp.down();
    const e = engine();
    const [alert] = (await e.tick()).opened;
    expect(robot.received).toHaveLength(1);
    expect(await states(alert?.id ?? 0)).toContainEqual({ channel: 'email', event: 'raised', state: 'pending', attempts: 1, detail: expect.stringMatching(/ECONNREFUSED|ECONNECTION/) });
    await smtp.up();
    clock = at(11);
    await e.tick();
    await e.tick();
    expect(smtp.received).toHaveLength(1);
    expect(robot.received).toHaveLength(1);
    expect((await states(alert?.id ?? 0)).map((s) => s.state)).toEqual(['sent', 'sent']);
  });

  it('sends a mail once across a console restart in the middle of its retries', async () => {
    await goOffline();
    smtp.answer = { code: 421, message: 'Service not available, closing channel' };
    const first = connection();
    const before = engine(first);
    const [alert] = (await before.tick()).opened;
    expect(robot.received).toHaveLength(1);
    await before.stop();
    await first.destroy();

    smtp.answer = 'accept';
    clock = at(11);
    const after = engine(connection());
    await after.tick();
    await after.tick();
    expect(smtp.received).toHaveLength(1);
    expect(robot.received).toHaveLength(1);
    expect(await states(alert?.id ?? 0)).toContainEqual({ channel: 'email', event: 'raised', state: 'sent', attempts: 2, detail: null });
  });

  it('sends the next mail to the recipients an administrator saved (a retry of an earlier alert included) and holds the paused robot\'s notifications', async () => {
    const config = emailConfig(smtp.port);
    const settings = new LiveNotifySettings({ store: new NotifySettingsStore(t.db), fileRecipients: config.recipients, logger: silentLogger });
    const e = new AlertEngine({
      store: new FleetStore(t.db),
      rules,
      webhook: webhookConfigSchema.parse({ url: robot.url, robot: 'wecom' }),
      webhookEnabled: async () => (await settings.get()).webhookEnabled,
      mail: mailChannel(config, new SmtpSender(config, undefined), async () => (await settings.get()).recipients ?? config.recipients),
      logger: silentLogger,
      now: () => clock,
      backoff: { baseMs: 1000, capMs: 1000 },
      random: () => 1,
    });
    await ingest('heartbeat', heartbeat(at(0), ['paper-near-end']));
    smtp.answer = { code: 451, message: 'Try again later' };
    const [low] = (await e.tick()).opened;
    expect(low?.rule).toBe('paper-low');
    expect(smtp.attempts).toBe(1);
    expect(robot.received).toHaveLength(1);

    // The file sends paper-low to hall-staff@; the administrator routes it elsewhere and pauses the robot.
    const saved = await settings.save({ baseVersion: 0, recipients: { default: ['oncall@example.gov.cn'], bySeverity: {}, byRule: { 'paper-low': ['hall-2@example.gov.cn'] } }, webhookEnabled: false }, 'admin', at(0).toISOString());
    expect(saved.result).toBe('saved');
    smtp.answer = 'accept';
    clock = at(1);
    await e.notifyDue();
    expect(smtp.received.map((m) => [m.to, m.subject])).toEqual([[['hall-2@example.gov.cn'], expect.stringContaining('纸将尽')]]);

    // A new alert while the robot is paused: mailed to the new default list, not queued for the robot.
    await ingest('status', { terminalId: id, state: 'offline', at: at(1).toISOString(), reason: 'connection-lost' });
    clock = at(12);
    const { opened } = await e.tick();
    const offline = opened.find((a) => a.rule === 'offline');
    expect(smtp.received.filter((m) => m.subject.includes('终端离线')).map((m) => m.to)).toEqual([['oncall@example.gov.cn']]);
    expect((await states(offline?.id ?? 0)).map((s) => s.channel)).toEqual(['email']);
    // One already queued for the robot waits while it is paused, and goes out when it is back on.
    const queued = await new FleetStore(t.db).openAlert({ terminalId: 'KM-0002', rule: 'offline', detail: 'offline', at: clock.toISOString(), notify: ['webhook'] });
    await e.notifyDue();
    expect(robot.received).toHaveLength(1);
    expect(await states(queued.id)).toEqual([{ channel: 'webhook', event: 'raised', state: 'pending', attempts: 0, detail: null }]);
    expect((await settings.save({ baseVersion: 1, recipients: null, webhookEnabled: true }, 'admin', clock.toISOString())).result).toBe('saved');
    await e.notifyDue();
    expect(robot.received).toHaveLength(2);
    expect((await states(queued.id)).map((s) => s.state)).toEqual(['sent']);
  });

  it('two console instances sending at the same moment deliver each notification once', async () => {
    await goOffline();
    await engine().evaluate();
    const [a, b] = [engine(connection()), engine(connection())];
    await Promise.all([a.notifyDue(), b.notifyDue(), a.notifyDue(), b.notifyDue()]);
    expect(smtp.received).toHaveLength(1);
    expect(robot.received).toHaveLength(1);
  });
});
