/**
 * Payment notifications relayed through the fleet, every part real: the reference payment server
 * posts its signed notification to the console's notify URL (the URL the terminal's channels gave
 * it), the console publishes it on a real mosquitto, the terminal's fleet agent hands it to a real
 * PaymentEngine on a real SQLite file, which checks the channel's signature with its own keys.
 * "Without a query" is counted on the payment server (it answers every order query).
 */
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetAgent, type PaymentNoticeOutcome } from '../../../../../electron/core/fleet/fleet-agent.ts';
import { PAYMENT_ALERT } from '../../../../../electron/core/payments/payment-alerts.ts';
import type { ChannelId } from '../../../../../electron/core/payments/channels/payment-channel.ts';
import type { PaymentOrder } from '../../../../../electron/core/payments/payment-journal.ts';
import { notifyTagFor } from '../../../../../console/server/payment-relay/relay-tag.ts';
import { startConsoleFixture, TEST_RELAY_KEY, type ConsoleFixture } from '../../../../../console/test-support/console-fixture.ts';
import { startPaymentsStack, type PaymentsStack } from '../../../../support/payments-stack.ts';
import { startProxy } from '../../../../support/mosquitto-broker.ts';
import { tempDir } from '../../../../support/temp-dir.ts';
import { waitFor } from '../../../../support/wait.ts';

const CHANNELS: readonly ChannelId[] = ['wechat-pay', 'alipay', 'unionpay-qr', 'non-tax'];
const tmp = tempDir('payment-notices');
let fx: ConsoleFixture;
let stack: PaymentsStack;
let agent: FleetAgent;
const notices: PaymentNoticeOutcome[] = [];
let n = 0;

type NoticeHandler = ConstructorParameters<typeof FleetAgent>[0]['paymentNotices'];
// As kiosk-core wires it: the engine decides; the agent only delivers.
const toEngine: NoticeHandler = async (channel, body) => void (await stack.engine.handleNotification(channel, body));

function startAgent(brokerUrl = fx.broker.url, paymentNotices = toEngine): FleetAgent {
  const a = new FleetAgent({
    brokerUrl,
    terminalId: 'KM-0001',
    topicPrefix: 'kiosk',
    heartbeatMs: 60_000,
    trustedKeys: () => [],
    mqtt: { reconnectPeriod: 200 },
    sources: {
      appVersion: '0.1.0',
      configVersion: () => '1.0.0',
      devices: () => [],
      queueDepth: () => ({ pending: 0, failed: 0 }),
      serviceMode: () => ({ mode: 'in-service', since: new Date().toISOString() }),
      lastError: () => null,
      diskPath: tmp.dir,
    },
    handlers: { reloadConfig: () => ({ ok: true }), restart: () => undefined, setOutOfService: () => ({ ok: true }), collectLogs: () => '' },
    ...(paymentNotices ? { paymentNotices } : {}),
  });
  a.on('paymentNotice', (outcome) => notices.push(outcome));
  a.start();
  return a;
}

async function nativeOrder(channel: ChannelId): Promise<PaymentOrder> {
  const purchaseId = `P${++n}`;
  const noticeNo = channel === 'non-tax' ? `3301${String(n).padStart(16, '0')}` : undefined;
  if (noticeNo !== undefined) stack.server.notices.set(noticeNo, 2500);
  const { order } = await stack.engine.startNative({ purpose: 'traffic-violation', purchaseId, amountFen: 2500, subject: '交通违法罚款', ...(noticeNo ? { noticeNo } : {}) }, channel);
  expect(order.state).toBe('awaiting');
  return order;
}

/** The citizen's phone pays the code (the reference server then notifies, as a channel does). */
async function phonePays(channel: ChannelId, orderNo: string): Promise<void> {
  const r = await fetch(`${stack.server.url}/sim/native-pay`, { method: 'POST', body: JSON.stringify({ channel, orderNo }) });
  expect(await r.json()).toEqual({ state: 'SUCCESS' });
}

