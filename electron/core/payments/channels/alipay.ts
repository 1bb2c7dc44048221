/**
 * Alipay open platform shapes: a form POST to the gateway with app_id, method, charset, sign_type
 * RSA2, timestamp, version and biz_content (JSON); the answer is JSON with a `<method>_response`
 * member signed by Alipay (verified with Alipay's public key). alipay.trade.pay (scene bar_code),
 * alipay.trade.precreate (qr_code), .query, .cancel (撤销: retry_flag Y means call again), .close,
 * .refund, alipay.data.dataservice.bill.downloadurl.query. Code 10000 success, 10003 waiting for
 * the buyer, 20000 unknown, 40004 business refusal with a sub_code.
 */
import { fenToYuan, postToChannel, yuanToFen } from './channel-http.ts';
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
import { alipaySign, rsa2Verify, sortedPairs } from './signing.ts';
import { chinaWallClock } from '../../../contract/rules/zoned-time.ts';

export interface AlipayOptions extends ChannelEndpoint {
  appId: string;
  /** The app's RSA private key (credentials folder: alipay-app-private-key.pem). */
  appPrivateKey: string;
  /** Alipay's public key (credentials folder: alipay-public-key.pem). */
  alipayPublicKey: string;
}

const DEFINITE_FAILURES = new Set([
  'ACQ.PAYMENT_AUTH_CODE_INVALID',
  'ACQ.BUYER_BALANCE_NOT_ENOUGH',
  'ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH',
  'ACQ.TOTAL_FEE_EXCEED',
  'ACQ.INVALID_PARAMETER',
  'ACQ.TRADE_BUYER_NOT_MATCH',
  'ACQ.CONTEXT_INCONSISTENT',
]);

type Answer = { kind: 'answer'; code: string; subCode: string | undefined; r: Record<string, string> } | { kind: 'unknown'; reason: string };

/** The exact text of the response member, which is what Alipay signs. */
export function responseMember(text: string, name: string): string | undefined {
  const start = text.indexOf(`"${name}":`);
  const end = text.lastIndexOf(',"sign":');
  if (start < 0 || end < 0 || end < start) return undefined;
  return text.slice(start + name.length + 3, end);
}

export class AlipayChannel implements PaymentChannel {
  readonly id = 'alipay' as const;
  readonly #o: AlipayOptions;

  constructor(options: AlipayOptions) {
    this.#o = options;
  }

