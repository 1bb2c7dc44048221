/**
 * Shared set-up for the browser-shell integration tests: a real KioskDispatcher with small
 * handlers, a throw-away renderer directory, and a real `ws` client that reports refusals by
 * their HTTP status.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { KioskMethod } from '../../electron/contract/channels.ts';
import type { TerminalInfo } from '../../electron/contract/kiosk-api.ts';
import type { WsServerMessage, WsResultMessage } from '../../electron/contract/ws-protocol.ts';
import { KioskDispatcher, type KioskHandlers } from '../../electron/core/api/dispatcher.ts';
import { handlerTable } from './handler-table.ts';
import { KioskError } from '../../electron/core/api/kiosk-error.ts';
import { startBrowserShell, type BrowserShell } from '../../electron/shells/browser/server.ts';
import { standInPolicy } from './stand-in-policy.ts';

export const terminalInfo: TerminalInfo = {
  terminalId: 'KM-TEST-0001',
  hall: { name: { 'zh-CN': '', 'en-US': '' }, emblem: 'none', hotline: '12345', cardReader: 'below', timeZone: 'Asia/Shanghai' },
  version: '0.1.0-test',
  shell: 'browser',
  locale: 'zh-CN',
  services: [{ id: 'credit', kind: 'query', group: 'credit', titleKey: 'services.credit', icon: 'credit', available: true }],
  timeouts: { inactivitySeconds: 60, warningSeconds: 20, elderWarningSeconds: 30, idCardReadSeconds: 30 },
};

const notHere = (method: KioskMethod) => () => {
  throw new KioskError('DEVICE_UNAVAILABLE', `${method} is not wired in this test`);
};

export function createTestDispatcher(): { dispatcher: KioskDispatcher; callers: string[] } {
  const callers: string[] = [];
  const handlers: KioskHandlers = handlerTable({
    getTerminalInfo: (_request, context) => {
      callers.push(`${context.shell}:${context.connectionId}`);
      return terminalInfo;
    },
    startSession: () => ({ sessionId: 'sess-1', startedAt: '2025-01-01T00:00:00.000Z' }),
    extendSession: notHere('extendSession'),
    endSession: () => ({ wiped: true }),
    readIdCard: async (request) => {
      // Lets a test hold a call open while it sends other frames on the same connection.
      await new Promise((resolve) => setTimeout(resolve, Math.min(request.timeoutMs, 1500) / 10));
      throw new KioskError('CARD_TIMEOUT', 'no card placed');
    },
    cancelIdCardRead: () => ({ cancelled: false }),
    queryCredit: notHere('queryCredit'),
    printCreditReceipt: (request) => ({ jobId: request.jobId, status: 'printed' }),
    getDeviceStatus: () => {
      throw new Error('driver exploded with details that must not leak');
    },
  }, notHere);
  return { dispatcher: new KioskDispatcher(handlers, { policy: standInPolicy() }), callers };
}

export interface RendererDir {
  root: string;
  staticDir: string;
  cleanup(): Promise<void>;
}

/** dist/renderer look-alike, plus a secret next to it that traversal attempts aim for. */
export async function createRendererDir(): Promise<RendererDir> {
  const root = await mkdtemp(path.join(tmpdir(), 'kiosk-shell-'));
  const staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>便民自助终端</title>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("kiosk");');
  await writeFile(path.join(staticDir, 'assets', 'style.css'), 'body{margin:0}');
  await writeFile(path.join(staticDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(staticDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  await writeFile(path.join(root, 'secret.txt'), 'SECRET-OUTSIDE-ROOT');
  await symlink(path.join(root, 'secret.txt'), path.join(staticDir, 'assets', 'escape.txt'));
  return { root, staticDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function startTestShell(options: { maxConnections?: number } = {}) {
  const { dispatcher, callers } = createTestDispatcher();
  const dir = await createRendererDir();
  const shell = await startBrowserShell({
    host: '127.0.0.1',
    port: 0,
    apiHost: dispatcher,
    staticDir: dir.staticDir,
    ...options,
  });
  return {
    shell,
    dispatcher,
    callers,
    dir,
    async stop() {
      await shell.close();
      await dir.cleanup();
    },
  };
}

export const originOf = (shell: Pick<BrowserShell, 'port'>): string => `http://127.0.0.1:${shell.port}`;
export const wsUrlOf = (shell: BrowserShell): string => `ws://127.0.0.1:${shell.port}/kiosk-api`;

export interface ConnectOptions {
  origin?: string | null;
  protocols?: string[];
  path?: string;
  headers?: Record<string, string>;
}

export type ConnectOutcome = { opened: true; socket: WebSocket } | { opened: false; status: number; body: string };

/** Opens a client the way a browser page would; resolves with the HTTP status on refusal. */
export function connect(shell: Pick<BrowserShell, 'port' | 'token'>, options: ConnectOptions = {}): Promise<ConnectOutcome> {
  const origin = options.origin === undefined ? originOf(shell) : options.origin;
  const protocols = options.protocols ?? ['kiosk.v1', `kiosk-token.${shell.token}`];
  const url = `ws://127.0.0.1:${shell.port}${options.path ?? '/kiosk-api'}`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, {
      ...(origin === null ? {} : { origin }),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    socket.once('open', () => resolve({ opened: true, socket }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ opened: false, status: response.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

export async function connectOk(shell: BrowserShell): Promise<Client> {
  const outcome = await connect(shell);
  if (!outcome.opened) throw new Error(`handshake refused with ${outcome.status}: ${outcome.body}`);
  return new Client(outcome.socket);
}

/** Collects every server frame so tests can wait for the one they expect. */
export class Client {
  readonly messages: WsServerMessage[] = [];
  readonly #waiters: Array<{ match: (m: WsServerMessage) => boolean; resolve: (m: WsServerMessage) => void }> = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as WsServerMessage;
      this.messages.push(message);
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(message)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
  }

  next(match: (m: WsServerMessage) => boolean, timeoutMs = 3000): Promise<WsServerMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a server frame')), timeoutMs);
      this.#waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  sendRaw(text: string | Buffer, binary = false): void {
    this.socket.send(text, { binary });
  }

  async call(id: number, method: string, payload?: unknown): Promise<WsResultMessage> {
    this.sendRaw(JSON.stringify({ type: 'call', id, method, payload }));
    return (await this.next((m) => m.type === 'result' && m.id === id)) as WsResultMessage;
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
