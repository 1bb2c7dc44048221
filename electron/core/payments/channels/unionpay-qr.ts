/**
 * UnionPay QR (银联二维码, acquirer back-end interface 5.1.0 shapes): form POSTs to
 * /gateway/api/backTransReq.do (query: queryTrans.do) with version, encoding, signMethod=11
 * (SHA-256 with the secure key), txnType, txnSubType, bizType, accessType, merId, orderId, txnTime,
 * txnAmt (fen), currencyCode 156. Consume with the citizen's code (txnType 01 / 06, qrNo), apply
 * for a merchant code (01 / 07, answers qrCode), query (00: origRespCode is the order's), revoke
 * (31, also closes an unpaid order), refund (04). respCode 00 success; 03, 04, 05 still in
 * progress (query); other codes are refusals.
 */
import { fenFromDigits, postToChannel } from './channel-http.ts';
import { parseCsvStatement } from './wechat-pay.ts';
import {
  NotificationRejected,
  type ChannelEndpoint,
  type ChannelNotification,
  type ChannelOrder,
  type CloseOutcome,
  type CreateNativeOutcome,
  type PayOutcome,
  type PaymentChannel,
  type RefundOutcome,
  type ReverseOutcome,
  type StatementLine,
} from './payment-channel.ts';
import { sameSignature, unionpaySign } from './signing.ts';
import { chinaCompactStamp } from '../../../contract/rules/zoned-time.ts';

export interface UnionpayQrOptions extends ChannelEndpoint {
  merId: string;
  /** credentials folder: unionpay-secure-key */
  secureKey: string;
}

const IN_PROGRESS = new Set(['03', '04', '05']);
const ORDER_NOT_FOUND = '34';

type Answer = { kind: 'answer'; r: Record<string, string> } | { kind: 'unknown'; reason: string };

const txnTime = chinaCompactStamp;

export class UnionpayQrChannel implements PaymentChannel {
  readonly id = 'unionpay-qr' as const;
  readonly #o: UnionpayQrOptions;

  constructor(options: UnionpayQrOptions) {
    this.#o = options;
  }

