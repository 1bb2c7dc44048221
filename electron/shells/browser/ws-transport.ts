/**
 * KioskApi over WebSocket: authenticates the upgrade (see handshake.ts), then turns `call` frames
 * into ApiHost.dispatch calls and ApiHost events into `event` frames for every connection.
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { KioskWsPath, WsHandshakeRefusal } from '../../contract/ws-protocol.ts';
import type { ApiHost } from '../../core/api/dispatcher.ts';
import { answerCall, eventFrame, parseFrameText, type ParsedFrame } from '../../core/host/api-frames.ts';
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
    const frame = JSON.stringify(eventFrame(event, payload));
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
    const result = await answerCall(apiHost, frame, { shell: 'browser', connectionId });
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

/** Parses one WebSocket frame (same format as the MessagePort frames, see core/host/api-frames.ts). */
export function parseFrame(data: RawData, isBinary: boolean): ParsedFrame {
  if (isBinary) return { ok: false, id: null, message: 'binary frames are not accepted' };
  const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return parseFrameText(bytes.toString('utf8'));
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
