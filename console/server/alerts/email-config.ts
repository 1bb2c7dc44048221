/**
 * The e-mail channel's settings (console config `email`, optional). The SMTP password is never
 * here: it is the systemd credential `console-smtp-password` (smtp-sender.ts).
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { ALERT_RULES, RULE_SEVERITY, SEVERITIES, type AlertRule } from './alert-rules.ts';

const addresses = z.array(z.email({ error: (issue) => `not an e-mail address: ${JSON.stringify(issue.input)}` })).max(50);

/**
 * Who gets the mail of an alert: the rule's list if the rule is named, else its severity's, else
 * `default`. An empty list sends that rule or severity no mail. The same rules check the file and
 * an administrator's edit in the console (alerts/notify-settings.ts).
 */
export const emailRecipientsSchema = z
  .object({
    default: addresses.min(1, 'at least one address'),
    bySeverity: z.partialRecord(z.enum(SEVERITIES), addresses).default({}),
    byRule: z.partialRecord(z.enum(ALERT_RULES), addresses).default({}),
  })
  .strict();
export type EmailRecipients = z.infer<typeof emailRecipientsSchema>;

/** Plain SMTP only to this machine (a local relay): a password or an alert never crosses a network in clear. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const emailConfigSchema = z
  .object({
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    /** implicit: TLS from the first byte (port 465); starttls: STARTTLS required, refused without it (587); none: loopback only. */
    tls: z.enum(['implicit', 'starttls', 'none']),
    /** The SMTP user; its password is the `console-smtp-password` credential. Without it: no authentication (a local relay). */
    username: z.string().min(1).max(256).optional(),
    from: z.email(),
    /** The initial lists: once an administrator edits them in the console, the console's are in force. */
    recipients: emailRecipientsSchema,
    subjectPrefix: z.string().max(40).default('[便民终端]'),
    /** The console's address as staff open it (behind the TLS proxy): the mail links to its alert page. */
    consoleUrl: z.url({ protocol: /^https?$/ }),
    /** Times in the mail are shown in this zone (and in UTC in the English part). */
    timeZone: z.string().refine(validTimeZone, 'an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
  })
  .strict()
  .refine((c) => c.tls !== 'none' || isLoopbackHost(c.host), { path: ['tls'], message: 'tls "none" only for a relay on this machine (localhost, 127.0.0.1, ::1): use "implicit" or "starttls"' });
export type EmailConfig = z.infer<typeof emailConfigSchema>;

export function recipientsFor(config: Pick<EmailConfig, 'recipients'>, rule: string): string[] {
  const known = (ALERT_RULES as readonly string[]).includes(rule) ? (rule as AlertRule) : undefined;
  if (known === undefined) return config.recipients.default;
  return config.recipients.byRule[known] ?? config.recipients.bySeverity[RULE_SEVERITY[known]] ?? config.recipients.default;
}
