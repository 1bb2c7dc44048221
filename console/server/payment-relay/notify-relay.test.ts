/**
 * The payment notification relay of a real console (HTTP on loopback, SQLite, a real mosquitto):
 * what it accepts, what it refuses and with which status, what reaches the terminal's topic, and
 * that the channel hears "received" only when the broker acknowledged a subscriber's copy.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePaymentNotice, type PaymentNotice } from '../../../electron/core/fleet/payment-notice.ts';
import { createLogger } from '../../../electron/core/logging/logger.ts';
import { waitFor } from '../../../test/support/wait.ts';
import type { PaymentRelayView } from '../../shared/api-types.ts';
import { ADMIN, apiClient, startConsoleFixture, TEST_RELAY_KEY, type ConsoleFixture } from '../../test-support/console-fixture.ts';
import { PaymentRelayStore } from '../storage/payment-relay-store.ts';
import { notifyTagFor } from './relay-tag.ts';

const WECHAT_XML = '<xml><return_code><![CDATA[SUCCESS]]></return_code><out_trade_no>KM0001X</out_trade_no><sign>ABC</sign></xml>';
let fx: ConsoleFixture;
let terminal: MqttClient;
const received: { topic: string; payload: Buffer }[] = [];
const logLines: string[] = [];

/** A terminal's notify path with its right tag. */
const url = (channel: string, id: string) => `/pay/notify/${channel}/${id}/${notifyTagFor(TEST_RELAY_KEY, id)}`;
const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}, method = 'POST') =>
  fetch(`${fx.server.url}${path}`, { method, headers, ...(method === 'GET' ? {} : { body }) }).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));

/** What the terminal page shows, once the counts written behind the answers are in the database. */
async function relayView(id: string): Promise<PaymentRelayView> {
  await fx.server.paymentRelayCounts?.flush();
  const admin = apiClient(fx.server.url);
  await admin.login(ADMIN.username, ADMIN.password);
  const r = await admin.call('GET', `/api/terminals/${id}/payment-relay`);
  expect(r.status).toBe(200);
  return r.body as unknown as PaymentRelayView;
}
const countsOf = (view: PaymentRelayView) => Object.fromEntries(view.channels.map((c) => [c.channel, c.total]));

/** A terminal the console knows: its retained status arrived. */
async function announce(client: MqttClient, id: string): Promise<void> {
  await client.publishAsync(`kiosk/terminals/${id}/status`, JSON.stringify({ terminalId: id, state: 'online', at: new Date().toISOString() }), { qos: 1, retain: true });
  await waitFor(async () => (await fx.server.fleet.getTerminal(id)) !== undefined, 5000, `${id} known to the console`);
}

beforeAll(async () => {
  fx = await startConsoleFixture({ logger: createLogger({ write: (line) => logLines.push(line) }), config: { paymentRelay: { enabled: true, maxBodyBytes: 4096, perTerminalPerMinute: 5, refusedPerMinute: 600, publishTimeoutMs: 2000, countsRetentionDays: 90 } } });
  terminal = await connectAsync(fx.broker.url, { protocolVersion: 5, clientId: 'bianmin-KM-0001', clean: false, properties: { sessionExpiryInterval: 3600 }, reconnectPeriod: 0 });
  terminal.on('message', (topic, payload) => received.push({ topic, payload }));
  await terminal.subscribeAsync('kiosk/terminals/KM-0001/payments/notify', { qos: 1 });
  await announce(terminal, 'KM-0001');
});
afterAll(async () => {
  await terminal?.endAsync(true).catch(() => undefined);
  await fx?.close();
});

