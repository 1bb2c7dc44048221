/**
 * The orders the maintenance screen lists for staff, from the real engine and journal against the
 * reference payment server on loopback: a paid order left undelivered past its limit, a refund the
 * channel refuses, a wrong paid amount (while its alert is up); and staff's "re-query now", which
 * takes the settle loop's next step for that one order at once.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SAMPLE_CODES, startPaymentsStack, type PaymentsStack } from '../../../../support/payments-stack.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('payments-staff');
let stack: PaymentsStack;
const purchase = (id: string, amountFen = 800) => ({ purpose: 'fine', purchaseId: id, amountFen, subject: '罚款' });
const listed = () => stack.engine.needingStaff().map(({ order, reason }) => [order.purchaseId, reason, order.state]);

beforeEach(async () => {
  stack = await startPaymentsStack(tmp.path('kiosk.db'), { limits: { deliveryWindowMs: 50, unsettledAlertMs: 0 } });
});
afterEach(async () => stack.close());

it('lists nothing while every order is settled in time', async () => {
  const order = await stack.engine.payByCode(purchase('S0'), SAMPLE_CODES.alipay);
  stack.engine.delivered(order.orderNo);
  expect(listed()).toEqual([]);
});

it('a paid order left undelivered past its limit is listed; re-query now refunds it and it leaves the list', async () => {
  const order = await stack.engine.payByCode(purchase('S1'), SAMPLE_CODES['wechat-pay']);
  expect(order.state).toBe('paid');
  await expect.poll(listed).toEqual([['S1', 'unsettled', 'paid']]);
  const after = await stack.engine.settleNow(order.orderNo);
  expect(after.state).toBe('refunded');
  expect(stack.server.ledger.refunds.filter((r) => r.orderNo === order.orderNo)).toHaveLength(1);
  expect(listed()).toEqual([]);
  // A final order is left as it is.
  expect((await stack.engine.settleNow(order.orderNo)).state).toBe('refunded');
});

it('a refund the channel refuses is listed as refund-failed, and stays until it goes through', async () => {
  const order = await stack.engine.payByCode(purchase('S2'), SAMPLE_CODES.alipay);
  // Someone refunded it at the channel's own console under another refund number.
  expect(stack.server.ledger.refund('alipay', order.orderNo, 'BY-HAND-1', 800)).toBe('refunded');
  const refunding = await stack.engine.notDeliverable(order.orderNo, 'printer jammed');
  expect(refunding.state).toBe('refunding');
  expect(listed()).toEqual([['S2', 'refund-failed', 'refunding']]);
  const again = await stack.engine.settleNow(order.orderNo);
  expect(again.state).toBe('refunding');
  expect(again.checks).toBeGreaterThan(refunding.checks);
  expect(listed()).toEqual([['S2', 'refund-failed', 'refunding']]);
});

it('a wrong paid amount is listed while its alert is up', async () => {
  stack.server.ledger.queueFault('wrong-amount');
  const order = await stack.engine.payByCode(purchase('S3', 900), SAMPLE_CODES['wechat-pay']);
  expect(order.state).toBe('refunded');
  const [entry] = stack.engine.needingStaff();
  expect(entry).toMatchObject({ reason: 'amount-mismatch', order: { purchaseId: 'S3', amountFen: 900 } });
  expect(entry!.order.paidFen).not.toBe(900);
  stack.alerts.clear(`payment-amount-mismatch:${order.orderNo.toLowerCase()}`);
  expect(listed()).toEqual([]);
});

it('re-query refuses an order number it does not know', async () => {
  await expect(stack.engine.settleNow('KM0001NOSUCHORDER')).rejects.toThrow(/no payment order/);
});
