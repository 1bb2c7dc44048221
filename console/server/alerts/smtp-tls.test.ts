/**
 * The e-mail channel's TLS modes against a real SMTP server on loopback with a certificate made
 * here by the openssl CLI: STARTTLS required is refused by a server that does not offer it,
 * implicit TLS and STARTTLS deliver encrypted, and an untrusted certificate delivers nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../../test-support/smtp-test-server.ts';
import { emailConfigSchema } from './email-config.ts';
import { SmtpSender } from './smtp-sender.ts';

const mail = { to: ['duty@example.gov.cn'], subject: '测试 / test', text: '正文 / body' };
const config = (port: number, tls: 'implicit' | 'starttls') =>
  emailConfigSchema.parse({ host: '127.0.0.1', port, tls, from: 'kiosk-console@example.gov.cn', recipients: { default: ['duty@example.gov.cn'] }, consoleUrl: 'https://console.example.gov.cn', timeoutMs: 5000 });

describe('SMTP over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-tls-'));
  let cert = '';
  let key = '';
  const servers: SmtpTestServer[] = [];
  const start = async (options: Parameters<typeof startSmtpTestServer>[0]) => {
    const server = await startSmtpTestServer(options);
    servers.push(server);
    return server;
  };

  beforeAll(() => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', 'smtp.key', '-out', 'smtp.pem'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    cert = readFileSync(join(dir, 'smtp.pem'), 'utf8');
    key = readFileSync(join(dir, 'smtp.key'), 'utf8');
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers over STARTTLS and over implicit TLS, encrypted', async () => {
    const starttls = await start({ tls: { cert, key } });
    const implicit = await start({ tls: { cert, key, implicit: true } });
    for (const [server, mode] of [[starttls, 'starttls'], [implicit, 'implicit']] as const) {
      const sender = new SmtpSender(config(server.port, mode), undefined, { ca: cert });
      expect(await sender.send(mail)).toEqual({ result: 'sent' });
      sender.close();
      expect(server.received.map((m) => [m.secure, m.subject])).toEqual([[true, '测试 / test']]);
    }
  });

  it('sends nothing when STARTTLS is required and the server refuses it (5xx: failed), or when the certificate is not trusted (retried)', async () => {
    const plain = await start({});
    const required = new SmtpSender(config(plain.port, 'starttls'), undefined, { ca: cert });
    expect(await required.send(mail)).toMatchObject({ result: 'failed', detail: expect.stringMatching(/^SMTP 500 \(STARTTLS\): /) });
    required.close();
    expect(plain.attempts).toBe(0);

    const implicit = await start({ tls: { cert, key, implicit: true } });
    const untrusting = new SmtpSender(config(implicit.port, 'implicit'), undefined);
    expect(await untrusting.send(mail)).toMatchObject({ result: 'unknown', detail: expect.stringMatching(/certificate/i) });
    untrusting.close();
    expect(implicit.attempts).toBe(0);
  });
});
