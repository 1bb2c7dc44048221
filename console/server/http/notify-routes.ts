/**
 * The notification channels for administrators: each channel as configured in this instance and
 * what it delivered (counts, the latest definite refusals), a test mail, and the settings they
 * manage here (alert mail recipients, the robot on/off; alerts/notify-settings.ts). Each action is
 * like any other: admin role, CSRF, a line in the audit log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ConfigIssue, NotifyChannelsView, NotifySettingsView, TestMailResult } from '../../shared/api-types.ts';
import type { ConsoleAudit } from '../audit/console-audit.ts';
import type { MailChannel } from '../alerts/notify-channels.ts';
import { ALERT_RULES, RULE_SEVERITY, SEVERITIES } from '../alerts/alert-rules.ts';
import { notifySettingsEditSchema, type LiveNotifySettings, type NotifySettings } from '../alerts/notify-settings.ts';
import type { WebhookConfig } from '../alerts/webhook.ts';
import { NOTIFY_CHANNELS, type NotificationStore } from '../storage/notification-store.ts';
import type { AuthService } from './auth-service.ts';
import { HttpError, readJson, sendJson } from './http-util.ts';

export interface NotifyRouteDeps {
  notifications: NotificationStore;
  notify: { webhook?: WebhookConfig | undefined; mail?: MailChannel | undefined; settings: LiveNotifySettings };
  auth: AuthService;
  audit: ConsoleAudit;
  now: () => Date;
}

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void>;

const empty = z.object({}).strict();

function target(channel: (typeof NOTIFY_CHANNELS)[number], notify: NotifyRouteDeps['notify'], settings: NotifySettings): string | null {
  if (channel === 'webhook') return notify.webhook ? `${notify.webhook.robot} (${new URL(notify.webhook.url).host})` : null;
  const c = notify.mail?.config;
  return c ? `smtp ${c.host}:${c.port} (${c.tls}), ${c.from} → ${(settings.recipients ?? c.recipients).default.join(', ')}` : null;
}

async function settingsView(d: NotifyRouteDeps, settings: NotifySettings): Promise<NotifySettingsView> {
  const c = d.notify.mail?.config;
  return {
    version: settings.version,
    source: settings.source,
    changedBy: settings.changedBy,
    changedAt: settings.changedAt,
    problem: settings.problem,
    recipients: c ? (settings.recipients ?? c.recipients) : null,
    fileRecipients: c ? c.recipients : null,
    webhookConfigured: d.notify.webhook !== undefined,
    webhookEnabled: settings.webhookEnabled,
    transport: c ? { host: c.host, port: c.port, tls: c.tls, username: c.username ?? null, from: c.from, subjectPrefix: c.subjectPrefix, consoleUrl: c.consoleUrl, timeZone: c.timeZone } : null,
    severities: [...SEVERITIES],
    rules: ALERT_RULES.map((rule) => ({ rule, severity: RULE_SEVERITY[rule] })),
    history: (await d.notify.settings.store.history()).map((h) => ({ version: h.version, changedBy: h.changed_by, changedAt: h.changed_at, changes: JSON.parse(h.changes_json) as NotifySettingsView['history'][number]['changes'] })),
  };
}

export function notifyRoutes(d: NotifyRouteDeps): [method: string, pattern: RegExp, handler: Handler][] {
  return [
    [
      'GET',
      /^\/api\/notifications$/,
      async (req, res) => {
        await d.auth.require(req, 'admin');
        const counts = await d.notifications.counts();
        const settings = await d.notify.settings.get();
        const view: NotifyChannelsView = {
          channels: await Promise.all(
            NOTIFY_CHANNELS.map(async (channel) => {
              const count = (state: string) => counts.find((c) => c.channel === channel && c.state === state)?.count ?? 0;
              return {
                channel,
                configured: channel === 'webhook' ? d.notify.webhook !== undefined : d.notify.mail !== undefined,
                enabled: channel === 'webhook' ? settings.webhookEnabled : true,
                target: target(channel, d.notify, settings),
                counts: { pending: count('pending'), sent: count('sent'), failed: count('failed') },
                failures: (await d.notifications.recentFailures(channel)).map((f) => ({ alertId: f.alert_id, event: f.event as 'raised' | 'resolved', detail: f.detail, at: f.updated_at })),
              };
            }),
          ),
        };
        sendJson(res, 200, view);
      },
    ],
    [
      'POST',
      /^\/api\/notifications\/email\/test$/,
      async (req, res) => {
        const s = await d.auth.require(req, 'admin');
        await readJson(req, empty);
        const mail = d.notify.mail;
        if (!mail) throw new HttpError(409, 'not-configured', 'no e-mail channel: add an "email" section to the console configuration');
        const outcome = await mail.sendTest(s.username, d.now().toISOString());
        const result: TestMailResult = { result: outcome.result, detail: outcome.detail ?? null };
        await d.audit.append(`user:${s.username}`, 'notify.test-mail', { to: (await mail.recipients()).default.length, result: result.result, ...(result.detail ? { detail: result.detail } : {}) });
        sendJson(res, 200, result);
      },
    ],
    [
      'GET',
      /^\/api\/notifications\/settings$/,
      async (req, res) => {
        await d.auth.require(req, 'admin');
        // Read fresh: an administrator looking at the page sees what another instance saved a moment ago.
        d.notify.settings.invalidate();
        sendJson(res, 200, await settingsView(d, await d.notify.settings.get()));
      },
    ],
    [
      'POST',
      /^\/api\/notifications\/settings$/,
      async (req, res) => {
        const s = await d.auth.require(req, 'admin');
        const parsed = notifySettingsEditSchema.safeParse(await readJson(req, z.unknown()));
        if (!parsed.success) {
          const issues: ConfigIssue[] = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
          throw new HttpError(400, 'invalid', issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; '), undefined, issues);
        }
        const edit = parsed.data;
        if (edit.recipients !== null && !d.notify.mail) throw new HttpError(409, 'not-configured', 'no e-mail channel: add an "email" section to the console configuration before setting recipients');
        if (edit.webhookEnabled !== (await d.notify.settings.get()).webhookEnabled && !d.notify.webhook) throw new HttpError(409, 'not-configured', 'no group robot: add a "webhook" section to the console configuration before switching it');
        const outcome = await d.notify.settings.save(edit, s.username, d.now().toISOString());
        if (outcome.result === 'conflict') {
          const c = outcome.current;
          throw new HttpError(409, 'conflict', `the settings were changed since you opened them (now version ${c.version}${c.changedBy ? ` by ${c.changedBy} at ${c.changedAt ?? ''}` : ''}): reload and edit again`);
        }
        if (outcome.result === 'saved') await d.audit.append(`user:${s.username}`, 'notify.settings-changed', { version: outcome.settings.version, changes: outcome.changes });
        sendJson(res, 200, await settingsView(d, await d.notify.settings.get()));
      },
    ],
  ];
}
