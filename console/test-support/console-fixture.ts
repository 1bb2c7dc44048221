/**
 * A whole console instance for tests: a real mosquitto, a fresh SQLite file, the HTTP API on a
 * free loopback port, and an admin account. `client()` is a cookie-keeping HTTP client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../../electron/core/logging/logger.ts';
import { startMosquitto, type Broker } from '../../test/support/mosquitto-broker.ts';
import { consoleConfigSchema, type ConsoleConfig } from '../server/config/console-config.ts';
import { startConsoleServer, type ConsoleServer } from '../server/console-server.ts';
import type { SigningKey } from '../server/commands/command-service.ts';

export const ADMIN = { username: 'admin', password: 'test admin passphrase' };
/** The fixture's `console-payment-relay-key` (notifyTagFor(TEST_RELAY_KEY, id) is a terminal's tag). */
export const TEST_RELAY_KEY = 'test relay key: 32+ characters, not a secret';

export interface ConsoleFixture {
  broker: Broker;
  server: ConsoleServer;
  close(): Promise<void>;
}

export async function startConsoleFixture(options: { config?: Partial<ConsoleConfig>; uiDir?: string; logger?: Logger; now?: () => Date; signing?: SigningKey; withoutRelayKey?: boolean } = {}): Promise<ConsoleFixture> {
  const broker = await startMosquitto();
  const dir = mkdtempSync(join(tmpdir(), 'console-fixture-'));
  try {
    const config = consoleConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, mqtt: { url: broker.url }, alertIntervalSeconds: 1, ...options.config });
    const server = await startConsoleServer({
      config,
      database: { dialect: 'sqlite', file: join(dir, 'console.sqlite') },
      logger: options.logger ?? silentLogger,
      initialAdmin: ADMIN,
      ...(options.withoutRelayKey ? {} : { paymentRelayKey: TEST_RELAY_KEY }),
      ...(options.uiDir ? { uiDir: options.uiDir } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.signing ? { signing: options.signing } : {}),
    });
    return {
      broker,
      server,
      close: async () => {
        await server.stop();
        await broker.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { [k: string]: unknown };
}

/** An HTTP client with one cookie jar and the CSRF token of its last log-in. */
export function apiClient(baseUrl: string) {
  let cookie = '';
  let csrf = '';
  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<ApiResponse> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}), ...extra },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0] ?? '';
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as ApiResponse['body']) : {} };
  };
  return {
    call,
    async login(username: string, password: string, totp?: string) {
      const r = await call('POST', '/api/login', { username, password, ...(totp ? { totp } : {}) });
      if (r.status === 200) csrf = String(r.body.csrfToken);
      return r;
    },
    dropCsrf() {
      csrf = '';
    },
    /** A GET whose answer is a file (CSV, .xlsx), not JSON. */
    async download(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
      const response = await fetch(`${baseUrl}${path}`, { headers: cookie ? { cookie } : {} });
      return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
    },
  };
}
