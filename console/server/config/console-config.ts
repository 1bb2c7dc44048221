/**
 * The console's configuration file (JSON), validated on start. Secrets never live in it: the
 * MQTT password and a PostgreSQL connection string with its password come from the environment
 * (CONSOLE_MQTT_PASSWORD, CONSOLE_DATABASE_URL) and the SMTP password from the `console-smtp-password`
 * credential, so the file can be shown and versioned.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { alertRulesConfigSchema } from '../alerts/alert-rules.ts';
import { webhookConfigSchema } from '../alerts/webhook.ts';
import { emailConfigSchema } from '../alerts/email-config.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import { PAYMENT_NOTICE_MAX_BODY_BYTES } from '../../../electron/core/fleet/payment-notice.ts';

export const consoleConfigSchema = z
  .object({
    listen: z.object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(8380) }).strict().default({ host: '127.0.0.1', port: 8380 }),
    database: z
      .discriminatedUnion('dialect', [
        z.object({ dialect: z.literal('sqlite'), file: z.string().min(1) }).strict(),
        /** The connection string itself comes from CONSOLE_DATABASE_URL. */
        z.object({ dialect: z.literal('postgres'), poolSize: z.number().int().min(1).max(100).default(10) }).strict(),
      ])
      .default({ dialect: 'sqlite', file: 'console-data/console.sqlite' }),
    mqtt: z
      .object({
        url: z.string().regex(/^mqtts?:\/\//, 'mqtt:// or mqtts://'),
        topicPrefix: z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/).default('kiosk'),
        shareGroup: z.string().regex(/^[A-Za-z0-9_-]+$/).default('console'),
        username: z.string().optional(),
        /** Unique per instance; default console-<hostname>-<pid>. */
        clientId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
      })
      .strict(),
    alerts: alertRulesConfigSchema.default(alertRulesConfigSchema.parse({})),
    alertIntervalSeconds: z.number().min(1).max(600).default(15),
    /**
     * Public keys of bundle signers working offline (`kiosk-staff sign`): bundles they signed may be
     * uploaded as rollouts. The console's own signing key is always accepted.
     */
    bundleKeys: z
      .array(z.object({ id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/), key: z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'an Ed25519 public key in base64url (43 characters)') }).strict())
      .max(16)
      .default([]),
    webhook: webhookConfigSchema.optional(),
    /** Alert mail over SMTP (optional); its password is the `console-smtp-password` credential, never in this file. */
    email: emailConfigSchema.optional(),
    sessionHours: z.number().min(0.25).max(24 * 7).default(12),
    /** The payment notification relay (`POST /pay/notify/<channel>/<terminalId>/<tag>`, server/payment-relay/); on only with the `console-payment-relay-key` credential. */
    paymentRelay: z
      .object({
        enabled: z.boolean().default(true),
        /** The four channels' notifications are a few KiB at most; the terminal refuses more than 16 KiB. */
        maxBodyBytes: z.number().int().min(1024).max(PAYMENT_NOTICE_MAX_BODY_BYTES).default(PAYMENT_NOTICE_MAX_BODY_BYTES),
        perTerminalPerMinute: z.number().int().min(1).max(10_000).default(60),
        /** Refused requests per minute over all URLs (wrong tags, unknown channels…); beyond it 429 and one log line a minute. */
        refusedPerMinute: z.number().int().min(1).max(100_000).default(600),
        /** Without the broker's PUBACK by then, the channel is answered 503 and posts again. */
        publishTimeoutMs: z.number().int().min(500).max(60_000).default(5000),
        /**
         * Hourly counts older than this are folded into per-terminal-and-channel totals and deleted
         * (payment-relay/relay-retention.ts). At least 2 days, so the page's "last 24 h" is always
         * whole hourly rows; at most 10 years.
         */
        countsRetentionDays: z.number().int().min(2).max(3660).default(90),
      })
      .strict()
      .default({ enabled: true, maxBodyBytes: PAYMENT_NOTICE_MAX_BODY_BYTES, perTerminalPerMinute: 60, refusedPerMinute: 600, publishTimeoutMs: 5000, countsRetentionDays: 90 }),
    /** Set when the console is served over HTTPS (behind a TLS proxy): cookies get `Secure`. */
    secureCookies: z.boolean().default(false),
  })
  .strict();
export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export function loadConsoleConfig(path: string): ConsoleConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`console config ${path}: ${errorMessage(error)}`, { cause: error });
  }
  const parsed = consoleConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`console config ${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
