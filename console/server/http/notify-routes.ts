/**
 * The notification channels for administrators: each channel as configured in this instance and
 * what it delivered (counts, the latest definite refusals), and a test mail. The test mail is an
 * action like any other: admin role, CSRF, a line in the audit log with its outcome.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { NotifyChannelsView, TestMailResult } from '../../shared/api-types.ts';
import type { ConsoleAudit } from '../audit/console-audit.ts';
import type { MailChannel } from '../alerts/notify-channels.ts';
import type { WebhookConfig } from '../alerts/webhook.ts';
import { NOTIFY_CHANNELS, type NotificationStore } from '../storage/notification-store.ts';
import type { AuthService } from './auth-service.ts';
import { HttpError, readJson, sendJson } from './http-util.ts';

export interface NotifyRouteDeps {
  notifications: NotificationStore;
  notify: { webhook?: WebhookConfig | undefined; mail?: MailChannel | undefined };
  auth: AuthService;
  audit: ConsoleAudit;
  now: () => Date;
}

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void>;

const empty = z.object({}).strict();

function target(channel: (typeof NOTIFY_CHANNELS)[number], notify: NotifyRouteDeps['notify']): string | null {
  if (channel === 'webhook') return notify.webhook ? `${notify.webhook.robot} (${new URL(notify.webhook.url).host})` : null;
  const c = notify.mail?.config;
  return c ? `smtp ${c.host}:${c.port} (${c.tls}), ${c.from} → ${c.recipients.default.join(', ')}` : null;
}

export function notifyRoutes(d: NotifyRouteDeps): [method: string, pattern: RegExp, handler: Handler][] {
  return [
    [
      'GET',
      /^\/api\/notifications$/,
      async (req, res) => {
        await d.auth.require(req, 'admin');
        const counts = await d.notifications.counts();
        const view: NotifyChannelsView = {
          channels: await Promise.all(
            NOTIFY_CHANNELS.map(async (channel) => {
              const count = (state: string) => counts.find((c) => c.channel === channel && c.state === state)?.count ?? 0;
              return {
                channel,
                configured: channel === 'webhook' ? d.notify.webhook !== undefined : d.notify.mail !== undefined,
                target: target(channel, d.notify),
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
        await d.audit.append(`user:${s.username}`, 'notify.test-mail', { to: mail.config.recipients.default.length, result: result.result, ...(result.detail ? { detail: result.detail } : {}) });
        sendJson(res, 200, result);
      },
    ],
  ];
}
