/**
 * The notify URL's per-terminal tag: derivation, the credential it comes from, and the relay's
 * handling of a wrong tag and of a flood of refusals — on a real HTTP server on loopback. The
 * broker is the one stand-in here (publish recorded; notify-relay.test.ts runs the real one), and
 * the terminal lookup counts its calls so that "no database lookup" is observable.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/logging/logger.ts';
import { notifyRelay, type NotifyRelay } from './notify-relay.ts';
import { notifyTagLines } from './notify-tag-cli.ts';
import { notifyTagFor, RELAY_KEY_CREDENTIAL, relayKeyFrom, tagMatches } from './relay-tag.ts';

const KEY = 'relay key for the tests, 32+ characters';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('notifyTagFor / tagMatches', () => {
  it('gives each terminal its own 128-bit base64url tag, fixed for a key and different under another key', () => {
    const tag = notifyTagFor(KEY, 'KM-0001');
    expect(tag).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(notifyTagFor(KEY, 'KM-0001')).toBe(tag);
    expect(notifyTagFor(KEY, 'KM-0002')).not.toBe(tag);
    expect(notifyTagFor(`${KEY}!`, 'KM-0001')).not.toBe(tag);
  });

  it('accepts only the exact tag of that terminal', () => {
    const tag = notifyTagFor(KEY, 'KM-0001');
    expect(tagMatches(KEY, 'KM-0001', tag)).toBe(true);
    expect(tagMatches(KEY, 'KM-0002', tag)).toBe(false);
    expect(tagMatches(KEY, 'KM-0001', '')).toBe(false);
    expect(tagMatches(KEY, 'KM-0001', tag.slice(0, -1))).toBe(false);
    expect(tagMatches(KEY, 'KM-0001', `${tag}A`)).toBe(false);
    // Characters base64url decoding would skip do not make a wrong tag right.
    expect(tagMatches(KEY, 'KM-0001', `${tag.slice(0, 11)}.${tag.slice(11)}`)).toBe(false);
    expect(tagMatches(KEY, 'KM-0001', `${tag.slice(0, 21)}${tag.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
  });
});

describe('relayKeyFrom', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the credential by its fixed name (trailing newline dropped), else the environment variable', () => {
    writeFileSync(join(dir, RELAY_KEY_CREDENTIAL), `${KEY}\n`);
    expect(relayKeyFrom({ CREDENTIALS_DIRECTORY: dir, CONSOLE_PAYMENT_RELAY_KEY: 'x'.repeat(40) })).toBe(KEY);
    expect(relayKeyFrom({ CONSOLE_PAYMENT_RELAY_KEY: 'y'.repeat(40) })).toBe('y'.repeat(40));
    expect(relayKeyFrom({})).toBeUndefined();
  });

  it('refuses a short key with the reason', () => {
    expect(() => relayKeyFrom({ CONSOLE_PAYMENT_RELAY_KEY: 'short' })).toThrow(/at least 32 characters/);
  });
});

describe('the relay with tags', () => {
  let server: Server;
  let base: string;
  let relay: NotifyRelay;
  let clock = Date.parse('2026-12-05T03:00:00Z');
  const lookups: string[] = [];
  const published: string[] = [];
  const logLines: string[] = [];
  const post = (path: string, body = 'out_trade_no=X', headers: Record<string, string> = FORM) =>
    fetch(`${base}${path}`, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), text: await r.text() }));
  const right = (channel: string, id: string) => `/pay/notify/${channel}/${id}/${notifyTagFor(KEY, id)}`;

  beforeAll(async () => {
    relay = notifyRelay({
      topicPrefix: 'kiosk',
      maxBodyBytes: 4096,
      perTerminalPerMinute: 100,
      refusedPerMinute: 5,
      relayKey: KEY,
      isKnownTerminal: async (id) => {
        lookups.push(id);
        return id === 'KM-0001';
      },
      publish: async (topic) => {
        published.push(topic);
        return { delivered: true };
      },
      logger: createLogger({ write: (line) => logLines.push(line) }),
      now: () => new Date(clock),
    });
    server = createServer((req, res) => void relay.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('relays with the right tag', async () => {
    const r = await post(right('alipay', 'KM-0001'));
    expect([r.status, r.text]).toEqual([200, 'success']);
    expect(published).toEqual(['kiosk/terminals/KM-0001/payments/notify']);
    expect(lookups).toEqual(['KM-0001']);
  });

  it('answers a wrong or missing tag 404 before any lookup, publishes nothing and does not log the tag', async () => {
    const wrong = notifyTagFor('another key, also 32+ characters long', 'KM-0001');
    const paths = [
      `/pay/notify/alipay/KM-0001/${wrong}`,
      '/pay/notify/alipay/KM-0001',
      `/pay/notify/alipay/KM-0002/${notifyTagFor(KEY, 'KM-0001')}`,
      `/pay/notify/alipay/KM-9999/${wrong}`,
    ];
    for (const path of paths) expect([path, (await post(path)).status]).toEqual([path, 404]);
    // Not even the method or the media type is looked at for a wrong tag.
    expect((await fetch(`${base}/pay/notify/alipay/KM-0001/${wrong}`)).status).toBe(404);
    expect(lookups).toEqual(['KM-0001']);
    expect(published).toHaveLength(1);
    expect(relay.stats.refused).toEqual({ 'wrong-tag': 5 });
    expect(logLines.filter((l) => l.includes(wrong))).toEqual([]);
  });

  it('answers refusals over the global limit 429 with one log line, while right tags still pass; the next minute counts again', async () => {
    // 5 refusals allowed per minute, all used above.
    const logsBefore = logLines.length;
    for (let i = 0; i < 20; i++) {
      const r = await post(`/pay/notify/wechat-pay/KM-${String(i).padStart(4, '0')}/guess${i}`);
      expect(r.status).toBe(429);
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    expect(relay.stats.refusalsLimited).toBe(20);
    expect(relay.stats.refused).toEqual({ 'wrong-tag': 5 });
    expect(logLines.slice(logsBefore).filter((l) => l.includes('over the limit'))).toHaveLength(1);
    expect(logLines.slice(logsBefore).filter((l) => l.includes('payment notification refused'))).toHaveLength(0);
    expect((await post(right('alipay', 'KM-0001'))).status).toBe(200);
    expect(lookups).toEqual(['KM-0001', 'KM-0001']);

    clock += 60_000;
    expect((await post('/pay/notify/alipay/KM-0001/guess')).status).toBe(404);
    expect(relay.stats.refused).toEqual({ 'wrong-tag': 6 });
  });
});

describe('notify-tag-cli', () => {
  const cli = fileURLToPath(new URL('./notify-tag-cli.ts', import.meta.url));
  const run = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });

  it('prints each terminal’s tag as the relay derives it', () => {
    const r = run(['KM-0001', 'KM-0002'], { CONSOLE_PAYMENT_RELAY_KEY: KEY });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(`KM-0001 ${notifyTagFor(KEY, 'KM-0001')}\nKM-0002 ${notifyTagFor(KEY, 'KM-0002')}\n`);
  });

  it('prints nothing and exits 2 without the key, for a bad id, or with no id', () => {
    expect(notifyTagLines({}, ['KM-0001'])).toEqual({ ok: false, error: expect.stringMatching(/no console-payment-relay-key credential/) });
    expect(notifyTagLines({ CONSOLE_PAYMENT_RELAY_KEY: KEY }, ['KM-0001', 'KM/0002'])).toEqual({ ok: false, error: 'not a terminal id: KM/0002' });
    expect(notifyTagLines({ CONSOLE_PAYMENT_RELAY_KEY: KEY }, [])).toMatchObject({ ok: false });
    expect(notifyTagLines({ CONSOLE_PAYMENT_RELAY_KEY: 'short' }, ['KM-0001'])).toMatchObject({ ok: false, error: expect.stringMatching(/at least 32/) });
    const r = run(['KM-0001'], {});
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/no console-payment-relay-key credential/);
  });
});
