/**
 * The reference upstream: a real node:http server on loopback that behaves like the government
 * credit platform and submission endpoint, with switchable faults (5xx, hang, connection reset,
 * slow or malformed bodies) so the client's error handling is tested over real sockets.
 * Used by integration tests, end-to-end tests and the demo.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { route, UpstreamState, type RouteResult, type Submission } from './upstream-routes.ts';

export const UPSTREAM_FAULTS = [
  'none',
  /** 500 with a JSON error, before the request is processed. */
  'http-500',
  /** 400 with a JSON error, before the request is processed. */
  'http-400',
  /** 408, 425 or 429 ("come back later") with a JSON error, before the request is processed. */
  'http-408',
  'http-425',
  'http-429',
  /** Reads the request, never answers. */
  'hang',
  /** Destroys the connection before processing (ECONNRESET at the client). */
  'reset',
  /** Processes the request, then destroys the connection: the upstream has it, the client never hears. */
  'lost-response',
  /** Sends the status line and half the body, the rest only after slowBodyDelayMs. */
  'slow-body',
  /** 200 with a truncated JSON body. */
  'bad-json',
  /** 200 with well-formed JSON of the wrong shape. */
  'bad-shape',
] as const;
export type UpstreamFault = (typeof UPSTREAM_FAULTS)[number];

export interface ReceivedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Lower-cased header names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it was not JSON ('' for none). */
  body: unknown;
  receivedAt: string;
}

export interface ReferenceUpstreamOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: this server holds fictitious personal data and must never face a network. */
  host?: '127.0.0.1' | 'localhost' | '::1';
  slowBodyDelayMs?: number;
}

export interface ReferenceUpstream {
  url: string;
  port: number;
  /** Every request received, in order, faults included. Contains ID numbers: assert, never print. */
  requests: ReceivedRequest[];
  /** Accepted submissions by Idempotency-Key, in the order they were accepted. */
  submissions: ReadonlyMap<string, Submission>;
  /** How many times each Idempotency-Key reached the submission route (first delivery + replays). */
  submissionAttempts: ReadonlyMap<string, number>;
  /** Accepted submissions that arrived out of order in their stream (see UpstreamState.checkOrder). */
  orderViolations: readonly string[];
  readonly fault: UpstreamFault;
  /**
   * Sets the fault for every following request, or only for the next `times` requests. With
   * `path`, only requests to that path are affected (and counted); others are served normally.
   */
  setFault(fault: UpstreamFault, options?: { times?: number; path?: string }): void;
  /** A fault for every submission carrying this Idempotency-Key (a "poisoned" item); 'none' clears it. */
  setKeyFault(idempotencyKey: string, fault: UpstreamFault): void;
  /** 缴款码 notices this platform issues go into `book` (the reference payment server's `notices`). */
  shareNotices(book: Map<string, number>): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const SUBMISSIONS_PATH = '/api/v1/submissions';

export async function startReferenceUpstream(options: ReferenceUpstreamOptions = {}): Promise<ReferenceUpstream> {
  const host = options.host ?? '127.0.0.1';
  const slowBodyDelayMs = options.slowBodyDelayMs ?? 5000;
  const requests: ReceivedRequest[] = [];
  let fault: UpstreamFault = 'none';
  let faultsLeft = Infinity;
  let faultPath: string | undefined;
  const keyFaults = new Map<string, UpstreamFault>();
  let url = '';
  const state = new UpstreamState(() => url);
  const timers = new Set<NodeJS.Timeout>();

  const takeFault = (path: string, headers: IncomingHttpHeaders): UpstreamFault => {
    const key = headers['idempotency-key'];
    const keyFault = path === SUBMISSIONS_PATH && typeof key === 'string' ? keyFaults.get(key.trim()) : undefined;
    if (keyFault) return keyFault;
    if (faultPath !== undefined && faultPath !== path) return 'none';
    const current = fault;
    if (current !== 'none' && --faultsLeft <= 0) {
      fault = 'none';
      faultsLeft = Infinity;
      faultPath = undefined;
    }
    return current;
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => handle(req, res, raw))
      .catch(() => {
        if (!res.headersSent) send(res, { status: 413, body: { error: 'too-large', message: 'body too large' } });
      });
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const path = new URL(req.url ?? '/', 'http://upstream.invalid').pathname;
    const { body, bodyIsJson } = parseJson(raw);
    const method = req.method ?? 'GET';
    requests.push({ method, path, headers: req.headers, body: bodyIsJson ? body : raw, receivedAt: new Date().toISOString() });

    const active = takeFault(path, req.headers);
    switch (active) {
      case 'hang':
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'http-500':
        send(res, { status: 500, body: { error: 'internal', message: 'simulated upstream failure' } });
        return;
      case 'http-400':
        send(res, { status: 400, body: { error: 'rejected', message: 'simulated rejection by the upstream' } });
        return;
      case 'http-408':
      case 'http-425':
      case 'http-429':
        send(res, { status: Number(active.slice('http-'.length)), body: { error: 'try-later', message: 'simulated: come back later' } });
        return;
      default:
        break;
    }
    const result = route({ method, path, headers: req.headers, body, bodyIsJson }, state);
    switch (active) {
      case 'lost-response':
        req.socket.destroy();
        return;
      case 'bad-json':
        sendText(res, 200, JSON.stringify(result.body).slice(0, 20));
        return;
      case 'bad-shape':
        send(res, { status: 200, body: { unexpected: true, items: 'not a list' } });
        return;
      case 'slow-body': {
        const text = JSON.stringify(result.body);
        res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8' });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) res.end(text.slice(Math.floor(text.length / 2)));
        }, slowBodyDelayMs);
        timers.add(timer);
        return;
      }
      default:
        send(res, result);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    requests,
    submissions: state.submissions,
    submissionAttempts: state.submissionAttempts,
    orderViolations: state.orderViolations,
    get fault() {
      return fault;
    },
    setFault(next, faultOptions) {
      fault = next;
      faultsLeft = faultOptions?.times ?? Infinity;
      faultPath = next === 'none' ? undefined : faultOptions?.path;
    },
    shareNotices: (book) => state.shareNotices(book),
    setKeyFault(key, next) {
      if (next === 'none') keyFaults.delete(key);
      else keyFaults.set(key, next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Hanging and slow responses would otherwise keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}

function parseJson(raw: string): { body: unknown; bodyIsJson: boolean } {
  if (raw === '') return { body: undefined, bodyIsJson: false };
  try {
    return { body: JSON.parse(raw) as unknown, bodyIsJson: true };
  } catch {
    return { body: undefined, bodyIsJson: false };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: RouteResult): void {
  sendText(res, result.status, JSON.stringify(result.body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
