/**
 * The channels an alert is told through: the group robot (webhook.ts) and e-mail (smtp-sender.ts).
 * Each says which alerts it takes and sends one notification; the engine keeps the state per
 * alert, channel and event (storage/notification-store.ts) so channels never wait on each other.
 */
import type { DueNotification, NotifyChannelName, NotifyEvent } from '../storage/notification-store.ts';
import { recipientsFor, type EmailConfig } from './email-config.ts';
import { alertMail, testMail } from './email-message.ts';
import type { OutgoingMail } from './smtp-sender.ts';
import type { AlertMessage, DeliveryOutcome, WebhookConfig } from './webhook.ts';

export interface NotifyChannel {
  readonly name: NotifyChannelName;
  /** Whether an alert of this rule is told through this channel at all. */
  takes(rule: string): boolean;
  send(notification: DueNotification): Promise<DeliveryOutcome>;
}

export function alertMessage(alert: { id: number; terminal_id: string; rule: string; detail: string; opened_at: string }): AlertMessage {
  return {
    title: `【便民终端告警】${alert.terminal_id} ${alert.rule}`,
    lines: [alert.detail, `opened ${alert.opened_at}`, `alert #${alert.id}`],
  };
}

export function webhookChannel(config: WebhookConfig, send: (config: WebhookConfig, message: AlertMessage) => Promise<DeliveryOutcome>): NotifyChannel {
  return {
    name: 'webhook',
    takes: () => true,
    send: (n) => send(config, alertMessage({ id: n.alert_id, terminal_id: n.terminal_id, rule: n.rule, detail: n.detail_text, opened_at: n.opened_at })),
  };
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<DeliveryOutcome>;
  close(): void;
}

export interface MailChannel extends NotifyChannel {
  readonly config: EmailConfig;
  /** A test mail to the default recipients (an administrator's button): the outcome, nothing stored. */
  sendTest(by: string, at: string): Promise<DeliveryOutcome>;
  close(): void;
}

export function mailChannel(config: EmailConfig, sender: MailSender): MailChannel {
  return {
    name: 'email',
    config,
    takes: (rule) => recipientsFor(config, rule).length > 0,
    send: (n) => {
      const mail = alertMail(
        {
          alertId: n.alert_id,
          event: n.event as NotifyEvent,
          terminalId: n.terminal_id,
          rule: n.rule,
          detail: n.detail_text,
          openedAt: n.opened_at,
          resolvedAt: n.resolved_at,
          resolvedBy: n.resolved_by,
          region: n.region,
          hall: n.hall,
        },
        config,
      );
      const to = recipientsFor(config, n.rule);
      // The configuration changed since the alert opened and now names nobody for it.
      if (to.length === 0) return Promise.resolve({ result: 'failed', detail: `no recipients for rule ${n.rule} in the e-mail settings` });
      return sender.send({ to, ...mail });
    },
    sendTest: (by, at) => sender.send({ to: config.recipients.default, ...testMail(config, by, at) }),
    close: () => sender.close(),
  };
}
