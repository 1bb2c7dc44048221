/**
 * KioskApi over WebSocket: authenticates the upgrade (see handshake.ts), then turns `call` frames
 * into ApiHost.dispatch calls and ApiHost events into `event` frames for every connection.
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { KioskResponse } from '../../contract/kiosk-api.ts';
import type { KioskWsPath, WsEventMessage, WsResultMessage, WsHandshakeRefusal } from '../../contract/ws-protocol.ts';
import type { ApiHost } from '../../core/api/dispatcher.ts';
import { verifyHandshake, WS_SUBPROTOCOL, type HandshakePolicy } from './handshake.ts';
import type { ShellLogger } from './shell-logger.ts';

export const WS_PATH: KioskWsPath = '/kiosk-api';

export interface WsTransportOptions {
  apiHost: ApiHost;
  policy: HandshakePolicy;
  /** The kiosk runs one page; a few extra slots cover reloads and a maintenance view. */
  maxConnections?: number;
  maxPayloadBytes?: number;
  /** Dead peers (renderer crashed without a close frame) are dropped so their slot frees up. */
  heartbeatMs?: number;
  logger: ShellLogger;
}

export interface WsTransport {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  connectionCount(): number;
  close(): Promise<void>;
}

type ParsedFrame =
  | { ok: true; id: number; method: string; payload: unknown }
  | { ok: false; id: number | null; message: string };

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const { apiHost, policy, logger } = options;
  const maxConnections = options.maxConnections ?? 4;
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: true,
    maxPayload: options.maxPayloadBytes ?? 256 * 1024,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();
  let nextConnection = 1;
  let closing = false;

  const unsubscribe = apiHost.onEvent((event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload } as WsEventMessage);
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(frame);
    }
  });

  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (alive.get(client) === false) {
        client.terminate();
        continue;
      }
      alive.set(client, false);
      client.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  function refuse(socket: Duplex, status: WsHandshakeRefusal, reason: string): void {
    logger.warn('websocket handshake refused', { status, reason });
    const body = `${status} ${STATUS_CODES[status] ?? ''}: ${reason}\n`;
    socket.on('error', () => {});
    socket.once('finish', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Connection: close\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
        body,
    );
  }

  function onConnection(ws: WebSocket): void {
    const connectionId = `ws-${nextConnection++}`;
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', (error) => logger.warn('websocket error', { connectionId, error: error.message }));
    ws.on('message', (data, isBinary) => {
      void answer(ws, connectionId, parseFrame(data, isBinary));
    });
    logger.info('websocket connected', { connectionId, connections: wss.clients.size });
  }

  async function answer(ws: WebSocket, connectionId: string, frame: ParsedFrame): Promise<void> {
    let result: WsResultMessage;
    if (!frame.ok) {
      result = { type: 'result', id: frame.id, response: invalid(frame.message) };
    } else {
      let response: KioskResponse<unknown>;
      try {
        response = await apiHost.dispatch(frame.method, frame.payload, { shell: 'browser', connectionId });
      } catch {
        // dispatch() turns handler failures into envelopes; this guards the transport itself.
        response = { ok: false, error: { code: 'INTERNAL', message: 'dispatch failed' } };
      }
      result = { type: 'result', id: frame.id, response };
    }
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(result));
  }

  return {
    handleUpgrade(request, socket, head) {
      if (closing) return refuse(socket, 503, 'shutting down');
      const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (pathname !== WS_PATH) return refuse(socket, 404, 'no such endpoint');
      const verdict = verifyHandshake(request.headers, policy);
      if (!verdict.accept) return refuse(socket, verdict.status, verdict.reason);
      if (wss.clients.size >= maxConnections) return refuse(socket, 503, 'too many connections');
      wss.handleUpgrade(request, socket, head, (ws) => {
        // Two upgrades may pass the check above concurrently; the later one is closed here.
        if (wss.clients.size > maxConnections) {
          ws.close(1013, 'too many connections');
          return;
        }
        onConnection(ws);
      });
    },
    connectionCount: () => wss.clients.size,
    async close() {
      closing = true;
      clearInterval(heartbeat);
      unsubscribe();
      await Promise.all([...wss.clients].map((client) => closeClient(client)));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Parses one frame; anything that is not a well-formed call becomes an error result, not a crash. */
export function parseFrame(data: RawData, isBinary: boolean): ParsedFrame {
  if (isBinary) return { ok: false, id: null, message: 'binary frames are not accepted' };
  const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, message: 'frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, message: 'frame must be a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const id = Number.isSafeInteger(record.id) && (record.id as number) >= 0 ? (record.id as number) : null;
  if (record.type !== 'call') return { ok: false, id, message: 'frame type must be "call"' };
  if (id === null) return { ok: false, id: null, message: 'call id must be a non-negative integer' };
  if (typeof record.method !== 'string') return { ok: false, id, message: 'call method must be a string' };
  return { ok: true, id, method: record.method, payload: record.payload };
}

function invalid(message: string): KioskResponse<never> {
  return { ok: false, error: { code: 'INVALID_REQUEST', message } };
}

function closeClient(client: WebSocket): Promise<void> {
  if (client.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => client.terminate(), 1000);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    client.close(1001, 'shell shutting down');
  });
}