const attemptsFor = (orderNo: string) => stack.server.notifyAttempts.filter((a) => a.orderNo === orderNo);
const stateOf = (orderNo: string) => stack.journal.get(orderNo)?.state;

/** KM-0001's relay tag (its config's `payments.notifyTag`), as the console derives it. */
const TAG = notifyTagFor(TEST_RELAY_KEY, 'KM-0001');

beforeAll(async () => {
  fx = await startConsoleFixture();
  stack = await startPaymentsStack(tmp.path('kiosk.db'), { notifyBaseUrl: fx.server.url, notifyTag: TAG, terminalId: 'KM-0001', notify: { retryMs: 100, tries: 4 } });
  agent = startAgent();
  await waitFor(async () => (await fx.server.fleet.getTerminal('KM-0001')) !== undefined, 10_000, 'the console knows KM-0001');
});
afterAll(async () => {
  await agent?.stop();
  await stack?.close();
  await fx?.close();
  tmp.remove();
});

describe('a payment notification relayed through the console and the broker', () => {
  it.each(CHANNELS)('%s: the order paid on the phone is paid at the terminal from the notification, before any query', async (channel) => {
    const order = await nativeOrder(channel);
    expect(stack.server.notifyUrls.get(`${channel}:${order.orderNo}`)).toBe(`${fx.server.url}/pay/notify/${channel}/KM-0001/${TAG}`);
    const queries = stack.server.counts.queries;
    await phonePays(channel, order.orderNo);
    await expect.poll(() => stateOf(order.orderNo), { timeout: 10_000, interval: 20 }).toBe('paid');
    expect(stack.journal.get(order.orderNo)?.detail).toBe('notification');
    expect(stack.server.counts.queries).toBe(queries);
    // The channel heard its "received" once (recorded when its answer is read, maybe after the terminal moved): no retry.
    await expect.poll(() => attemptsFor(order.orderNo).map((a) => a.status), { timeout: 5000, interval: 20 }).toEqual([200]);
  });

  it('duplicate notifications change the order once', async () => {
    stack.server.ledger.queueFault('duplicate-notify');
    const order = await nativeOrder('wechat-pay');
    const changes: string[] = [];
    const onChange = (o: PaymentOrder) => o.orderNo === order.orderNo && changes.push(o.state);
    stack.engine.on('changed', onChange);
    try {
      const handled = notices.length;
      await phonePays('wechat-pay', order.orderNo);
      await waitFor(() => attemptsFor(order.orderNo).length === 2, 10_000, 'both notifications posted');
      // And the channel posts it once more, as channels do when unsure.
      await stack.server.postNotifications('wechat-pay', order.orderNo);
      await waitFor(() => notices.length >= handled + 4, 10_000, 'four notifications at the terminal');
      expect(notices.slice(handled).every((o) => o.handled)).toBe(true);
      expect(changes).toEqual(['paid']);
      expect(stateOf(order.orderNo)).toBe('paid');
      expect(stack.server.ledger.charges.filter((c) => c.orderNo === order.orderNo)).toHaveLength(1);
    } finally {
      stack.engine.off('changed', onChange);
    }
  });

  it.each([
    ['wechat-pay', 'text/xml', (body: string) => body.replace(/<result_code>(<!\[CDATA\[)?FAIL/, '<result_code>$1SUCCESS')],
    ['alipay', 'application/x-www-form-urlencoded', (body: string) => body.replace('trade_status=WAIT_BUYER_PAY', 'trade_status=TRADE_SUCCESS')],
  ] as const)('%s: a forged "paid" is relayed, refused at the terminal with an alert, and the order stays unpaid', async (channel, type, forge) => {
    stack.alerts.clear(PAYMENT_ALERT.notificationRejected);
    const order = await nativeOrder(channel);
    const [genuine] = stack.server.notificationsFor(channel, order.orderNo);
    const forged = forge(genuine!);
    expect(forged).not.toBe(genuine);
    const handled = notices.length;
    const r = await fetch(`${fx.server.url}/pay/notify/${channel}/KM-0001/${TAG}`, { method: 'POST', headers: { 'content-type': type }, body: forged });
    // The console holds no merchant key: it relays, and the terminal judges.
    expect(r.status).toBe(200);
    await waitFor(() => notices.length > handled, 10_000, 'the forged notification at the terminal');
    expect(notices.at(-1)).toMatchObject({ channel, handled: false, reason: expect.stringMatching(/signature invalid/) });
    expect(stack.alerts.get(PAYMENT_ALERT.notificationRejected)?.kind).toBe('payment-notification-rejected');
    expect(stateOf(order.orderNo)).toBe('awaiting');
    expect(stack.server.ledger.charges.filter((c) => c.orderNo === order.orderNo)).toHaveLength(0);
  });

  it('a forged "paid" to a guessed URL (the terminal id without its tag, or a wrong tag) stops at the console: 404, nothing at the terminal, no alert', async () => {
    stack.alerts.clear(PAYMENT_ALERT.notificationRejected);
    const order = await nativeOrder('alipay');
    const [genuine] = stack.server.notificationsFor('alipay', order.orderNo);
    const forged = genuine!.replace('trade_status=WAIT_BUYER_PAY', 'trade_status=TRADE_SUCCESS');
    const handled = notices.length;
    const relayed = fx.server.paymentRelay!.relayed;
    const wrongTag = notifyTagFor('another console key, 32+ characters long', 'KM-0001');
    for (const path of ['/pay/notify/alipay/KM-0001', `/pay/notify/alipay/KM-0001/${wrongTag}`, `/pay/notify/alipay/KM-0002/${TAG}`]) {
      const r = await fetch(`${fx.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: forged });
      expect([path, r.status]).toEqual([path, 404]);
    }
    // A genuine notification afterwards still arrives, so the terminal was listening all along.
    const [paid] = stack.server.notificationsFor('alipay', order.orderNo);
    expect((await fetch(`${fx.server.url}/pay/notify/alipay/KM-0001/${TAG}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: paid! })).status).toBe(200);
    await waitFor(() => notices.length > handled, 10_000, 'the genuine notification at the terminal');
    expect(notices.slice(handled).every((n) => n.handled)).toBe(true);
    expect(fx.server.paymentRelay!.relayed).toBe(relayed + 1);
    expect(stack.alerts.get(PAYMENT_ALERT.notificationRejected)).toBeUndefined();
    expect(stateOf(order.orderNo)).toBe('awaiting');
  });

  it('a genuine notification for an order this terminal does not have is logged and dropped', async () => {
    // An order of the same merchant the terminal never made (another terminal's, or a lost journal's).
    const orderNo = 'KM0009X0000000001';
    stack.server.ledger.precreate('unionpay-qr', orderNo, 'P-other', 900, Date.now() + 60_000);
    stack.server.ledger.payNative('unionpay-qr', orderNo);
    const [body] = stack.server.notificationsFor('unionpay-qr', orderNo);
    const alerts = stack.alerts.list().length;
    const handled = notices.length;
    const r = await fetch(`${fx.server.url}/pay/notify/unionpay-qr/KM-0001/${TAG}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body! });
    expect(r.status).toBe(200);
    await waitFor(() => notices.length > handled, 10_000, 'the notification at the terminal');
    // Verified (no alert), then dropped: the journal has no such order and gets none.
    expect(notices.at(-1)).toMatchObject({ channel: 'unionpay-qr', handled: true });
    expect(stack.journal.get(orderNo)).toBeUndefined();
    expect(stack.alerts.list()).toHaveLength(alerts);
  });

  it('a malformed envelope on the terminal’s topic is dropped and the next one is taken', async () => {
    // Only the console may publish there (the ACL test proves it); this broker is open, as a stand-in for a console bug.
    const stray = await connectAsync(fx.broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    try {
      const handled = notices.length;
      await stray.publishAsync('kiosk/terminals/KM-0001/payments/notify', JSON.stringify({ v: 1, id: 'stray-0001', channel: 'paypal', receivedAt: new Date().toISOString(), headers: {}, body: 'x' }), { qos: 1 });
      await stray.publishAsync('kiosk/terminals/KM-0001/payments/notify', 'not json', { qos: 1 });
      await waitFor(() => notices.length >= handled + 2, 10_000, 'both at the terminal');
      expect(notices.slice(handled).map((o) => [o.handled, o.reason?.split(':')[0]])).toEqual([
        [false, 'channel'],
        [false, 'not JSON'],
      ]);
      const order = await nativeOrder('non-tax');
      await phonePays('non-tax', order.orderNo);
      await expect.poll(() => stateOf(order.orderNo), { timeout: 10_000, interval: 20 }).toBe('paid');
    } finally {
      await stray.endAsync(true);
    }
  });

  it('a terminal offline when the notification arrives gets it on reconnecting (persistent session)', async () => {
    await agent.stop();
    const order = await nativeOrder('alipay');
    const queries = stack.server.counts.queries;
    await phonePays('alipay', order.orderNo);
    // The broker holds it for the terminal's session: the channel is told "received" at once.
    await waitFor(() => attemptsFor(order.orderNo).length === 1, 10_000, 'the notification posted');
    expect(attemptsFor(order.orderNo)[0]).toMatchObject({ status: 200, body: 'success' });
    expect(stateOf(order.orderNo)).toBe('awaiting');
    agent = startAgent();
    await expect.poll(() => stateOf(order.orderNo), { timeout: 10_000, interval: 20 }).toBe('paid');
    expect(stack.server.counts.queries).toBe(queries);
  });

  it('a notification whose handling a dead connection interrupted is delivered again (acknowledged only once journaled)', async () => {
    await agent.stop();
    const proxy = await startProxy(fx.broker.port);
    let release: () => void = () => undefined;
    let calls = 0;
    // The first delivery never finishes (a process stopped mid-write, say); later ones reach the engine.
    agent = startAgent(proxy.url, async (channel, body, headers) => {
      if (++calls === 1) return new Promise<void>((resolve) => (release = resolve));
      return toEngine!(channel, body, headers);
    });
    try {
      await waitFor(() => agent.state === 'online', 10_000, 'the agent online through the proxy');
      const order = await nativeOrder('non-tax');
      await phonePays('non-tax', order.orderNo);
      await waitFor(() => calls === 1, 10_000, 'the first delivery under way');
      expect(stateOf(order.orderNo)).toBe('awaiting');
      proxy.cutAll();
      // No PUBACK was sent for it: the broker delivers it again on the resumed session.
      await expect.poll(() => stateOf(order.orderNo), { timeout: 10_000, interval: 20 }).toBe('paid');
      expect(calls).toBe(2);
    } finally {
      release();
      await agent.stop();
      await proxy.close();
      agent = startAgent();
    }
  });

  it('with the broker down the channel hears 5xx and posts again; the terminal’s query still settles the order', async () => {
    const order = await nativeOrder('wechat-pay');
    await fx.broker.stop();
    await waitFor(() => fx.server.ingest.client?.connected === false, 5000, 'the console sees the broker gone');
    await phonePays('wechat-pay', order.orderNo);
    await waitFor(() => attemptsFor(order.orderNo).length === 4, 10_000, 'all four tries');
    expect(attemptsFor(order.orderNo).map((a) => a.status)).toEqual([503, 503, 503, 503]);
    expect(attemptsFor(order.orderNo)[0]!.body).toContain('FAIL');
    expect(stateOf(order.orderNo)).toBe('awaiting');
    // Notifications only speed settling: the query is the source of truth.
    expect((await stack.engine.check(order.orderNo)).state).toBe('paid');
  });
});
