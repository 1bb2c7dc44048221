/**
 * What the engine needs from a payment channel, in the engine's terms. Each adapter maps its
 * platform's wire shape (fields, signing, result codes) onto these results; the mapping of codes
 * to "failed" is deliberately narrow: anything a channel does not say is a definite refusal is
 * 'unknown', because calling an unknown outcome "failed" is how citizens get charged twice.
 */
export const CHANNEL_IDS = ['unionpay-qr', 'wechat-pay', 'alipay', 'non-tax'] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

export interface ChannelOrder {
  /** The idempotency key of every call about this order (out_trade_no / orderId). */
  orderNo: string;
  amountFen: number;
  subject: string;
  /** Carried through the channel (attach / passback) so statements name the purchase. */
  purchaseId: string;
  /** When the channel must stop accepting payment for it. */
  expiresAt: Date;
  /** 缴款码 for the non-tax platform. */
  noticeNo?: string;
}

export type PayOutcome =
  | { kind: 'paid'; transactionId: string; amountFen: number }
  /** The citizen is still confirming on the phone (USERPAYING / WAIT_BUYER_PAY), or a native order not yet paid. */
  | { kind: 'paying' }
  /** The channel says no money was or will be taken for this order. */
  | { kind: 'failed'; code: string }
  /** Closed, revoked or expired at the channel: it can never be paid now. */
  | { kind: 'closed'; code: string }
  /** Paid once and refunded (fully) since. */
  | { kind: 'refunded'; transactionId: string }
  /** The channel has no such order (yet): a request still in flight may create it, so not "failed". */
  | { kind: 'not-found' }
  | { kind: 'unknown'; reason: string };

export type CreateNativeOutcome = { kind: 'created'; codeUrl: string } | { kind: 'failed'; code: string } | { kind: 'unknown'; reason: string };

/** done: revoked (and refunded when it was paid); retry: the channel asks to call again. */
export type ReverseOutcome = { kind: 'done' } | { kind: 'retry'; reason: string } | { kind: 'refused'; code: string } | { kind: 'unknown'; reason: string };

export type CloseOutcome = { kind: 'closed' } | { kind: 'paid' } | { kind: 'unknown'; reason: string };

export type RefundOutcome = { kind: 'refunded' } | { kind: 'pending' } | { kind: 'refused'; code: string } | { kind: 'unknown'; reason: string };

/** One line of the channel's daily statement (对账单), in the engine's terms. */
export interface StatementLine {
  orderNo: string;
  transactionId: string;
  /** Money taken (positive) or given back (refund, negative). */
  amountFen: number;
  kind: 'payment' | 'refund';
}

/** A payment notification the channel pushed; verified before it is believed. */
export interface ChannelNotification {
  orderNo: string;
  outcome: PayOutcome;
}

export interface PaymentChannel {
  readonly id: ChannelId;
  /** 付款码: charge the code the citizen showed the scanner. */
  micropay(order: ChannelOrder, authCode: string): Promise<PayOutcome>;
  /** 主扫: an order the citizen pays by scanning the returned code with the phone. */
  createNative(order: ChannelOrder): Promise<CreateNativeOutcome>;
  query(order: ChannelOrder): Promise<PayOutcome>;
  reverse(order: ChannelOrder): Promise<ReverseOutcome>;
  close(order: ChannelOrder): Promise<CloseOutcome>;
  refund(order: ChannelOrder, refundFen: number): Promise<RefundOutcome>;
  statement(day: string): Promise<StatementLine[]>;
  /** Throws NotificationRejected for a body whose signature or merchant does not check out. */
  parseNotification(body: string): ChannelNotification;
}

export class NotificationRejected extends Error {
  constructor(reason: string) {
    super(`payment notification rejected: ${reason}`);
    this.name = 'NotificationRejected';
  }
}

/** Fields and secrets an adapter is built from (config: ids; credentials folder: keys). */
export interface ChannelEndpoint {
  baseUrl: string;
  timeoutMs: number;
  /** Where the channel posts its notifications for this terminal (the console's relay); absent: none asked for. */
  notifyUrl?: string;
}
