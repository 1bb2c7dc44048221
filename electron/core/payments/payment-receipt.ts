/**
 * The payment lines of a receipt: amount, order number, channel and the channel's transaction
 * number, worded by the print pack (`slip.payment` in resources/locales/print/). Nothing else of
 * the payment is printed: the terminal never learns a card number, and the payment code (a bearer
 * token for a minute) is never stored, so neither can reach paper.
 */
import { fillTemplate, type SlipTexts } from '../printing/print-texts.ts';
import type { ChannelId } from './channels/payment-channel.ts';
import type { PaymentOrder } from './payment-journal.ts';

export interface ReceiptLine {
  label: string;
  value: string;
}

/** What a receipt may say about a payment that took money. */
export interface PaidFacts {
  orderNo: string;
  channel: ChannelId;
  transactionId: string;
  amountFen: number;
}

export type PaymentTexts = SlipTexts['payment'];

const yuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export function paidLines(paid: PaidFacts, texts: PaymentTexts): ReceiptLine[] {
  return [
    { label: texts.amount, value: fillTemplate(texts.money, { yuan: yuan(paid.amountFen) }) },
    { label: texts.orderNo, value: paid.orderNo },
    { label: texts.channel, value: texts.channels[paid.channel] },
    { label: texts.transactionNo, value: paid.transactionId },
  ];
}

/** The facts of a paid (or delivered) order; throws for an order that took no money. */
export function paidFactsOf(order: PaymentOrder): PaidFacts {
  if (!['paid', 'delivering', 'delivered'].includes(order.state) || order.transactionId === null) throw new Error(`order ${order.orderNo} is ${order.state}: no payment receipt`);
  return { orderNo: order.orderNo, channel: order.channel, transactionId: order.transactionId, amountFen: order.paidFen ?? order.amountFen };
}

/** Lines for a paid (or delivered) order; throws for an order that took no money. */
export function paymentReceiptLines(order: PaymentOrder, texts: PaymentTexts): ReceiptLine[] {
  return paidLines(paidFactsOf(order), texts);
}
