/**
 * The government non-tax payment platform (非税收入统一缴款): the citizen's 缴款码 names a payment
 * notice whose amount the platform holds; the terminal collects it by payment code or by a QR code
 * the platform issues. JSON over POST /nontax/v1/<op>, headers X-App-Id, X-Timestamp, X-Nonce and
 * X-Signature (HMAC-SHA256, base64, over appId, timestamp, nonce and body); answers are signed the
 * same way. code 0000 success, P001 waiting for the payer, S999 / anything 5xx unknown, E… refusals
 * (E102: the amount is not the notice's).
 */
import { nonce, postToChannel } from './channel-http.ts';
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
import { nonTaxSign, sameSignature } from './signing.ts';

export interface NonTaxOptions extends ChannelEndpoint {
  appId: string;
  /** Agency code of the collecting unit (执收单位编码). */
  agencyCode: string;
  /** credentials folder: non-tax-app-secret */
  appSecret: string;
}

type Answer = { kind: 'answer'; code: string; data: Record<string, unknown> } | { kind: 'unknown'; reason: string };

export class NonTaxChannel implements PaymentChannel {
  readonly id = 'non-tax' as const;
  readonly #o: NonTaxOptions;

  constructor(options: NonTaxOptions) {
    this.#o = options;
  }

  async #call(op: string, payload: Record<string, unknown>): Promise<Answer> {
    const body = JSON.stringify({ agencyCode: this.#o.agencyCode, ...payload });
    const timestamp = String(Date.now());
    const n = nonce();
    const headers = { 'x-app-id': this.#o.appId, 'x-timestamp': timestamp, 'x-nonce': n, 'x-signature': nonTaxSign(this.#o.appId, timestamp, n, body, this.#o.appSecret) };
    // The answer's signature rides in its body (signed over the data's JSON text), so one call reads both.
    const sent = await postToChannel(`${this.#o.baseUrl}/nontax/v1/${op}`, body, 'application/json', this.#o.timeoutMs, headers);
    if (sent.kind === 'unknown') return sent;
    let parsed: { code?: unknown; data?: unknown; timestamp?: unknown; nonce?: unknown; signature?: unknown };
    try {
      parsed = JSON.parse(sent.body) as typeof parsed;
    } catch {
      return { kind: 'unknown', reason: `unreadable answer (http ${sent.status})` };
    }
    const dataText = JSON.stringify(parsed.data ?? {});
    const expected = nonTaxSign(this.#o.appId, String(parsed.timestamp), String(parsed.nonce), `${String(parsed.code)}${dataText}`, this.#o.appSecret);
    if (typeof parsed.signature !== 'string' || !sameSignature(parsed.signature, expected)) return { kind: 'unknown', reason: 'answer signature invalid' };
    const code = String(parsed.code);
    if (code === 'S999') return { kind: 'unknown', reason: 'platform system error' };
    return { kind: 'answer', code, data: (parsed.data ?? {}) as Record<string, unknown> };
  }

  #state(data: Record<string, unknown>): PayOutcome {
    const status = String(data.status);
    const tx = String(data.payId ?? '');
    if (status === 'PAID') return { kind: 'paid', transactionId: tx, amountFen: typeof data.amountFen === 'number' ? data.amountFen : -1 };
    if (status === 'PAYING' || status === 'UNPAID') return { kind: 'paying' };
    if (status === 'CLOSED' || status === 'CANCELLED') return { kind: 'closed', code: status };
    if (status === 'REFUNDED') return { kind: 'refunded', transactionId: tx };
    if (status === 'FAILED') return { kind: 'failed', code: String(data.reason ?? 'FAILED') };
    return { kind: 'unknown', reason: `status ${status}` };
  }

  #order(order: ChannelOrder): Record<string, unknown> {
    return { orderNo: order.orderNo, noticeNo: order.noticeNo ?? order.purchaseId, amountFen: order.amountFen, expiresAt: order.expiresAt.toISOString() };
  }

  async micropay(order: ChannelOrder, authCode: string): Promise<PayOutcome> {
    const a = await this.#call('pay', { ...this.#order(order), payCode: authCode, ...this.#notify() });
    if (a.kind === 'unknown') return a;
    if (a.code === '0000') return this.#state(a.data);
    if (a.code === 'P001') return { kind: 'paying' };
    return { kind: 'failed', code: a.code };
  }

  async createNative(order: ChannelOrder): Promise<CreateNativeOutcome> {
    const a = await this.#call('precreate', { ...this.#order(order), ...this.#notify() });
    if (a.kind === 'unknown') return a;
    if (a.code === '0000' && typeof a.data.qrCode === 'string') return { kind: 'created', codeUrl: a.data.qrCode };
    return { kind: 'failed', code: a.code };
  }

  #notify(): { notifyUrl?: string } {
    return this.#o.notifyUrl === undefined ? {} : { notifyUrl: this.#o.notifyUrl };
  }

  async query(order: ChannelOrder): Promise<PayOutcome> {
    const a = await this.#call('query', { orderNo: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.code === 'E404') return { kind: 'not-found' };
    if (a.code !== '0000') return { kind: 'unknown', reason: a.code };
    return this.#state(a.data);
  }

  async reverse(order: ChannelOrder): Promise<ReverseOutcome> {
    const a = await this.#call('cancel', { orderNo: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.code === '0000' || a.code === 'E404') return { kind: 'done' };
    if (a.code === 'P001') return { kind: 'retry', reason: 'P001' };
    return { kind: 'refused', code: a.code };
  }

  async close(order: ChannelOrder): Promise<CloseOutcome> {
    const a = await this.#call('close', { orderNo: order.orderNo });
    if (a.kind === 'unknown') return a;
    if (a.code === '0000' || a.code === 'E404') return { kind: 'closed' };
    if (a.code === 'E201') return { kind: 'paid' };
    return { kind: 'unknown', reason: a.code };
  }

  async refund(order: ChannelOrder, refundFen: number): Promise<RefundOutcome> {
    const a = await this.#call('refund', { orderNo: order.orderNo, refundNo: `${order.orderNo}R`, amountFen: refundFen });
    if (a.kind === 'unknown') return a;
    if (a.code === '0000') return { kind: 'refunded' };
    if (a.code === 'P001') return { kind: 'pending' };
    return { kind: 'refused', code: a.code };
  }

  async statement(day: string): Promise<StatementLine[]> {
    const a = await this.#call('statement', { day });
    if (a.kind === 'unknown' || a.code !== '0000') throw new Error(`statement for ${day} not available`);
    return parseCsvStatement(String(a.data.csv ?? ''));
  }

  parseNotification(body: string): ChannelNotification {
    let parsed: { code?: unknown; data?: Record<string, unknown>; timestamp?: unknown; nonce?: unknown; signature?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      throw new NotificationRejected('not JSON');
    }
    const data = parsed.data ?? {};
    const expected = nonTaxSign(this.#o.appId, String(parsed.timestamp), String(parsed.nonce), `${String(parsed.code)}${JSON.stringify(data)}`, this.#o.appSecret);
    if (typeof parsed.signature !== 'string' || !sameSignature(parsed.signature, expected)) throw new NotificationRejected('signature invalid');
    if (typeof data.orderNo !== 'string') throw new NotificationRejected('no order number');
    return { orderNo: data.orderNo, outcome: this.#state(data) };
  }
}