describe('POST /pay/notify/<channel>/<terminalId>/<tag>', () => {
  it('relays the raw body and the signing headers to the terminal’s topic, then answers the channel’s own “received”', async () => {
    const r = await post(url('wechat-pay', 'KM-0001'), WECHAT_XML, { 'content-type': 'text/xml; charset=utf-8', cookie: 'session=secret', 'wechatpay-nonce': 'n1', 'x-forwarded-for': '10.1.2.3' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('<return_code><![CDATA[SUCCESS]]></return_code>');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    await waitFor(() => received.length === 1, 5000, 'the relayed notification');
    expect(received[0]!.topic).toBe('kiosk/terminals/KM-0001/payments/notify');
    const parsed = parsePaymentNotice(received[0]!.payload);
    expect(parsed.ok).toBe(true);
    const notice = (parsed as { notice: PaymentNotice }).notice;
    expect(notice.channel).toBe('wechat-pay');
    expect(notice.body).toBe(WECHAT_XML);
    // Only what channels sign with: no cookie, no proxy headers.
    expect(notice.headers).toEqual({ 'content-type': 'text/xml; charset=utf-8', 'wechatpay-nonce': 'n1' });
    expect(fx.server.paymentRelay?.relayed).toBe(1);
    const view = await relayView('KM-0001');
    expect(view).toMatchObject({ relay: 'on', terminalKnown: true, tagAvailable: true, unattributed: [] });
    expect(countsOf(view)).toEqual({ 'wechat-pay': { forwarded: 1, failed: 0, refused: 0 } });
    expect(view.channels[0]?.recent).toEqual({ forwarded: 1, failed: 0, refused: 0 });
    expect(view.lastForwardedAt).toBe(view.channels[0]?.lastForwardedAt);
    expect(Date.now() - Date.parse(view.lastForwardedAt ?? '')).toBeLessThan(60_000);
  });

  it('answers each channel in its own words', async () => {
    const alipay = await post(url('alipay', 'KM-0001'), 'out_trade_no=X&sign=Y', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    expect([alipay.status, alipay.text]).toEqual([200, 'success']);
    const nonTax = await post(url('non-tax', 'KM-0001'), '{"code":"0000"}', { 'content-type': 'application/json' });
    expect(nonTax.status).toBe(200);
    expect(JSON.parse(nonTax.text)).toEqual({ code: '0000', message: 'received' });
    await waitFor(() => received.length === 3, 5000, 'both relayed');
  });

  it('refuses bad requests with a clear status and relays nothing', async () => {
    const before = received.length;
    const cases: [string, Promise<{ status: number; text: string }>][] = [
      ['unknown channel', post(url('paypal', 'KM-0001'), 'x', { 'content-type': 'application/json' })],
      ['unknown terminal', post(url('alipay', 'KM-9999'), 'a=b', { 'content-type': 'application/x-www-form-urlencoded' })],
      ['terminal id not an id', post('/pay/notify/alipay/KM%2F0001', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' })],
      ['wrong media type', post(url('wechat-pay', 'KM-0001'), '{}', { 'content-type': 'application/json' })],
      ['no media type', post(url('alipay', 'KM-0001'), 'a=b')],
      ['not POST', post(url('alipay', 'KM-0001'), '', {}, 'GET')],
      ['too large', post(url('non-tax', 'KM-0001'), JSON.stringify({ pad: 'x'.repeat(5000) }), { 'content-type': 'application/json' })],
    ];
    const statuses = await Promise.all(cases.map(async ([name, p]) => [name, (await p).status] as const));
    expect(Object.fromEntries(statuses)).toEqual({
      'unknown channel': 404,
      'unknown terminal': 404,
      'terminal id not an id': 404,
      'wrong media type': 415,
      'no media type': 415,
      'not POST': 405,
      'too large': 413,
    });
    // A chunked body (no content-length) over the cap is cut off while reading.
    const chunked = await fetch(`${fx.server.url}${url('non-tax', 'KM-0001')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1000)));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit).then(
      (r) => r.status,
      () => 'connection closed',
    );
    expect([413, 'connection closed']).toContain(chunked);
    expect(received.length).toBe(before);
    expect(fx.server.paymentRelay?.refused).toMatchObject({ 'unknown-channel': 1, 'unknown-terminal': 2, 'unsupported-media-type': 2, method: 1 });
    // Counted against the terminal its right tag proved: per channel ('unknown' for the made-up one);
    // the malformed id against no terminal. The chunked body cut off is a refusal too, or the
    // connection closed before the answer (then counted, as the 413 it was, when the relay noticed).
    const view = await relayView('KM-0001');
    expect(countsOf(view)).toMatchObject({
      'wechat-pay': { forwarded: 1, failed: 0, refused: 1 },
      alipay: { forwarded: 1, failed: 0, refused: 2 },
      'non-tax': { forwarded: 1, failed: 0 },
      unknown: { forwarded: 0, failed: 0, refused: 1 },
    });
    expect(countsOf(view)['non-tax']?.refused).toBeGreaterThanOrEqual(1);
    // A right tag for a terminal the console does not know (yet): its own counts, on its own page.
    expect(countsOf(await relayView('KM-9999'))).toEqual({ alipay: { forwarded: 0, failed: 0, refused: 1 } });
    expect((await relayView('KM-9999')).terminalKnown).toBe(false);
    expect(view.unattributed).toEqual([{ reason: 'malformed-path', recent: 1, total: 1 }]);
  });

  it('counts a wrong tag for the whole console, never against the terminal the URL names', async () => {
    const before = countsOf(await relayView('KM-0001'));
    const wrong = notifyTagFor('another key, also 32+ characters long', 'KM-0001');
    const r = await post(`/pay/notify/alipay/KM-0001/${wrong}`, 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(404);
    expect((await post('/pay/notify/no-such-channel/KM-0001/guess', 'a=b')).status).toBe(404);
    const view = await relayView('KM-0001');
    expect(countsOf(view)).toEqual(before);
    expect(view.unattributed).toEqual([
      { reason: 'malformed-path', recent: 1, total: 1 },
      { reason: 'wrong-tag', recent: 2, total: 2 },
    ]);
  });

  it('limits each terminal’s URL per minute (429 with Retry-After), not the others’', async () => {
    const other = await connectAsync(fx.broker.url, { protocolVersion: 5, clientId: 'bianmin-KM-0002', clean: false, properties: { sessionExpiryInterval: 3600 }, reconnectPeriod: 0 });
    try {
      await other.subscribeAsync('kiosk/terminals/KM-0002/payments/notify', { qos: 1 });
      await announce(other, 'KM-0002');
      // KM-0001 has used 4 of its 5 this minute: three relayed above and the chunked body cut off.
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      expect((await post(url('unionpay-qr', 'KM-0001'), 'orderId=A', form)).status).toBe(200);
      const limited = await post(url('unionpay-qr', 'KM-0001'), 'orderId=B', form);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await post(url('unionpay-qr', 'KM-0002'), 'orderId=C', form)).status).toBe(200);
      expect(countsOf(await relayView('KM-0001'))['unionpay-qr']).toEqual({ forwarded: 1, failed: 0, refused: 1 });
      expect(countsOf(await relayView('KM-0002'))).toEqual({ 'unionpay-qr': { forwarded: 1, failed: 0, refused: 0 } });
    } finally {
      await other.endAsync(true);
    }
  });

  it('answers 503 (the channel posts again) when no subscriber would get it', async () => {
    // Known to the console, but it never subscribed: the broker would drop the message.
    const silent = await connectAsync(fx.broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    try {
      await announce(silent, 'KM-0003');
      const r = await post(url('alipay', 'KM-0003'), 'out_trade_no=X', { 'content-type': 'application/x-www-form-urlencoded' });
      expect([r.status, r.text]).toEqual([503, 'fail']);
      expect(fx.server.paymentRelay?.notDelivered).toBe(1);
      const view = await relayView('KM-0003');
      expect(countsOf(view)).toEqual({ alipay: { forwarded: 0, failed: 1, refused: 0 } });
      expect(view.lastForwardedAt).toBeNull();
      // The broker's PUBACK said 0x10 "no matching subscribers" (not a timeout, not a lost connection).
      expect(logLines.filter((l) => l.includes('not relayed')).map((l) => (JSON.parse(l) as { reason: string }).reason)).toEqual(['no subscriber (the terminal never subscribed)']);
    } finally {
      await silent.endAsync(true);
    }
  });

  it('raises "payment relay failing" on the alert board for a terminal that never subscribes, and resolves it once a notification reaches it', async () => {
    const id = 'KM-0004';
    const silent = await connectAsync(fx.broker.url, { protocolVersion: 5, clientId: `bianmin-${id}`, reconnectPeriod: 0 });
    try {
      await announce(silent, id);
      const failing = async () => (await fx.server.fleet.activeAlerts()).filter((a) => a.terminal_id === id && a.rule === 'payment-relay-failing');
      for (let i = 0; i < 2; i++) expect((await post(url('alipay', id), 'out_trade_no=X', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(503);
      await fx.server.paymentRelayCounts?.flush();
      // Two are below the threshold (3): the engine, ticking every second, opens nothing.
      await fx.server.alerts.evaluate();
      expect(await failing()).toEqual([]);
      expect((await post(url('wechat-pay', id), WECHAT_XML, { 'content-type': 'text/xml' })).status).toBe(503);
      await fx.server.paymentRelayCounts?.flush();
      await waitFor(async () => (await failing()).length === 1, 5000, 'the payment-relay-failing alert');
      expect((await failing())[0]?.detail).toContain('3 payment notifications not delivered');
      // The terminal subscribes at last: the next notification is delivered and the alert clears.
      await silent.subscribeAsync(`kiosk/terminals/${id}/payments/notify`, { qos: 1 });
      expect((await post(url('alipay', id), 'out_trade_no=X', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
      await fx.server.paymentRelayCounts?.flush();
      await waitFor(async () => (await failing()).length === 0, 5000, 'the alert resolved');
      expect(await fx.server.fleet.latestAlert(id, 'payment-relay-failing')).toMatchObject({ state: 'resolved', resolved_by: 'system' });
    } finally {
      await silent.endAsync(true);
    }
  });
});

describe('with the broker down', () => {
  let down: ConsoleFixture;
  beforeAll(async () => {
    down = await startConsoleFixture();
    const t = await connectAsync(down.broker.url, { protocolVersion: 5, clientId: 'bianmin-KM-0001', clean: false, properties: { sessionExpiryInterval: 3600 }, reconnectPeriod: 0 });
    await t.subscribeAsync('kiosk/terminals/KM-0001/payments/notify', { qos: 1 });
    await t.publishAsync('kiosk/terminals/KM-0001/status', JSON.stringify({ terminalId: 'KM-0001', state: 'online', at: new Date().toISOString() }), { qos: 1, retain: true });
    await waitFor(async () => (await down.server.fleet.getTerminal('KM-0001')) !== undefined, 5000, 'KM-0001 known');
    await t.endAsync(true);
  });
  afterAll(async () => down?.close());

  it('answers the channel 5xx with its own failure reply, never "received"', async () => {
    await down.broker.stop();
    await waitFor(() => down.server.ingest.client?.connected === false, 5000, 'the console sees the broker gone');
    const r = await fetch(`${down.server.url}${url('wechat-pay', 'KM-0001')}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: WECHAT_XML });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('30');
    expect(await r.text()).toContain('<return_code><![CDATA[FAIL]]></return_code>');
    await down.server.paymentRelayCounts?.flush();
    const [row] = await new PaymentRelayStore(down.server.db).forTerminal('KM-0001', '2000-01-01T00');
    expect([row?.channel, row?.total]).toEqual(['wechat-pay', { forwarded: 0, failed: 1, refused: 0 }]);
  });
});

describe('without the console-payment-relay-key credential', () => {
  it('keeps the route off (nothing relayed) and says why in the log', async () => {
    const lines: string[] = [];
    const off = await startConsoleFixture({ withoutRelayKey: true, logger: createLogger({ write: (line) => lines.push(line) }) });
    try {
      expect(off.server.paymentRelay).toBeUndefined();
      const r = await fetch(`${off.server.url}${url('alipay', 'KM-0001')}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
      // Not the relay's answer: the console's own for a path it does not serve (POST outside /api/).
      expect(r.status).toBe(405);
      expect(lines.filter((l) => l.includes('payment relay off: no console-payment-relay-key credential'))).toHaveLength(1);
    } finally {
      await off.close();
    }
  });
});
