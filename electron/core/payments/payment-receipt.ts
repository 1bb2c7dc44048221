/**
 * The payment lines of a receipt: amount, order number, channel and the channel's transaction
 * number. Nothing else of the payment is printed: the terminal never learns a card number, and
 * the payment code (a bearer token for a minute) is never stored, so neither can reach paper.
 */
import type { ChannelId } from './channels/payment-channel.ts';
import type { PaymentOrder } from './payment-journal.ts';

export interface ReceiptLine {
  label: string;
  value: string;
}

const CHANNEL_NAMES: Record<string, Record<ChannelId, string>> = {
  'zh-CN': { 'wechat-pay': '微信支付', alipay: '支付宝', 'unionpay-qr': '银联云闪付', 'non-tax': '非税缴款' },
  'en-US': { 'wechat-pay': 'WeChat Pay', alipay: 'Alipay', 'unionpay-qr': 'UnionPay', 'non-tax': 'Non-tax payment' },
};
const LABELS: Record<string, [string, string, string, string]> = {
  'zh-CN': ['金额', '订单号', '支付方式', '交易流水号'],
  'en-US': ['Amount', 'Order number', 'Paid with', 'Transaction number'],
};

/** Lines for a paid (or delivered) order; throws for an order that took no money. */
export function paymentReceiptLines(order: PaymentOrder, locale = 'zh-CN'): ReceiptLine[] {
  if (!['paid', 'delivering', 'delivered'].includes(order.state) || order.transactionId === null) throw new Error(`order ${order.orderNo} is ${order.state}: no payment receipt`);
  const labels = LABELS[locale] ?? LABELS['zh-CN']!;
  const names = CHANNEL_NAMES[locale] ?? CHANNEL_NAMES['zh-CN']!;
  const fen = order.paidFen ?? order.amountFen;
  return [
    { label: labels[0], value: `¥${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}` },
    { label: labels[1], value: order.orderNo },
    { label: labels[2], value: names[order.channel] },
    { label: labels[3], value: order.transactionId },
  ];
}
