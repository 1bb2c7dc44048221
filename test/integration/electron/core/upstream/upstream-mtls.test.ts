/**
 * The upstream over TLS with a pinned CA and a client certificate (issue 10): a real https server
 * on loopback that demands a client certificate, with a private CA made here by the openssl CLI.
 * The transport reaches it only with the pinned CA and the client pair from the credentials
 * folder; the system CAs alone, another CA, or no client certificate are refused by TLS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamTlsFrom } from '../../../../../electron/core/config/credentials.ts';
import { createHttpFetch, httpFetch } from '../../../../../electron/core/upstream/http-transport.ts';
import { UpstreamClient } from '../../../../../electron/core/upstream/upstream-client.ts';

let dir: string;
let server: https.Server;
let url: string;
const clients: string[] = [];

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

/** A CA, and a certificate it signs for `name` with the given extensions. */
function makeCa(name: string): void {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign', '-keyout', `${name}.key`, '-out', `${name}.pem`);
}

function issue(ca: string, name: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), `${extensions}\n`);
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
}

const read = (name: string) => readFileSync(join(dir, name), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-mtls-'));
  makeCa('upstream-ca');
  makeCa('other-ca');
  issue('upstream-ca', 'server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth');
  issue('upstream-ca', 'KM-0001', 'extendedKeyUsage=clientAuth');
  server = https.createServer(
    { key: read('server.key'), cert: read('server.pem'), ca: read('upstream-ca.pem'), requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      clients.push((req.socket as TLSSocket).getPeerCertificate().subject.CN ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'ok' }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const failureOf = async (fetcher: typeof fetch) => {
  const error = (await fetcher(`${url}/health`).then(() => undefined, (e: unknown) => e)) as (TypeError & { cause?: { code?: string } }) | undefined;
  return error === undefined ? 'no error' : `${error.message}: ${error.cause?.code ?? String(error.cause)}`;
};

describe('upstream mutual TLS', () => {
  it('connects with the pinned CA and the client certificate from the credentials folder', async () => {
    const credentials = join(dir, 'credentials');
    execFileSync('mkdir', ['-p', credentials]);
    writeFileSync(join(credentials, 'upstream-ca.pem'), read('upstream-ca.pem'));
    writeFileSync(join(credentials, 'upstream-client.crt'), read('KM-0001.pem'));
    writeFileSync(join(credentials, 'upstream-client.key'), read('KM-0001.key'));
    const tls = upstreamTlsFrom(credentials);
    expect(tls).toBeDefined();
    const response = await createHttpFetch(tls)(`${url}/health`);
    expect(response.status).toBe(200);
    expect(clients.at(-1)).toBe('KM-0001');
    // The upstream client as the core builds it.
    const client = new UpstreamClient({ baseUrl: url, timeoutMs: 3000, terminalId: 'KM-0001', fetch: createHttpFetch(tls) });
    const seen = clients.length;
    await client.checkHealth();
    expect(clients.slice(seen)).toEqual(['KM-0001']);
  });

  it('is refused without a client certificate', async () => {
    expect(await failureOf(createHttpFetch({ ca: read('upstream-ca.pem') }))).toMatch(/^fetch failed: /);
  });

  it('does not trust the private CA without pinning it (system CAs only)', async () => {
    expect(await failureOf(httpFetch)).toMatch(/^fetch failed: .*(UNABLE_TO_VERIFY|SELF_SIGNED|UNABLE_TO_GET_ISSUER)/);
  });

  it('refuses a server whose certificate another CA signed, when the CA is pinned', async () => {
    const fetcher = createHttpFetch({ ca: read('other-ca.pem'), cert: read('KM-0001.pem'), key: read('KM-0001.key') });
    expect(await failureOf(fetcher)).toMatch(/^fetch failed: .*(UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|SELF_SIGNED)/);
  });
});
