/**
 * The browser shell: plain Node (no `electron`), for STM vendor browsers, thin terminals running
 * Chromium --kiosk, the demo and e2e tests. Serves the built renderer and KioskApi over an
 * authenticated WebSocket, bound to loopback only.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ApiHost } from '../../core/api/dispatcher.ts';
import { securityHeaders, webSocketSourcesFor } from '../shared/security-headers.ts';
import { silentLogger, type ShellLogger } from './shell-logger.ts';
import { resolveStaticFile } from '../shared/static-files.ts';
import { createWsTransport } from './ws-transport.ts';

export interface BrowserShellOptions {
  /** Loopback address only ('127.0.0.1' by default; any 127.x.y.z or '::1'). */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  apiHost: ApiHost;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Per-launch secret; generated when omitted. Must be base64url, at least 22 characters. */
  token?: string;
  maxConnections?: number;
  logger?: ShellLogger;
}

export interface BrowserShell {
  url: string;
  /** url + '#token=…': the fragment is never sent to the server, so it never lands in a log. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,}$/;

export function isLoopbackAddress(host: string): boolean {
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackAddress(host)) {
    throw new Error(`browser shell refuses to bind to ${host}: only loopback addresses are allowed`);
  }
  const token = options.token ?? generateToken();
  // The token travels as a WebSocket subprotocol, whose grammar allows only token characters.
  if (!TOKEN_PATTERN.test(token)) throw new Error('token must be base64url and at least 22 characters');
  const logger = options.logger ?? silentLogger;

  const server = createServer();
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = isIP(host) === 6 ? `[${host}]` : host;
  const origins = [`http://${hostInUrl}:${port}`, `http://localhost:${port}`];
  // Host header check: defeats DNS rebinding (a foreign name resolving to 127.0.0.1).
  const allowedHosts = new Set(origins.map((origin) => origin.slice('http://'.length)));
  const headers = securityHeaders({ connectSources: webSocketSourcesFor(origins) });

  const transport = createWsTransport({
    apiHost: options.apiHost,
    policy: { token, allowedOrigins: origins },
    logger,
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void handleHttp(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'internal error');
      else response.destroy();
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      socket.on('error', () => {});
      socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    transport.handleUpgrade(request, socket, head);
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (!allowedHosts.has(request.headers.host ?? '')) return send(response, 421, 'misdirected request');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, 405, 'method not allowed');
    }
    const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
    if (rawPath === '/healthz') return send(response, 200, 'ok');
    const file = await resolveStaticFile(options.staticDir, rawPath);
    if (file === null) return send(response, 404, 'not found');
    response.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Cache-Control': 'no-cache',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = createReadStream(file.absolutePath);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }

  const url = `http://${hostInUrl}:${port}/`;
  logger.info('browser shell listening', { url });
  return {
    url,
    launchUrl: `${url}#token=${token}`,
    token,
    port,
    async close() {
      await transport.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}
