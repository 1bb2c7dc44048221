/**
 * The channels an alert is told through: the group robot (webhook.ts) and e-mail (smtp-sender.ts).
 * Each says which alerts it takes and sends one notification; the engine keeps the state per
 * alert, channel and event (storage/notification-store.ts) so channels never wait on each other.
 */
import type { DueNotification, NotifyChannelName, NotifyEvent } from '../storage/notification-store.ts';
import { recipientsFor, type EmailConfig, type EmailRecipients } from './email-config.ts';
import { alertMail, testMail } from './email-message.ts';
import type { OutgoingMail } from './smtp-sender.ts';
import type { AlertMessage, DeliveryOutcome, WebhookConfig } from './webhook.ts';

export interface NotifyChannel {
  readonly name: NotifyChannelName;
  /** Switched on by the administrators (the robot can be paused in the console); a paused channel's pending notifications wait. */
  enabled(): Promise<boolean>;
  /** Whether a new alert of this rule is told through this channel at all. */
  takes(rule: string): Promise<boolean>;
  send(notification: DueNotification): Promise<DeliveryOutcome>;
}

export function alertMessage(alert: { id: number; terminal_id: string; rule: string; detail: string; opened_at: string }): AlertMessage {
  return {
    title: `【便民终端告警】${alert.terminal_id} ${alert.rule}`,
    lines: [alert.detail, `opened ${alert.opened_at}`, `alert #${alert.id}`],
  };
}

export function webhookChannel(config: WebhookConfig, send: (config: WebhookConfig, message: AlertMessage) => Promise<DeliveryOutcome>, enabled: () => Promise<boolean> = () => Promise.resolve(true)): NotifyChannel {
  return {
    name: 'webhook',
    enabled,
    takes: () => enabled(),
    send: (n) => send(config, alertMessage({ id: n.alert_id, terminal_id: n.terminal_id, rule: n.rule, detail: n.detail_text, opened_at: n.opened_at })),
  };
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<DeliveryOutcome>;
  close(): void;
}

export interface MailChannel extends NotifyChannel {
  readonly config: EmailConfig;
  /** The recipient lists in force now (the console's if an administrator saved some, else the file's). */
  recipients(): Promise<EmailRecipients>;
  /** A test mail to the default recipients (an administrator's button): the outcome, nothing stored. */
  sendTest(by: string, at: string): Promise<DeliveryOutcome>;
  close(): void;
}

/** `recipients`: the lists in force at each use (alerts/notify-settings.ts); default: the file's. */
export function mailChannel(config: EmailConfig, sender: MailSender, recipients: () => Promise<EmailRecipients> = () => Promise.resolve(config.recipients)): MailChannel {
  return {
    name: 'email',
    config,
    recipients,
    enabled: () => Promise.resolve(true),
    takes: async (rule) => recipientsFor({ recipients: await recipients() }, rule).length > 0,
    send: async (n) => {
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
      // The lists in force when it is sent: an administrator's change applies to the next mail.
      const to = recipientsFor({ recipients: await recipients() }, n.rule);
      // The lists changed since the alert opened and now name nobody for it.
      if (to.length === 0) return { result: 'failed', detail: `no recipients for rule ${n.rule} in the e-mail settings` };
      return sender.send({ to, ...mail });
    },
    sendTest: async (by, at) => sender.send({ to: (await recipients()).default, ...testMail(config, by, at) }),
    close: () => sender.close(),
  };
}