  async #call(method: string, biz: Record<string, unknown>): Promise<Answer> {
    const params: Record<string, string> = {
      app_id: this.#o.appId,
      method,
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: chinaWallClock(new Date()).replace('T', ' '),
      version: '1.0',
      biz_content: JSON.stringify(biz),
      // A public parameter: the payments that can be notified are the ones asked with it.
      ...(this.#o.notifyUrl !== undefined && (method === 'alipay.trade.pay' || method === 'alipay.trade.precreate') ? { notify_url: this.#o.notifyUrl } : {}),
    };
    params.sign = alipaySign(params, this.#o.appPrivateKey);
    const form = new URLSearchParams(params).toString();
    const sent = await postToChannel(`${this.#o.baseUrl}/gateway.do`, form, 'application/x-www-form-urlencoded;charset=utf-8', this.#o.timeoutMs);
    if (sent.kind === 'unknown') return sent;
    const name = `${method.replaceAll('.', '_')}_response`;
    const member = responseMember(sent.body, name);
    let sign: unknown;
    try {
      sign = (JSON.parse(sent.body) as { sign?: unknown }).sign;
    } catch {
      return { kind: 'unknown', reason: `unreadable answer (http ${sent.status})` };
    }
    if (member === undefined || typeof sign !== 'string' || !rsa2Verify(member, sign, this.#o.alipayPublicKey)) return { kind: 'unknown', reason: 'answer signature invalid' };
    const r = JSON.parse(member) as Record<string, string>;
    return { kind: 'answer', code: String(r.code), subCode: r.sub_code, r };
  }

  #paidOrWaiting(r: Record<string, string>): PayOutcome {
    switch (r.trade_status) {
      case 'TRADE_SUCCESS':
      case 'TRADE_FINISHED':
        return { kind: 'paid', transactionId: r.trade_no ?? '', amountFen: yuanToFen(r.total_amount) ?? -1 };
      case 'WAIT_BUYER_PAY':
        return { kind: 'paying' };
      case 'TRADE_CLOSED':
        // Closed after a full refund shows as TRADE_CLOSED too; the refund fields tell.
        return r.refund_fee !== undefined && r.refund_fee !== '0.00' ? { kind: 'refunded', transactionId: r.trade_no ?? '' } : { kind: 'closed', code: 'TRADE_CLOSED' };
      default:
        return { kind: 'unknown', reason: `trade_status ${r.trade_status ?? 'missing'}` };
    }
  }

  async micropay(order: ChannelOrder, authCode: string): Promise<PayOutcome> {
    const a = await this.#call('alipay.trade.pay', {
      out_trade_no: order.orderNo,
      scene: 'bar_code',
      auth_code: authCode,
      subject: order.subject,
      total_amount: fenToYuan(order.amountFen),
      passback_params: order.purchaseId,
      time_expire: order.expiresAt.toISOString(),
    });
    if (a.kind === 'unknown') return a;
    if (a.code === '10000') return { kind: 'paid', transactionId: a.r.trade_no ?? '', amountFen: yuanToFen(a.r.total_amount) ?? -1 };
    if (a.code === '10003') return { kind: 'paying' };
    if (a.code === '40004' && a.subCode !== undefined && DEFINITE_FAILURES.has(a.subCode)) return { kind: 'failed', code: a.subCode };
    if (a.subCode === 'ACQ.TRADE_HAS_CLOSE') return { kind: 'closed', code: a.subCode };
    return { kind: 'unknown', reason: a.subCode ?? a.code };
  }

  async createNative(order: ChannelOrder): Promise<CreateNativeOutcome> {
    const a = await this.#call('alipay.trade.precreate', {
      out_trade_no: order.orderNo,
      subject: order.subject,
      total_amount: fenToYuan(order.amountFen),
      passback_params: order.purchaseId,
      time_expire: order.expiresAt.toISOString(),
    });
    if (a.kind === 'unknown') return a;
    if (a.code === '10000' && a.r.qr_code) return { kind: 'created', codeUrl: a.r.qr_code };
    return a.code === '40004' ? { kind: 'failed', code: a.subCode ?? a.code } : { kind: 'unknown', reason: a.subCode ?? a.code };
  }

  async query(order: ChannelOrder): Promise<PayOutcome> {
    const a = await this.#call('alipay.trade.query', { out_trade_no: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.code === '10000') return this.#paidOrWaiting(a.r);
    if (a.subCode === 'ACQ.TRADE_NOT_EXIST') return { kind: 'not-found' };
    return { kind: 'unknown', reason: a.subCode ?? a.code };
  }

  async reverse(order: ChannelOrder): Promise<ReverseOutcome> {
    const a = await this.#call('alipay.trade.cancel', { out_trade_no: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.code === '10000') return a.r.retry_flag === 'Y' ? { kind: 'retry', reason: 'retry_flag' } : { kind: 'done' };
    if (a.subCode === 'ACQ.TRADE_NOT_EXIST') return { kind: 'done' };
    if (a.code === '40004' && a.r.retry_flag !== 'Y') return { kind: 'refused', code: a.subCode ?? a.code };
    return { kind: 'retry', reason: a.subCode ?? a.code };
  }

  async close(order: ChannelOrder): Promise<CloseOutcome> {
    const a = await this.#call('alipay.trade.close', { out_trade_no: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.code === '10000' || a.subCode === 'ACQ.TRADE_NOT_EXIST') return { kind: 'closed' };
    if (a.subCode === 'ACQ.TRADE_STATUS_ERROR') return { kind: 'paid' };
    return { kind: 'unknown', reason: a.subCode ?? a.code };
  }

  async refund(order: ChannelOrder, refundFen: number): Promise<RefundOutcome> {
    const a = await this.#call('alipay.trade.refund', { out_trade_no: order.orderNo, refund_amount: fenToYuan(refundFen), out_request_no: `${order.orderNo}R` });
    if (a.kind === 'unknown') return a;
    if (a.code === '10000') return a.r.fund_change === 'Y' || a.r.refund_fee !== undefined ? { kind: 'refunded' } : { kind: 'pending' };
    return a.code === '40004' ? { kind: 'refused', code: a.subCode ?? a.code } : { kind: 'unknown', reason: a.subCode ?? a.code };
  }

  async statement(day: string): Promise<StatementLine[]> {
    const a = await this.#call('alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: day });
    if (a.kind === 'unknown' || a.code !== '10000' || !a.r.bill_download_url) throw new Error(`statement for ${day} not available`);
    const url = new URL(a.r.bill_download_url);
    // The download address must be the gateway's own host: a forged answer cannot send us elsewhere.
    if (url.origin !== new URL(this.#o.baseUrl).origin) throw new Error('statement address on another host');
    const response = await fetch(url, { signal: AbortSignal.timeout(this.#o.timeoutMs) });
    if (!response.ok) throw new Error(`statement download http ${response.status}`);
    return parseCsvStatement(await response.text());
  }

  /** Asynchronous notifications are form posts signed over all fields except sign and sign_type. */
  parseNotification(body: string): ChannelNotification {
    const fields = Object.fromEntries(new URLSearchParams(body));
    const sign = fields.sign;
    if (sign === undefined || !rsa2Verify(sortedPairs(fields, ['sign', 'sign_type']), sign, this.#o.alipayPublicKey)) throw new NotificationRejected('signature invalid');
    if (fields.app_id !== this.#o.appId) throw new NotificationRejected('another app');
    if (fields.out_trade_no === undefined) throw new NotificationRejected('no order number');
    return { orderNo: fields.out_trade_no, outcome: this.#paidOrWaiting(fields) };
  }
}
