/**
 * Sends mail over SMTP with nodemailer and says what came of it in the fleet's terms: a 5xx reply
 * is a definite refusal ("failed": recorded, shown, never retried); a 4xx reply, a timeout or a
 * lost connection is "unknown" and retried with the backoff rule.
 *
 * The password is the systemd credential `console-smtp-password` (LoadCredential=, read from
 * $CREDENTIALS_DIRECTORY as the signing-key passphrase is), else CONSOLE_SMTP_PASSWORD: the
 * configuration names neither a secret file nor a program.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { ConnectionOptions } from 'node:tls';
import type { EmailConfig } from './email-config.ts';
import type { DeliveryOutcome } from './webhook.ts';

export const SMTP_PASSWORD_CREDENTIAL = 'console-smtp-password';

export function smtpPasswordFrom(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.CREDENTIALS_DIRECTORY;
  if (dir && existsSync(join(dir, SMTP_PASSWORD_CREDENTIAL))) return readFileSync(join(dir, SMTP_PASSWORD_CREDENTIAL), 'utf8').replace(/\r?\n$/, '');
  return env.CONSOLE_SMTP_PASSWORD || undefined;
}

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
}

interface SmtpError {
  code?: string;
  /** The SMTP command answered (STARTTLS, AUTH PLAIN, RCPT TO, DATA…). */
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** What an SMTP failure means for the notification (exported for the tests' reading). */
export function smtpOutcome(error: unknown): DeliveryOutcome {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpError;
  const reply = typeof e.response === 'string' ? e.response.slice(0, 200) : (e.message ?? 'unknown error').slice(0, 200);
  const code = `SMTP ${e.responseCode}${e.command ? ` (${e.command.slice(0, 20)})` : ''}`;
  // A 5xx is the server's final word (a mailbox that does not exist, relaying refused, a wrong password, no STARTTLS).
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) return { result: 'failed', detail: `${code}: ${reply}` };
  if (typeof e.responseCode === 'number') return { result: 'unknown', detail: `${code}: ${reply}` };
  return { result: 'unknown', detail: `${e.code ? `${e.code}: ` : ''}${(e.message ?? reply).slice(0, 200)}` };
}

export class SmtpSender {
  readonly #transport: Transporter;
  readonly #from: string;

  /** `tls`: extra TLS options for the tests' own CA; deployments use the system's trust store (NODE_EXTRA_CA_CERTS for a private CA). */
  constructor(config: EmailConfig, password: string | undefined, tls?: ConnectionOptions) {
    if (config.username !== undefined && password === undefined) {
      throw new Error(`email.username is set: give the SMTP password as the ${SMTP_PASSWORD_CREDENTIAL} credential (systemd LoadCredential=) or CONSOLE_SMTP_PASSWORD`);
    }
    this.#from = config.from;
    this.#transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.tls === 'implicit',
      requireTLS: config.tls === 'starttls',
      ignoreTLS: config.tls === 'none',
      ...(config.username !== undefined && password !== undefined ? { auth: { user: config.username, pass: password } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      tls: { minVersion: 'TLSv1.2', ...tls },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(mail: OutgoingMail): Promise<DeliveryOutcome> {
    try {
      const info = (await this.#transport.sendMail({ from: this.#from, to: mail.to, subject: mail.subject, text: mail.text })) as { rejected?: unknown[] };
      // Some recipients refused, the others took it: delivered, and the refusals are said.
      const rejected = (info.rejected ?? []).map(String);
      return rejected.length > 0 ? { result: 'sent', detail: `refused by the server for ${rejected.join(', ')}` } : { result: 'sent' };
    } catch (error) {
      return smtpOutcome(error);
    }
  }

  close(): void {
    this.#transport.close();
  }
}
