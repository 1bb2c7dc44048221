/**
 * WeChat Pay, merchant API v2 shapes: XML bodies, sign_type=HMAC-SHA256 with the merchant's API
 * key. 付款码支付 pay/micropay, Native pay/unifiedorder (trade_type=NATIVE), pay/orderquery,
 * secapi/pay/reverse (撤销: refunds when paid; recall=Y means call again), pay/closeorder,
 * secapi/pay/refund, pay/downloadbill. The order number is out_trade_no in every call.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { fenFromDigits, nonce, postToChannel, type HttpExchange } from './channel-http.ts';
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
import { sameSignature, wechatSign } from './signing.ts';
import { chinaCompactStamp } from '../../../contract/rules/zoned-time.ts';

export interface WechatPayOptions extends ChannelEndpoint {
  appId: string;
  mchId: string;
  /** The merchant API key (credentials folder: wechat-pay-api-key). */
  apiKey: string;
}

/** err_code values after which no money was taken and none will be: a definite failure. */
const DEFINITE_FAILURES = new Set([
  'AUTHCODEEXPIRE',
  'AUTH_CODE_INVALID',
  'AUTH_CODE_ERROR',
  'NOTENOUGH',
  'NOTSUPORTCARD',
  'BUYER_MISMATCH',
  'PARAM_ERROR',
  'TRADE_ERROR',
  'ORDERPAID_DIFFERENT',
  'INVALID_REQUEST',
  'OUT_TRADE_NO_USED',
]);

const parser = new XMLParser({ parseTagValue: false, trimValues: true });
const builder = new XMLBuilder({ cdataPropName: '__cdata' });

export const toWechatXml = (fields: Record<string, string>): string =>
  builder.build({ xml: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { __cdata: v }])) }) as string;

export function fromWechatXml(text: string): Record<string, string> {
  const parsed = parser.parse(text) as { xml?: Record<string, unknown> };
  const xml = parsed.xml;
  if (xml === undefined || typeof xml !== 'object') throw new Error('not a WeChat Pay XML body');
  return Object.fromEntries(Object.entries(xml).map(([k, v]) => [k, String(v)]));
}

const mapTradeState = (r: Record<string, string>, amountOk: (fen: number | undefined) => number): PayOutcome => {
  switch (r.trade_state) {
    case 'SUCCESS':
      return { kind: 'paid', transactionId: r.transaction_id ?? '', amountFen: amountOk(fenFromDigits(r.total_fee)) };
    case 'USERPAYING':
    case 'NOTPAY':
      return { kind: 'paying' };
    case 'CLOSED':
    case 'REVOKED':
      return { kind: 'closed', code: r.trade_state };
    case 'PAYERROR':
      return { kind: 'failed', code: 'PAYERROR' };
    case 'REFUND':
      return { kind: 'refunded', transactionId: r.transaction_id ?? '' };
    default:
      return { kind: 'unknown', reason: `trade_state ${r.trade_state ?? 'missing'}` };
  }
};

export class WechatPayChannel implements PaymentChannel {
  readonly id = 'wechat-pay' as const;
  readonly #o: WechatPayOptions;

  constructor(options: WechatPayOptions) {
    this.#o = options;
  }

  async #call(path: string, fields: Record<string, string>): Promise<{ kind: 'answer'; r: Record<string, string> } | { kind: 'unknown'; reason: string }> {
    const params: Record<string, string> = { appid: this.#o.appId, mch_id: this.#o.mchId, nonce_str: nonce(), sign_type: 'HMAC-SHA256', ...fields };
    params.sign = wechatSign(params, this.#o.apiKey);
    const sent: HttpExchange = await postToChannel(`${this.#o.baseUrl}${path}`, toWechatXml(params), 'text/xml; charset=utf-8', this.#o.timeoutMs);
    if (sent.kind === 'unknown') return sent;
    let r: Record<string, string>;
    try {
      r = fromWechatXml(sent.body);
    } catch {
      return { kind: 'unknown', reason: `unreadable answer (http ${sent.status})` };
    }
    if (r.return_code !== 'SUCCESS') return { kind: 'unknown', reason: `return_code ${r.return_code ?? 'missing'}` };
    // A signed answer that does not verify could be anyone's: treat it as no answer.
    if (r.sign === undefined || !sameSignature(r.sign, wechatSign(r, this.#o.apiKey))) return { kind: 'unknown', reason: 'answer signature invalid' };
    return { kind: 'answer', r };
  }

  async micropay(order: ChannelOrder, authCode: string): Promise<PayOutcome> {
    const a = await this.#call('/pay/micropay', {
      body: order.subject,
      out_trade_no: order.orderNo,
      total_fee: String(order.amountFen),
      fee_type: 'CNY',
      auth_code: authCode,
      attach: order.purchaseId,
      time_expire: wechatTime(order.expiresAt),
      spbill_create_ip: '127.0.0.1',
    });
    if (a.kind === 'unknown') return a;
    const { r } = a;
    if (r.result_code === 'SUCCESS') return { kind: 'paid', transactionId: r.transaction_id ?? '', amountFen: fenFromDigits(r.total_fee) ?? -1 };
    const code = r.err_code ?? 'UNKNOWN';
    if (code === 'USERPAYING') return { kind: 'paying' };
    if (code === 'ORDERCLOSED' || code === 'ORDERREVERSED') return { kind: 'closed', code };
    if (DEFINITE_FAILURES.has(code)) return { kind: 'failed', code };
    // SYSTEMERROR, BANKERROR and anything new: the money may have moved; query.
    return { kind: 'unknown', reason: code };
  }

  async createNative(order: ChannelOrder): Promise<CreateNativeOutcome> {
    const a = await this.#call('/pay/unifiedorder', {
      body: order.subject,
      out_trade_no: order.orderNo,
      total_fee: String(order.amountFen),
      fee_type: 'CNY',
      trade_type: 'NATIVE',
      product_id: order.purchaseId,
      attach: order.purchaseId,
      time_expire: wechatTime(order.expiresAt),
      // Required by unifiedorder; without a relay the channel's notifications go nowhere useful and queries settle.
      notify_url: this.#o.notifyUrl ?? `${this.#o.baseUrl}/notify-sink`,
      spbill_create_ip: '127.0.0.1',
    });
    if (a.kind === 'unknown') return a;
    if (a.r.result_code === 'SUCCESS' && a.r.code_url) return { kind: 'created', codeUrl: a.r.code_url };
    const code = a.r.err_code ?? 'UNKNOWN';
    return code === 'SYSTEMERROR' ? { kind: 'unknown', reason: code } : { kind: 'failed', code };
  }

  async query(order: ChannelOrder): Promise<PayOutcome> {
    const a = await this.#call('/pay/orderquery', { out_trade_no: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.r.result_code !== 'SUCCESS') {
      // ORDERNOTEXIST: not arrived yet, or never will; a request in flight may still create it.
      return a.r.err_code === 'ORDERNOTEXIST' ? { kind: 'not-found' } : { kind: 'unknown', reason: a.r.err_code ?? 'query failed' };
    }
    return mapTradeState(a.r, (fen) => fen ?? -1);
  }

