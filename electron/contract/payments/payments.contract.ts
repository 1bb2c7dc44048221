/**
 * Payments (a capability a service journey embeds, not a service): the citizen pays for a purchase
 * the core already knows (a fine's decision, a notice's 缴款码) either by showing the wallet's
 * payment code to the terminal's scanner (付款码) or by scanning the terminal's code with the phone
 * (主扫). The amount comes from the core's own quote; the screen sends the amount it showed, and
 * a difference is refused, so a citizen is never charged what they did not see.
 */
import { z } from 'zod';
import { method, result, UPSTREAM_MS } from '../method.ts';
import { scanTimeoutMs } from '../services/shared/request-parts.ts';

export const PAYMENT_CHANNELS = ['unionpay-qr', 'wechat-pay', 'alipay', 'non-tax'] as const;
export type PaymentChannelId = (typeof PAYMENT_CHANNELS)[number];

/**
 * What the screen shows: paid; waiting for the phone; confirming (an unknown outcome, never
 * "failed"; staff or an automatic refund follow); failed (nothing taken); closed (cancelled, nothing
 * taken); refunded (money returned).
 */
export type PaymentDisplay = 'paid' | 'waiting' | 'confirming' | 'failed' | 'closed' | 'refunded';

/** Why a payment was refused before any money moved, or why the channel declined. */
export type PaymentProblem =
  | 'not-a-payment-code'
  | 'amount-mismatch'
  | 'purchase-unknown'
  | 'purchase-in-progress'
  | 'channel-unavailable'
  | 'declined'
  | 'amount-differs-from-notice';

export interface PaymentView {
  orderNo: string;
  display: PaymentDisplay;
  channel: PaymentChannelId;
  amountFen: number;
  /** The channel's transaction number, for the receipt (never a card number). */
  transactionId?: string;
  problem?: PaymentProblem;
}

export interface PaymentOffer {
  /** The channels this terminal takes, for the "scan with the phone" choice. */
  channels: PaymentChannelId[];
  amountFen: number;
  subject: string;
}

const purpose = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);
const purchaseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const orderNo = z.string().regex(/^[A-Za-z0-9]{8,32}$/);
const shownFen = z.number().int().min(1).max(100_000_000);
const purchaseRequest = { purpose, purchaseId, shownFen };

export const paymentMethods = {
  /** What a purchase costs and how it can be paid here. */
  paymentOffer: method({
    service: 'payments',
    access: 'citizen',
    timeoutMs: UPSTREAM_MS,
    request: z.object({ purpose, purchaseId }).strict(),
    result: result<PaymentOffer>(),
  }),
  /** Waits for the scanner to read the citizen's payment code, then charges it and waits until settled. */
  payByScan: method({
    service: 'payments',
    access: 'citizen',
    inServiceOnly: true,
    // Scan wait + the micropay settle limit (user confirming on the phone) + reversing.
    timeoutMs: UPSTREAM_MS * 3,
    request: z.object({ ...purchaseRequest, timeoutMs: scanTimeoutMs }).strict(),
    result: result<PaymentView>(),
  }),
  /** A code for the citizen's phone; the screen then polls checkPayment. */
  startNativePayment: method({
    service: 'payments',
    access: 'citizen',
    inServiceOnly: true,
    timeoutMs: UPSTREAM_MS,
    request: z.object({ ...purchaseRequest, channel: z.enum(PAYMENT_CHANNELS) }).strict(),
    result: result<{ payment: PaymentView; codeUrl?: string }>(),
  }),
  checkPayment: method({
    service: 'payments',
    access: 'citizen',
    timeoutMs: UPSTREAM_MS,
    request: z.object({ orderNo }).strict(),
    result: result<PaymentView>(),
  }),
  /** The citizen chose another way or left: the order is closed so it can never be paid later. */
  cancelPayment: method({
    service: 'payments',
    access: 'citizen',
    timeoutMs: UPSTREAM_MS,
    request: z.object({ orderNo }).strict(),
    result: result<PaymentView>(),
  }),
} as const;
