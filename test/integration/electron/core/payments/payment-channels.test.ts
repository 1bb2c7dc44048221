/**
 * Each channel adapter against the reference payment server over loopback: its wire shape and
 * signatures, micropay, native, refund, reverse and the statement, counted from the server's ledger.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelId } from '../../../../../electron/core/payments/channels/payment-channel.ts';
import type { Purchase } from '../../../../../electron/core/payments/payment-engine.ts';
import { SAMPLE_CODES, startPaymentsStack, type PaymentsStack } from '../../../../support/payments-stack.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('payments-channels');
let stack: PaymentsStack;
let n = 0;

beforeEach(async () => {
  stack = await startPaymentsStack(tmp.path('kiosk.db'));
});
afterEach(async () => stack.close());

const purchase = (channel: ChannelId, amountFen = 20000): Purchase => {
  const purchaseId = `P${++n}`;
  const noticeNo = channel === 'non-tax' ? `3301${String(n).padStart(16, '0')}` : undefined;
  if (noticeNo !== undefined) stack.server.notices.set(noticeNo, amountFen);
  return { purpose: 'traffic-violation', purchaseId, amountFen, subject: '交通违法罚款', ...(noticeNo === undefined ? {} : { noticeNo }) };
};
const codeFor = (channel: ChannelId): string => (channel === 'non-tax' ? SAMPLE_CODES['wechat-pay'] : SAMPLE_CODES[channel]);

describe.each(['wechat-pay', 'alipay', 'unionpay-qr', 'non-tax'] as const)('%s', (channel) => {
  it('charges a payment code once and reports the channel transaction number', async () => {
    const order = await stack.engine.payByCode(purchase(channel), codeFor(channel));
    expect(order.channel).toBe(channel);
    expect(order.state).toBe('paid');
    expect(order.paidFen).toBe(20000);
    const charges = stack.server.ledger.charges.filter((c) => c.orderNo === order.orderNo);
    expect(charges).toHaveLength(1);
    expect(order.transactionId).toBe(charges[0]!.transactionId);
    stack.engine.delivered(order.orderNo);
    expect(stack.journal.get(order.orderNo)?.state).toBe('delivered');
  });

  it('shows a native code, sees it paid by the phone, and refunds what cannot be delivered', async () => {
    const { order, codeUrl } = await stack.engine.startNative(purchase(channel, 150), channel);
    expect(order.state).toBe('awaiting');
    expect(codeUrl).toMatch(/^(weixin|https):\/\//);
    expect((await stack.engine.check(order.orderNo)).state).toBe('awaiting');
    stack.server.ledger.payNative(channel, order.orderNo);
    expect((await stack.engine.check(order.orderNo)).state).toBe('paid');
    const refunded = await stack.engine.notDeliverable(order.orderNo, 'printer out of paper');
    expect(refunded.state).toBe('refunded');
    expect(stack.server.ledger.refunds.filter((r) => r.orderNo === order.orderNo).map((r) => r.amountFen)).toEqual([150]);
  });

  it('closes a native order the citizen walked away from, so a late scan cannot pay it', async () => {
    const { order } = await stack.engine.startNative(purchase(channel), channel);
    expect((await stack.engine.cancel(order.orderNo)).state).toBe('closed');
    stack.server.ledger.payNative(channel, order.orderNo);
    expect(stack.server.ledger.charges.filter((c) => c.orderNo === order.orderNo)).toHaveLength(0);
  });

  it('reverses a micropay the citizen never confirms', async () => {
    stack.server.ledger.queueFault('user-paying-never');
    const order = await stack.engine.payByCode(purchase(channel), codeFor(channel));
    expect(order.state).toBe('reversed');
    expect(stack.server.ledger.get(channel, order.orderNo)?.state).toBe('REVOKED');
    expect(stack.server.ledger.charges.filter((c) => c.orderNo === order.orderNo)).toHaveLength(0);
  });

  it('lists the day on its statement', async () => {
    const order = await stack.engine.payByCode(purchase(channel, 321), codeFor(channel));
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const lines = await stack.engine.channelFor(channel).statement(day);
    expect(lines).toContainEqual({ orderNo: order.orderNo, transactionId: order.transactionId, kind: 'payment', amountFen: 321 });
  });
});
