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
import { LaunchCodes, type LaunchCodeOptions } from './launch-codes.ts';
import { errorMessage } from '../../core/util/error-message.ts';

/** Where the page exchanges a one-time launch code for the token (launch-codes.ts). */
export const LAUNCH_PATH = '/kiosk-launch';
const MAX_LAUNCH_BODY = 256;

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
  /** Lifetime and clock of the one-time launch codes. */
  launchCodes?: LaunchCodeOptions;
  /** Called after a launch code was exchanged (the serve entry writes a fresh one for the next launch). */
  onLaunchCodeRedeemed?: () => void;
  /** Called when a spent launch code is presented again: the launch URL has leaked. */
  onLaunchCodeReplayed?: () => void;
  /**
   * Set when the token outlives this process (serve keeps it in <dataDir>/run/kiosk-token): a code
   * exchanged while no page is connected means a fresh kiosk browser, so the token is replaced
   * then, and this stores the new one before it is handed out. When it throws, the old token stays.
   */
  rotateTokenOnFreshLaunch?: (token: string) => void;
}

export interface BrowserShell {
  url: string;
  /**
   * url + '#token=…', for in-process callers only (tests driving Chromium over CDP): the fragment
   * never reaches a request line, but this must never be printed, written or put on a command line.
   */
  readonly launchUrl: string;
  /** url + '#code=…' with a fresh one-time code: what a launcher may print, write (0600) or pass to Chromium. */
  issueLaunchUrl(): string;
  /** The current token (it changes when rotateTokenOnFreshLaunch rotates it). */
  readonly token: string;
  port: number;
  close(): Promise<void>;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,}$/;

export function isLoopbackAddress(host: string): boolean {
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

export const isWellFormedToken = (token: string): boolean => TOKEN_PATTERN.test(token);

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackAddress(host)) {
    throw new Error(`browser shell refuses to bind to ${host}: only loopback addresses are allowed`);
  }
  let token = options.token ?? generateToken();
  // The token travels as a WebSocket subprotocol, whose grammar allows only token characters.
  if (!isWellFormedToken(token)) throw new Error('token must be base64url and at least 22 characters');
  const logger = options.logger ?? silentLogger;
  const launchCodes = new LaunchCodes(options.launchCodes);

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
    // A getter: a rotation applies to the next handshake; pages already connected stay connected.
    policy: {
      get token() {
        return token;
      },
      allowedOrigins: origins,
    },
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
    const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
    if (rawPath === LAUNCH_PATH) return exchangeLaunchCode(request, response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, 405, 'method not allowed');
    }
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

  /** Same Origin only, JSON only (a cross-site form cannot send it without a preflight we never grant). */
  async function exchangeLaunchCode(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      return send(response, 405, 'method not allowed');
    }
    if (!origins.includes(request.headers.origin ?? '')) return send(response, 403, 'foreign or missing Origin');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 415, 'JSON expected');
    const code = await readLaunchCode(request);
    if (code === null) return send(response, 400, 'body must be {"code": "<launch code>"}');
    const verdict = launchCodes.redeem(code);
    if (!verdict.ok) {
      // A used code presented again means someone else saw the launch URL: staff must know.
      if (verdict.reason === 'used') {
        logger.warn('launch code presented a second time: the launch URL may have leaked');
        options.onLaunchCodeReplayed?.();
      } else logger.warn('launch code refused', { reason: verdict.reason });
      return send(response, verdict.reason === 'used' ? 409 : verdict.reason === 'expired' ? 410 : 403, `launch code ${verdict.reason}`);
    }
    if (options.rotateTokenOnFreshLaunch && transport.connectionCount() === 0) rotateToken(options.rotateTokenOnFreshLaunch);
    const body = JSON.stringify({ token });
    response.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
    });
    response.end(body);
    options.onLaunchCodeRedeemed?.();
  }

  function rotateToken(store: (token: string) => void): void {
    const next = generateToken();
    try {
      store(next);
    } catch (error) {
      // Keeping the old token keeps the terminal usable; it is only older than it should be.
      logger.warn('cannot store a new token; the current one stays', { error: errorMessage(error) });
      return;
    }
    token = next;
    logger.info('token rotated for a fresh kiosk browser');
  }

  const url = `http://${hostInUrl}:${port}/`;
  logger.info('browser shell listening', { url });
  return {
    url,
    get launchUrl() {
      return `${url}#token=${token}`;
    },
    issueLaunchUrl: () => `${url}#code=${launchCodes.issue()}`,
    get token() {
      return token;
    },
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

/** The code from a small JSON body, or null when the body is not `{ "code": string }`. */
async function readLaunchCode(request: IncomingMessage): Promise<string | null> {
  let raw = '';
  for await (const chunk of request) {
    raw += String(chunk);
    if (raw.length > MAX_LAUNCH_BODY) return null;
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    const code = typeof parsed === 'object' && parsed !== null ? (parsed as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