  async reverse(order: ChannelOrder): Promise<ReverseOutcome> {
    const a = await this.#call('/secapi/pay/reverse', { out_trade_no: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.r.result_code === 'SUCCESS') return { kind: 'done' };
    if (a.r.recall === 'Y') return { kind: 'retry', reason: a.r.err_code ?? 'recall' };
    const code = a.r.err_code ?? 'UNKNOWN';
    if (code === 'ORDERNOTEXIST') return { kind: 'done' };
    return code === 'SYSTEMERROR' ? { kind: 'unknown', reason: code } : { kind: 'refused', code };
  }

  async close(order: ChannelOrder): Promise<CloseOutcome> {
    const a = await this.#call('/pay/closeorder', { out_trade_no: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.r.result_code === 'SUCCESS') return { kind: 'closed' };
    const code = a.r.err_code ?? 'UNKNOWN';
    if (code === 'ORDERPAID') return { kind: 'paid' };
    if (code === 'ORDERCLOSED' || code === 'ORDERNOTEXIST') return { kind: 'closed' };
    return { kind: 'unknown', reason: code };
  }

  async refund(order: ChannelOrder, refundFen: number): Promise<RefundOutcome> {
    const a = await this.#call('/secapi/pay/refund', {
      out_trade_no: order.orderNo,
      // One refund per order, so its number is derived: a retried refund is the same refund.
      out_refund_no: `${order.orderNo}R`,
      total_fee: String(order.amountFen),
      refund_fee: String(refundFen),
    });
    if (a.kind === 'unknown') return a;
    if (a.r.result_code === 'SUCCESS') return { kind: 'refunded' };
    const code = a.r.err_code ?? 'UNKNOWN';
    return code === 'SYSTEMERROR' || code === 'BIZERR_NEED_RETRY' ? { kind: 'unknown', reason: code } : { kind: 'refused', code };
  }

  async statement(day: string): Promise<StatementLine[]> {
    const a = await this.#call('/pay/downloadbill', { bill_date: day.replaceAll('-', ''), bill_type: 'ALL' });
    if (a.kind === 'unknown') throw new Error(`statement for ${day} not available: ${a.reason}`);
    // The bill comes as CSV text in <data>; each field is prefixed with ` as the platform does.
    return parseCsvStatement(a.r.data ?? '');
  }

  parseNotification(body: string): ChannelNotification {
    let r: Record<string, string>;
    try {
      r = fromWechatXml(body);
    } catch {
      throw new NotificationRejected('not a WeChat Pay XML body');
    }
    if (r.sign === undefined || !sameSignature(r.sign, wechatSign(r, this.#o.apiKey))) throw new NotificationRejected('signature invalid');
    if (r.mch_id !== this.#o.mchId || r.appid !== this.#o.appId) throw new NotificationRejected('another merchant');
    if (r.out_trade_no === undefined) throw new NotificationRejected('no order number');
    const outcome: PayOutcome =
      r.result_code === 'SUCCESS'
        ? { kind: 'paid', transactionId: r.transaction_id ?? '', amountFen: fenFromDigits(r.total_fee) ?? -1 }
        : { kind: 'unknown', reason: r.err_code ?? 'notification without success' };
    return { orderNo: r.out_trade_no, outcome };
  }
}

/** yyyyMMddHHmmss in China time, as the v2 API wants. */
function wechatTime(at: Date): string {
  return chinaCompactStamp(at);
}

/** Shared by the channels whose statement is CSV: orderNo,transactionId,kind,amountFen per line. */
export function parseCsvStatement(text: string): StatementLine[] {
  const lines: StatementLine[] = [];
  for (const raw of text.split('\n').slice(1)) {
    const cells = raw.split(',').map((c) => c.trim().replace(/^`/, ''));
    if (cells.length < 4 || cells[0] === '') continue;
    const [orderNo, transactionId, kind, amount] = cells as [string, string, string, string];
    if ((kind !== 'payment' && kind !== 'refund') || !/^-?\d+$/.test(amount)) throw new Error(`statement line not understood: ${raw.slice(0, 80)}`);
    lines.push({ orderNo, transactionId, kind, amountFen: Number(amount) });
  }
  return lines;
}
