import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paymentReceiptLines } from '../../../../../electron/core/payments/payment-receipt.ts';
import { PrintTexts } from '../../../../../electron/core/printing/print-texts.ts';
import type { PaymentOrder } from '../../../../../electron/core/payments/payment-journal.ts';

const order: PaymentOrder = {
  orderNo: 'KM0001261205003000ABCDEFGH',
  purchaseId: 'P1',
  purpose: 'traffic-violation',
  channel: 'unionpay-qr',
  method: 'micropay',
  amountFen: 20050,
  subject: '罚款',
  noticeNo: null,
  state: 'delivered',
  transactionId: '4200000001',
  paidFen: 20050,
  detail: null,
  checks: 0,
  nextCheckAt: null,
  deadlineAt: '2026-12-04T16:31:00Z',
  createdAt: '2026-12-04T16:30:00Z',
  updatedAt: '2026-12-04T16:30:01Z',
};

// The shipped print packs: the wording is theirs, not the code's.
const texts = PrintTexts.load(join(import.meta.dirname, '../../../../../resources/locales/print'));
const zh = texts.slip('zh-CN').payment;
const en = texts.slip('en-US').payment;

describe('payment receipt lines', () => {
  it('shows the amount, order number, channel and transaction number, and nothing else', () => {
    expect(paymentReceiptLines(order, zh)).toEqual([
      { label: '金额', value: '200.50 元' },
      { label: '订单号', value: 'KM0001261205003000ABCDEFGH' },
      { label: '支付方式', value: '银联云闪付' },
      { label: '交易流水号', value: '4200000001' },
    ]);
    expect(paymentReceiptLines(order, en)).toEqual([
      { label: 'Amount', value: 'CNY 200.50' },
      { label: 'Order number', value: 'KM0001261205003000ABCDEFGH' },
      { label: 'Paid with', value: 'UnionPay' },
      { label: 'Transaction number', value: '4200000001' },
    ]);
  });

  it('refuses an order that took no money', () => {
    expect(() => paymentReceiptLines({ ...order, state: 'reversed', transactionId: null }, zh)).toThrow(/no payment receipt/);
  });
});
