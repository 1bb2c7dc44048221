/**
 * The channels' failure modes and bad input, against the reference payment server: an unknown
 * outcome is never "failed", money is taken at most once and every paid order ends delivered or
 * refunded (counted from the server's ledger).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelId } from '../../../../../electron/core/payments/channels/payment-channel.ts';
import { PaymentInputError } from '../../../../../electron/core/payments/payment-input-error.ts';
import type { Purchase } from '../../../../../electron/core/payments/payment-engine.ts';
import { SAMPLE_CODES, startPaymentsStack, type PaymentsStack } from '../../../../support/payments-stack.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('payments-faults');
let stack: PaymentsStack;
let n = 0;

beforeEach(async () => {
  stack = await startPaymentsStack(tmp.path('kiosk.db'));
});
afterEach(async () => stack.close());

const purchase = (amountFen = 5000): Purchase => ({ purpose: 'traffic-violation', purchaseId: `F${++n}`, amountFen, subject: '交通违法罚款' });
const charged = (orderNo: string): number => stack.server.ledger.charges.filter((c) => c.orderNo === orderNo).reduce((s, c) => s + c.amountFen, 0);
const refunded = (orderNo: string): number => stack.server.ledger.refunds.filter((r) => r.orderNo === orderNo).reduce((s, r) => s + r.amountFen, 0);

describe.each(['wechat-pay', 'alipay'] as const)('faults on %s', (channel: ChannelId) => {
  const code = SAMPLE_CODES[channel as 'wechat-pay' | 'alipay'];

  it('user paying: queries until the citizen confirms', async () => {
    stack.server.ledger.queueFault('user-paying');
    const order = await stack.engine.payByCode(purchase(), code);
    expect(order.state).toBe('paid');
    expect(stack.journal.events(order.orderNo).map((e) => e.to)).toEqual(['created', 'awaiting', 'paid']);
    expect(charged(order.orderNo)).toBe(5000);
  });

  it('timeout: the answer never comes, the query finds it paid; never failed on the way', async () => {
    stack.server.ledger.queueFault('timeout');
    const order = await stack.engine.payByCode(purchase(), code);
    expect(order.state).toBe('paid');
    expect(stack.journal.events(order.orderNo).map((e) => e.to)).toEqual(['created', 'unknown', 'paid']);
    expect(stack.server.ledger.charges.filter((c) => c.orderNo === order.orderNo)).toHaveLength(1);
  });

  it('system error then a late success within the limit: paid once', async () => {
    stack.server.ledger.queueFault('late-success');
    const order = await stack.engine.payByCode(purchase(), code);
    expect(order.state).toBe('paid');
    expect(charged(order.orderNo)).toBe(5000);
  });

  it('5xx before anything: unknown, then reversed at the deadline, so nothing can land later', async () => {
    stack.server.ledger.queueFault('http-500');
    const order = await stack.engine.payByCode(purchase(), code);
    expect(order.state).toBe('reversed');
    expect(stack.journal.events(order.orderNo).some((e) => e.to === 'failed')).toBe(false);
    expect(stack.server.ledger.get(channel, order.orderNo)?.state).toBe('REVOKED');
    expect(charged(order.orderNo)).toBe(0);
  });

  it('charged then 5xx: the query finds the money', async () => {
    stack.server.ledger.queueFault('charge-then-500');
    const order = await stack.engine.payByCode(purchase(), code);
    expect(order.state).toBe('paid');
    expect(charged(order.orderNo)).toBe(5000);
  });

  it('insufficient balance: failed, nothing taken', async () => {
    stack.server.ledger.queueFault('insufficient');
    const order = await stack.engine.payByCode(purchase(), code);
    expect(order.state).toBe('failed');
    expect(charged(order.orderNo)).toBe(0);
  });

  it('another amount charged: refunded in full, not delivered, alert for staff', async () => {
    stack.server.ledger.queueFault('wrong-amount');
    const order = await stack.engine.payByCode(purchase(), code);
    expect(order.state).toBe('refunded');
    expect(charged(order.orderNo)).toBe(5001);
    expect(refunded(order.orderNo)).toBe(5001);
    expect(stack.alerts.list().map((a) => a.kind)).toContain('payment-amount-mismatch');
  });

  it('duplicate paid notifications: one paid order, delivered once, the repeat changes nothing', async () => {
    stack.server.ledger.queueFault('duplicate-notify');
    const { order } = await stack.engine.startNative(purchase(), channel);
    stack.server.ledger.payNative(channel, order.orderNo);
    const bodies = stack.server.notificationsFor(channel, order.orderNo);
    expect(bodies).toHaveLength(2);
    expect((await stack.engine.handleNotification(channel, bodies[0]!))?.state).toBe('paid');
    stack.engine.delivered(order.orderNo);
    expect((await stack.engine.handleNotification(channel, bodies[1]!))?.state).toBe('delivered');
    expect(stack.journal.events(order.orderNo).filter((e) => e.to === 'delivered')).toHaveLength(1);
    expect(charged(order.orderNo)).toBe(5000);
  });
});

describe('bad input', () => {
  it('a code that is not a payment code is refused before any order or call', async () => {
    const before = stack.server.ledger.orders.size;
    for (const bad of ['https://example.gov.cn/receipt/123', '12345', '9'.repeat(18), '']) {
      await expect(stack.engine.payByCode(purchase(), bad)).rejects.toMatchObject({ code: 'NOT_A_PAYMENT_CODE' });
    }
    expect(stack.journal.all()).toHaveLength(0);
    expect(stack.server.ledger.orders.size).toBe(before);
  });

  it('an amount that is not the notice amount (缴款码) is refused by the platform: failed, nothing taken', async () => {
    stack.server.notices.set('33010000000000000001', 20000);
    const order = await stack.engine.payByCode({ ...purchase(19000), noticeNo: '33010000000000000001' }, SAMPLE_CODES['wechat-pay']);
    expect(order.channel).toBe('non-tax');
    expect(order.state).toBe('failed');
    expect(order.detail).toBe('E102');
    expect(stack.server.ledger.charges).toHaveLength(0);
  });

  it('an amount that is not whole fen is refused', async () => {
    await expect(stack.engine.payByCode(purchase(12.5), SAMPLE_CODES.alipay)).rejects.toBeInstanceOf(PaymentInputError);
    expect(stack.journal.all()).toHaveLength(0);
  });

  it('a second payment for a purchase whose order is live is refused: no second charge', async () => {
    const p = purchase();
    const first = await stack.engine.payByCode(p, SAMPLE_CODES['wechat-pay']);
    expect(first.state).toBe('paid');
    await expect(stack.engine.payByCode(p, SAMPLE_CODES.alipay)).rejects.toMatchObject({ code: 'PURCHASE_IN_PROGRESS' });
    expect(stack.server.ledger.charges).toHaveLength(1);
  });

  it('a forged notification is refused with an alert and changes nothing', async () => {
    const { order } = await stack.engine.startNative(purchase(), 'wechat-pay');
    stack.server.ledger.payNative('wechat-pay', order.orderNo);
    const body = stack.server.notificationsFor('wechat-pay', order.orderNo)[0]!.replace('<total_fee><![CDATA[5000]]>', '<total_fee><![CDATA[1]]>');
    await expect(stack.engine.handleNotification('wechat-pay', body)).rejects.toThrow(/signature invalid/);
    expect(stack.journal.get(order.orderNo)?.state).toBe('awaiting');
    expect(stack.alerts.list().map((a) => a.kind)).toContain('payment-notification-rejected');
  });
});

describe('after a restart', () => {
  it('a paid order left undelivered by the previous run is refunded', async () => {
    const order = await stack.engine.payByCode(purchase(), SAMPLE_CODES['wechat-pay']);
    expect(order.state).toBe('paid');
    const engine = stack.restart();
    await engine.settleOnce();
    expect(stack.journal.get(order.orderNo)?.state).toBe('refunded');
    expect(refunded(order.orderNo)).toBe(5000);
  });

  it('an order caught mid-delivery asks the delivery check; without an answer it stays open', async () => {
    const order = await stack.engine.payByCode(purchase(), SAMPLE_CODES.alipay);
    stack.engine.beginDelivery(order.orderNo);
    const engine = stack.restart();
    await engine.settleOnce();
    expect(stack.journal.get(order.orderNo)?.state).toBe('delivering');
    expect(refunded(order.orderNo)).toBe(0);
  });

  it('a waiting native order from the previous run is closed', async () => {
    const { order } = await stack.engine.startNative(purchase(), 'unionpay-qr');
    const engine = stack.restart();
    await engine.settleOnce();
    expect(stack.journal.get(order.orderNo)?.state).toBe('closed');
    stack.server.ledger.payNative('unionpay-qr', order.orderNo);
    expect(charged(order.orderNo)).toBe(0);
  });
});

describe('nothing lost in silence', () => {
  it('an order the channel cannot be reached about stays open (never failed) and raises payment-unsettled past its deadline', async () => {
    await stack.close();
    stack = await startPaymentsStack(tmp.path('kiosk2.db'), { limits: { unsettledAlertMs: 0, nativeTtlMs: 300 } });
    const { order } = await stack.engine.startNative(purchase(), 'alipay');
    await stack.server.close();
    await expect
      .poll(
        async () => {
          await stack.engine.settleOnce();
          return stack.alerts.get('payment-unsettled')?.kind;
        },
        { timeout: 10_000, interval: 50 },
      )
      .toBe('payment-unsettled');
    const current = stack.journal.get(order.orderNo)!;
    expect(['awaiting', 'unknown']).toContain(current.state);
    expect(current.checks).toBeGreaterThan(0);
  });
});

describe('the delivery window', () => {
  it('refunds a paid order of this run that the service never delivered, once the window has passed', async () => {
    await stack.close();
    stack = await startPaymentsStack(tmp.path('kiosk3.db'), { limits: { deliveryWindowMs: 300 } });
    const order = await stack.engine.payByCode(purchase(), SAMPLE_CODES['unionpay-qr']);
    expect(order.state).toBe('paid');
    await stack.engine.settleOnce();
    expect(stack.journal.get(order.orderNo)?.state).toBe('paid');
    await expect
      .poll(
        async () => {
          await stack.engine.settleOnce();
          return stack.journal.get(order.orderNo)?.state;
        },
        { timeout: 5000, interval: 50 },
      )
      .toBe('refunded');
    expect(refunded(order.orderNo)).toBe(5000);
  });
});