  async #call(path: string, fields: Record<string, string>): Promise<Answer> {
    const params: Record<string, string> = {
      version: '5.1.0',
      encoding: 'UTF-8',
      signMethod: '11',
      bizType: '000000',
      accessType: '0',
      channelType: '08',
      merId: this.#o.merId,
      txnTime: txnTime(new Date()),
      ...fields,
    };
    params.signature = unionpaySign(params, this.#o.secureKey);
    const sent = await postToChannel(`${this.#o.baseUrl}${path}`, new URLSearchParams(params).toString(), 'application/x-www-form-urlencoded;charset=UTF-8', this.#o.timeoutMs);
    if (sent.kind === 'unknown') return sent;
    const r = Object.fromEntries(new URLSearchParams(sent.body));
    if (r.signature === undefined || !sameSignature(r.signature, unionpaySign(r, this.#o.secureKey))) return { kind: 'unknown', reason: 'answer signature invalid' };
    return { kind: 'answer', r };
  }

  #orderState(code: string | undefined, r: Record<string, string>): PayOutcome {
    if (code === '00') return { kind: 'paid', transactionId: r.queryId ?? '', amountFen: fenFromDigits(r.txnAmt) ?? -1 };
    if (code !== undefined && IN_PROGRESS.has(code)) return { kind: 'paying' };
    if (code === 'A1') return { kind: 'closed', code: 'revoked' };
    if (code === 'A2') return { kind: 'refunded', transactionId: r.queryId ?? '' };
    return { kind: 'failed', code: code ?? 'missing' };
  }

  async micropay(order: ChannelOrder, authCode: string): Promise<PayOutcome> {
    const a = await this.#call('/gateway/api/backTransReq.do', {
      txnType: '01',
      txnSubType: '06',
      orderId: order.orderNo,
      txnAmt: String(order.amountFen),
      currencyCode: '156',
      qrNo: authCode,
      reqReserved: order.purchaseId,
      payTimeout: txnTime(order.expiresAt),
      ...(this.#o.notifyUrl === undefined ? {} : { backUrl: this.#o.notifyUrl }),
    });
    if (a.kind === 'unknown') return a;
    const code = a.r.respCode;
    if (code === '00') return { kind: 'paid', transactionId: a.r.queryId ?? '', amountFen: fenFromDigits(a.r.txnAmt) ?? -1 };
    if (code !== undefined && IN_PROGRESS.has(code)) return { kind: 'unknown', reason: `respCode ${code}` };
    if (code === '12') return { kind: 'unknown', reason: 'duplicate request' };
    return { kind: 'failed', code: code ?? 'missing' };
  }

  async createNative(order: ChannelOrder): Promise<CreateNativeOutcome> {
    const a = await this.#call('/gateway/api/backTransReq.do', {
      txnType: '01',
      txnSubType: '07',
      orderId: order.orderNo,
      txnAmt: String(order.amountFen),
      currencyCode: '156',
      reqReserved: order.purchaseId,
      payTimeout: txnTime(order.expiresAt),
      ...(this.#o.notifyUrl === undefined ? {} : { backUrl: this.#o.notifyUrl }),
    });
    if (a.kind === 'unknown') return a;
    if (a.r.respCode === '00' && a.r.qrCode) return { kind: 'created', codeUrl: a.r.qrCode };
    return IN_PROGRESS.has(a.r.respCode ?? '') ? { kind: 'unknown', reason: `respCode ${a.r.respCode}` } : { kind: 'failed', code: a.r.respCode ?? 'missing' };
  }

  async query(order: ChannelOrder): Promise<PayOutcome> {
    const a = await this.#call('/gateway/api/queryTrans.do', { txnType: '00', txnSubType: '00', orderId: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.r.respCode === ORDER_NOT_FOUND) return { kind: 'not-found' };
    if (a.r.respCode !== '00') return { kind: 'unknown', reason: `respCode ${a.r.respCode}` };
    return this.#orderState(a.r.origRespCode, a.r);
  }

  async reverse(order: ChannelOrder): Promise<ReverseOutcome> {
    const a = await this.#call('/gateway/api/backTransReq.do', { txnType: '31', txnSubType: '00', orderId: `${order.orderNo}C`, origOrderId: order.orderNo, txnAmt: String(order.amountFen) });
    if (a.kind === 'unknown') return a;
    const code = a.r.respCode;
    if (code === '00' || code === ORDER_NOT_FOUND) return { kind: 'done' };
    if (code !== undefined && IN_PROGRESS.has(code)) return { kind: 'retry', reason: `respCode ${code}` };
    return { kind: 'refused', code: code ?? 'missing' };
  }

  async close(order: ChannelOrder): Promise<CloseOutcome> {
    const reversed = await this.reverse(order);
    if (reversed.kind === 'done') return { kind: 'closed' };
    if (reversed.kind === 'refused' && reversed.code === 'paid') return { kind: 'paid' };
    return { kind: 'unknown', reason: reversed.kind === 'refused' ? reversed.code : reversed.reason };
  }

  async refund(order: ChannelOrder, refundFen: number): Promise<RefundOutcome> {
    const a = await this.#call('/gateway/api/backTransReq.do', { txnType: '04', txnSubType: '00', orderId: `${order.orderNo}R`, origOrderId: order.orderNo, txnAmt: String(refundFen) });
    if (a.kind === 'unknown') return a;
    const code = a.r.respCode;
    if (code === '00') return { kind: 'refunded' };
    if (code !== undefined && IN_PROGRESS.has(code)) return { kind: 'pending' };
    return { kind: 'refused', code: code ?? 'missing' };
  }

  async statement(day: string): Promise<StatementLine[]> {
    const a = await this.#call('/gateway/api/fileTransReq.do', { txnType: '76', txnSubType: '01', settleDate: day.replaceAll('-', '').slice(4), fileType: '00' });
    if (a.kind === 'unknown' || a.r.respCode !== '00') throw new Error(`statement for ${day} not available`);
    return parseCsvStatement(Buffer.from(a.r.fileContent ?? '', 'base64').toString('utf8'));
  }

  /** Back notifications (backUrl) carry the same signed fields as a query answer. */
  parseNotification(body: string): ChannelNotification {
    const r = Object.fromEntries(new URLSearchParams(body));
    if (r.signature === undefined || !sameSignature(r.signature, unionpaySign(r, this.#o.secureKey))) throw new NotificationRejected('signature invalid');
    if (r.merId !== this.#o.merId) throw new NotificationRejected('another merchant');
    if (r.orderId === undefined) throw new NotificationRejected('no order number');
    return { orderNo: r.orderId, outcome: this.#orderState(r.respCode, r) };
  }
}
