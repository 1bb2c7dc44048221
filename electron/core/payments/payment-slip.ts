/**
 * The payment slip (print kind `payment`): what was bought, the amount, order number, channel and
 * transaction number of an order paid in this session. A session prints only its own orders (the
 * payment handlers record them here), and only ones that took money.
 */
import type { PaymentOrder } from './payment-journal.ts';
import { nothingToPrint, type SlipRenderer } from '../services/shared/slip-renderers.ts';
import { SessionSlot } from '../services/shared/service-session.ts';
import { finishSlip, startSlip, type SlipContext } from '../services/shared/slip-frame.ts';
import { paidFactsOf, paidLines, type PaidFacts } from './payment-receipt.ts';

/** The order numbers this session started or was shown (payByScan, startNativePayment). */
export const sessionOrders = new SessionSlot<Set<string>>('payments-orders');

const TOOK_MONEY: readonly PaymentOrder['state'][] = ['paid', 'delivering', 'delivered'];

export function buildPaymentSlip(paid: PaidFacts & { subject: string }, ctx: SlipContext): Uint8Array {
  const p = ctx.texts.payment;
  const b = startSlip(p.title);
  b.bold(true).line(paid.subject).bold(false);
  for (const { label, value } of paidLines(paid, p)) b.line(`${label}: ${value}`);
  b.newline().line(p.keep);
  return finishSlip(b, ctx);
}

export const paymentSlip: SlipRenderer<'payment'> = ({ document, state, slip, service }) => {
  const order = sessionOrders.get(state)?.has(document.orderNo) ? service.deps.payments?.journal.get(document.orderNo) : undefined;
  if (order === undefined || !TOOK_MONEY.includes(order.state)) throw nothingToPrint(`paid order ${document.orderNo}`);
  return buildPaymentSlip({ ...paidFactsOf(order), subject: order.subject }, slip);
};
