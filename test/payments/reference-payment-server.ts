/**
 * The reference payment server: a real node:http server on loopback speaking the four channels'
 * wire shapes (WeChat Pay v2 XML, Alipay gateway, UnionPay QR back-end, the non-tax platform's
 * JSON), with one ledger behind them (payment-ledger.ts) and its fault injection. Tests count
 * money from `ledger`; the demo runs it so `npm start` can pay.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromWechatXml, toWechatXml } from '../../electron/core/payments/channels/wechat-pay.ts';
import { fenToYuan, yuanToFen } from '../../electron/core/payments/channels/channel-http.ts';
import { nonTaxSign, rsa2SignText, rsa2Verify, sortedPairs, unionpaySign, wechatSign, alipaySign } from '../../electron/core/payments/channels/signing.ts';
import { PaymentLedger, type LedgerOptions, type LedgerOrder, type PayAnswer } from './payment-ledger.ts';
import type { PaymentTestCredentials } from './payment-credentials.ts';

export interface ReferencePaymentServer {
  url: string;
  ledger: PaymentLedger;
  /** Signed paid notifications for an order, in the channel's shape: twice under 'duplicate-notify'. */
  notificationsFor(channel: string, orderNo: string): string[];
  /** 缴款码 notices the non-tax platform knows, with their amounts. */
  notices: Map<string, number>;
  /** The server's own handling time of every request (ms, from the last body byte to the answer), for benches. */
  handlingMs: number[];
  /** Order queries answered, all channels (a test tells a notification from a poll by it). */
  counts: { queries: number };
  /**
   * The notify URL each order was created with (notify_url, backUrl, notifyUrl). When the phone
   * pays such an order (/sim/native-pay) the server posts its notification there, like the
   * channels, again after `notifyRetryMs` until the answer is the channel's "received" (at most
   * `notifyTries` times); every try is recorded.
   */
  notifyUrls: Map<string, string>;
  notifyAttempts: Array<{ channel: string; orderNo: string; url: string; status: number | 'error'; body: string }>;
  /** Posts an order's notification(s) to its notify URL now (with the retries above); resolves when done. */
  postNotifications(channel: string, orderNo: string): Promise<void>;
  close(): Promise<void>;
}

type Reply = { status: number; type: string; body: string; holdMs?: number };

export interface ReferencePaymentServerOptions extends LedgerOptions {
  port?: number;
  notifyRetryMs?: number;
  notifyTries?: number;
  /**
   * Order queries see a payment only this long after it was made (default 0): a channel whose
   * query lags its notification. A test sets it long to show the terminal learned "paid" from the
   * relayed notification alone.
   */
  queryLagMs?: number;
}

export async function startReferencePaymentServer(
  creds: PaymentTestCredentials,
  options: ReferencePaymentServerOptions = {},
): Promise<ReferencePaymentServer> {
  const ledger = new PaymentLedger(options);
  const counts = { queries: 0 };
  const notifyUrls = new Map<string, string>();
  const notifyAttempts: ReferencePaymentServer['notifyAttempts'] = [];
  const rememberNotifyUrl = (channel: string, orderNo: string, url: string | undefined): void => {
    if (url) notifyUrls.set(`${channel}:${orderNo}`, url);
  };
  /** An order as its query shows it: a payment younger than queryLagMs is not visible yet. */
  const queried = (channel: string, orderNo: string): LedgerOrder | undefined => {
    const o = ledger.get(channel, orderNo);
    const lagMs = options.queryLagMs ?? 0;
    if (o === undefined || lagMs <= 0 || o.state !== 'SUCCESS') return o;
    const charged = ledger.charges.findLast((c) => c.channel === channel && c.orderNo === orderNo);
    return charged !== undefined && Date.now() - charged.at < lagMs ? { ...o, state: 'NOTPAY', paidFen: 0, transactionId: '' } : o;
  };
  const notices = new Map<string, number>();
  const handlingMs: number[] = [];
  let baseUrl = '';
  const sockets = new Set<import('node:net').Socket>();

  // ── WeChat Pay v2 ──────────────────────────────────────────────────────────
  const wx = (fields: Record<string, string>): Reply => {
    const all: Record<string, string> = { return_code: 'SUCCESS', appid: creds.wechat.appId, mch_id: creds.wechat.mchId, nonce_str: 'n' + Date.now(), ...fields };
    all.sign = wechatSign(all, creds.wechat.apiKey);
    return { status: 200, type: 'text/xml', body: toWechatXml(all) };
  };
  const wxOrder = (o: LedgerOrder): Record<string, string> => ({
    out_trade_no: o.orderNo,
    trade_state: o.state,
    total_fee: String(o.paidFen || o.amountFen),
    transaction_id: o.transactionId,
    attach: o.purchaseId,
  });
  const wxPayReply = (a: PayAnswer): Reply => {
    const codes: Record<PayAnswer['reply'], Record<string, string>> = {
      success: { result_code: 'SUCCESS', transaction_id: a.order.transactionId, total_fee: String(a.order.paidFen), out_trade_no: a.order.orderNo },
      userpaying: { result_code: 'FAIL', err_code: 'USERPAYING' },
      systemerror: { result_code: 'FAIL', err_code: 'SYSTEMERROR' },
      insufficient: { result_code: 'FAIL', err_code: 'NOTENOUGH' },
      closed: { result_code: 'FAIL', err_code: 'ORDERCLOSED' },
      reused: { result_code: 'FAIL', err_code: 'INVALID_REQUEST' },
    };
    return transport(a.transport, wx(codes[a.reply]));
  };
  const wechat = (path: string, body: string): Reply => {
    let r: Record<string, string>;
    try {
      r = fromWechatXml(body);
    } catch {
      return wx({ return_code: 'FAIL', return_msg: 'XML format error' });
    }
    if (r.sign !== wechatSign(r, creds.wechat.apiKey) || r.mch_id !== creds.wechat.mchId) return wx({ return_code: 'FAIL', return_msg: 'SIGNERROR' });
    const no = r.out_trade_no ?? '';
    switch (path) {
      case '/pay/micropay':
        return wxPayReply(ledger.pay('wechat-pay', no, r.attach ?? '', Number(r.total_fee), r.auth_code ?? '', Date.now() + 120_000));
      case '/pay/unifiedorder': {
        rememberNotifyUrl('wechat-pay', no, r.notify_url);
        const { order, transport: t } = ledger.precreate('wechat-pay', no, r.attach ?? '', Number(r.total_fee), wechatExpiry(r.time_expire));
        return transport(t, wx({ result_code: 'SUCCESS', trade_type: 'NATIVE', code_url: `weixin://wxpay/bizpayurl?pr=${order.orderNo}` }));
      }
      case '/pay/orderquery': {
        counts.queries++;
        const o = queried('wechat-pay', no);
        return o === undefined ? wx({ result_code: 'FAIL', err_code: 'ORDERNOTEXIST' }) : wx({ result_code: 'SUCCESS', ...wxOrder(o) });
      }
      case '/secapi/pay/reverse':
        ledger.reverse('wechat-pay', no);
        return wx({ result_code: 'SUCCESS', recall: 'N' });
      case '/pay/closeorder':
        return ledger.close('wechat-pay', no) === 'closed' ? wx({ result_code: 'SUCCESS' }) : wx({ result_code: 'FAIL', err_code: 'ORDERPAID' });
      case '/secapi/pay/refund':
        return ledger.refund('wechat-pay', no, r.out_refund_no ?? '', Number(r.refund_fee)) === 'refunded' ? wx({ result_code: 'SUCCESS' }) : wx({ result_code: 'FAIL', err_code: 'TRADE_STATE_ERROR' });
      case '/pay/downloadbill':
        return wx({ result_code: 'SUCCESS', data: ledger.statementCsv('wechat-pay', billDay(r.bill_date ?? '')) });
      default:
        return { status: 404, type: 'text/plain', body: 'not found' };
    }
  };

  // ── Alipay gateway ─────────────────────────────────────────────────────────
  const ali = (method: string, fields: Record<string, unknown>, t: Reply['holdMs'] | 'http-500' = undefined): Reply => {
    const member = JSON.stringify(fields);
    const name = `${method.replaceAll('.', '_')}_response`;
    const body = `{"${name}":${member},"sign":"${rsa2SignText(member, creds.alipay.alipayPrivateKey)}"}`;
    if (t === 'http-500') return { status: 500, type: 'application/json', body: '{}' };
    return { status: 200, type: 'application/json;charset=utf-8', body, ...(t === undefined ? {} : { holdMs: t }) };
  };
  const aliOrder = (o: LedgerOrder): Record<string, unknown> => ({
    code: '10000',
    msg: 'Success',
    out_trade_no: o.orderNo,
    trade_no: o.transactionId,
    total_amount: fenToYuan(o.paidFen || o.amountFen),
    trade_status: { SUCCESS: 'TRADE_SUCCESS', NOTPAY: 'WAIT_BUYER_PAY', USERPAYING: 'WAIT_BUYER_PAY', CLOSED: 'TRADE_CLOSED', REVOKED: 'TRADE_CLOSED', PAYERROR: 'TRADE_CLOSED', REFUND: 'TRADE_CLOSED' }[o.state],
    ...(o.state === 'REFUND' ? { refund_fee: fenToYuan(o.paidFen) } : {}),
  });
  const alipay = (body: string): Reply => {
    const p = Object.fromEntries(new URLSearchParams(body));
    const method = p.method ?? '';
    if (p.sign === undefined || !rsa2Verify(sortedPairs(p, ['sign']), p.sign, creds.alipay.appPublicKey) || p.app_id !== creds.alipay.appId) {
      return ali(method, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature' });
    }
    const biz = JSON.parse(p.biz_content ?? '{}') as Record<string, string>;
    const no = biz.out_trade_no ?? '';
    const hold = (a: PayAnswer['transport']): number | 'http-500' | undefined => (a === 'hold' ? ledger.holdMs : a === 'http-500' ? 'http-500' : undefined);
    if (method === 'alipay.trade.pay' || method === 'alipay.trade.precreate') rememberNotifyUrl('alipay', no, p.notify_url);
    if (method === 'alipay.trade.query') counts.queries++;
    switch (method) {
      case 'alipay.trade.pay': {
        const a = ledger.pay('alipay', no, biz.passback_params ?? '', yuanToFen(biz.total_amount) ?? 0, biz.auth_code ?? '', Date.now() + 120_000);
        const fields: Record<PayAnswer['reply'], Record<string, unknown>> = {
          success: { code: '10000', msg: 'Success', trade_no: a.order.transactionId, out_trade_no: no, total_amount: fenToYuan(a.order.paidFen) },
          userpaying: { code: '10003', msg: 'order success pay inprocess' },
          systemerror: { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'ACQ.SYSTEM_ERROR' },
          insufficient: { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.BUYER_BALANCE_NOT_ENOUGH' },
          closed: { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_HAS_CLOSE' },
          reused: { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.CONTEXT_INCONSISTENT' },
        };
        return ali(method, fields[a.reply], hold(a.transport));
      }
      case 'alipay.trade.precreate': {
        const { order, transport: t } = ledger.precreate('alipay', no, biz.passback_params ?? '', yuanToFen(biz.total_amount) ?? 0, Date.parse(biz.time_expire ?? '') || Date.now() + 300_000);
        return ali(method, { code: '10000', msg: 'Success', out_trade_no: no, qr_code: `https://qr.alipay.com/${order.orderNo}` }, hold(t));
      }
      case 'alipay.trade.query': {
        const o = queried('alipay', no);
        return ali(method, o === undefined ? { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST' } : aliOrder(o));
      }
      case 'alipay.trade.cancel':
        ledger.reverse('alipay', no);
        return ali(method, { code: '10000', msg: 'Success', retry_flag: 'N', action: 'close' });
      case 'alipay.trade.close':
        return ledger.close('alipay', no) === 'closed' ? ali(method, { code: '10000', msg: 'Success' }) : ali(method, { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_STATUS_ERROR' });
      case 'alipay.trade.refund':
        return ledger.refund('alipay', no, biz.out_request_no ?? '', yuanToFen(biz.refund_amount) ?? 0) === 'refunded'
          ? ali(method, { code: '10000', msg: 'Success', fund_change: 'Y', refund_fee: biz.refund_amount })
          : ali(method, { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_STATUS_ERROR' });
      case 'alipay.data.dataservice.bill.downloadurl.query':
        return ali(method, { code: '10000', msg: 'Success', bill_download_url: `${baseUrl}/alipay/bill?day=${encodeURIComponent(biz.bill_date ?? '')}` });
      default:
        return ali(method, { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.INVALID_PARAMETER' });
    }
  };

  // ── UnionPay QR ────────────────────────────────────────────────────────────
  const cup = (fields: Record<string, string>, t: PayAnswer['transport'] = 'answer'): Reply => {
    const all: Record<string, string> = { version: '5.1.0', encoding: 'UTF-8', signMethod: '11', merId: creds.unionpay.merId, ...fields };
    all.signature = unionpaySign(all, creds.unionpay.secureKey);
    return transport(t, { status: 200, type: 'application/x-www-form-urlencoded', body: new URLSearchParams(all).toString() });
  };
  const cupState = (o: LedgerOrder): string => ({ SUCCESS: '00', NOTPAY: '05', USERPAYING: '05', CLOSED: 'A1', REVOKED: 'A1', PAYERROR: '51', REFUND: 'A2' })[o.state];
  const unionpay = (path: string, body: string): Reply => {
    const r = Object.fromEntries(new URLSearchParams(body));
    if (r.signature !== unionpaySign(r, creds.unionpay.secureKey) || r.merId !== creds.unionpay.merId) return cup({ respCode: '11', respMsg: 'signature invalid' });
    if (path === '/gateway/api/queryTrans.do') {
      counts.queries++;
      const o = queried('unionpay-qr', r.orderId ?? '');
      return o === undefined ? cup({ respCode: '34', orderId: r.orderId ?? '' }) : cup({ respCode: '00', orderId: o.orderNo, origRespCode: cupState(o), queryId: o.transactionId, txnAmt: String(o.paidFen || o.amountFen) });
    }
    if (path === '/gateway/api/fileTransReq.do') {
      const day = `${new Date().getUTCFullYear()}-${(r.settleDate ?? '').slice(0, 2)}-${(r.settleDate ?? '').slice(2, 4)}`;
      return cup({ respCode: '00', fileContent: Buffer.from(ledger.statementCsv('unionpay-qr', day)).toString('base64') });
    }
    if (path !== '/gateway/api/backTransReq.do') return { status: 404, type: 'text/plain', body: 'not found' };
    const type = `${r.txnType}/${r.txnSubType}`;
    if (type === '01/06' || type === '01/07') rememberNotifyUrl('unionpay-qr', r.orderId ?? '', r.backUrl);
    if (type === '01/06') {
      const a = ledger.pay('unionpay-qr', r.orderId ?? '', r.reqReserved ?? '', Number(r.txnAmt), r.qrNo ?? '', Date.now() + 120_000);
      const code = { success: '00', userpaying: '05', systemerror: '03', insufficient: '51', closed: 'A1', reused: '12' }[a.reply];
      return cup({ respCode: code, orderId: a.order.orderNo, queryId: a.order.transactionId, txnAmt: String(a.order.paidFen || a.order.amountFen) }, a.transport);
    }
    if (type === '01/07') {
      const { order, transport: t } = ledger.precreate('unionpay-qr', r.orderId ?? '', r.reqReserved ?? '', Number(r.txnAmt), Date.now() + 300_000);
      return cup({ respCode: '00', orderId: order.orderNo, qrCode: `https://qr.95516.com/00010000/${order.orderNo}` }, t);
    }
    if (type === '31/00') {
      ledger.reverse('unionpay-qr', r.origOrderId ?? '');
      return cup({ respCode: '00', orderId: r.orderId ?? '' });
    }
    if (type === '04/00') {
      return cup({ respCode: ledger.refund('unionpay-qr', r.origOrderId ?? '', r.orderId ?? '', Number(r.txnAmt)) === 'refunded' ? '00' : '35', orderId: r.orderId ?? '' });
    }
    return cup({ respCode: '01', respMsg: 'unsupported' });
  };

  // ── Non-tax platform ───────────────────────────────────────────────────────
  const nt = (code: string, data: Record<string, unknown> = {}, t: PayAnswer['transport'] = 'answer'): Reply => {
    const timestamp = String(Date.now());
    const n = `n${Math.random().toString(36).slice(2)}`;
    const signature = nonTaxSign(creds.nonTax.appId, timestamp, n, `${code}${JSON.stringify(data)}`, creds.nonTax.appSecret);
    return transport(t, { status: 200, type: 'application/json', body: JSON.stringify({ code, data, timestamp, nonce: n, signature }) });
  };
  const ntStatus = (o: LedgerOrder): string => ({ SUCCESS: 'PAID', NOTPAY: 'UNPAID', USERPAYING: 'PAYING', CLOSED: 'CLOSED', REVOKED: 'CANCELLED', PAYERROR: 'FAILED', REFUND: 'REFUNDED' })[o.state];
  const ntOrder = (o: LedgerOrder): Record<string, unknown> => ({ orderNo: o.orderNo, status: ntStatus(o), payId: o.transactionId, amountFen: o.paidFen || o.amountFen });
  const nonTax = (op: string, body: string, headers: IncomingMessage['headers']): Reply => {
    const sig = nonTaxSign(String(headers['x-app-id']), String(headers['x-timestamp']), String(headers['x-nonce']), body, creds.nonTax.appSecret);
    if (headers['x-signature'] !== sig || headers['x-app-id'] !== creds.nonTax.appId) return nt('E001', { message: 'signature invalid' });
    const r = JSON.parse(body) as Record<string, string | number>;
    const no = String(r.orderNo ?? '');
    if (op === 'pay' || op === 'precreate') rememberNotifyUrl('non-tax', no, typeof r.notifyUrl === 'string' ? r.notifyUrl : undefined);
    if (op === 'query') counts.queries++;
    const noticeCheck = (): string | undefined => {
      const fen = notices.get(String(r.noticeNo));
      if (fen === undefined) return 'E101';
      return fen === Number(r.amountFen) ? undefined : 'E102';
    };
    switch (op) {
      case 'pay': {
        const refusal = ledger.get('non-tax', no) === undefined ? noticeCheck() : undefined;
        if (refusal !== undefined) return nt(refusal, { message: refusal === 'E102' ? 'amount does not match the notice' : 'no such notice' });
        const a = ledger.pay('non-tax', no, String(r.noticeNo), Number(r.amountFen), String(r.payCode), Date.parse(String(r.expiresAt)));
        const code = { success: '0000', userpaying: 'P001', systemerror: 'S999', insufficient: 'E301', closed: 'E202', reused: 'E203' }[a.reply];
        return nt(code, ntOrder(a.order), a.transport);
      }
      case 'precreate': {
        const refusal = noticeCheck();
        if (refusal !== undefined) return nt(refusal);
        const { order, transport: t } = ledger.precreate('non-tax', no, String(r.noticeNo), Number(r.amountFen), Date.parse(String(r.expiresAt)));
        return nt('0000', { orderNo: no, qrCode: `https://pay.nontax.example.gov.cn/q/${order.orderNo}` }, t);
      }
      case 'query': {
        const o = queried('non-tax', no);
        return o === undefined ? nt('E404') : nt('0000', ntOrder(o));
      }
      case 'cancel':
        ledger.reverse('non-tax', no);
        return nt('0000');
      case 'close':
        return ledger.close('non-tax', no) === 'closed' ? nt('0000') : nt('E201');
      case 'refund':
        return ledger.refund('non-tax', no, String(r.refundNo), Number(r.amountFen)) === 'refunded' ? nt('0000') : nt('E401');
      case 'statement':
        return nt('0000', { csv: ledger.statementCsv('non-tax', String(r.day)) });
      default:
        return nt('E000');
    }
  };

  const transport = (t: PayAnswer['transport'], reply: Reply): Reply =>
    t === 'http-500' ? { status: 500, type: 'text/plain', body: 'internal error' } : t === 'hold' ? { ...reply, holdMs: ledger.holdMs } : reply;

  const handle = (req: IncomingMessage, body: string): Reply => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/alipay/bill') return { status: 200, type: 'text/csv', body: ledger.statementCsv('alipay', url.searchParams.get('day') ?? '') };
    if (req.method === 'GET' && path.startsWith('/sim/delivered/')) return { status: 200, type: 'application/json', body: JSON.stringify({ delivered: ledger.deliveries.has(path.slice(15)) }) };
    if (req.method !== 'POST') return { status: 405, type: 'text/plain', body: 'method not allowed' };
    if (path === '/sim/deliver') {
      const { orderNo, purchaseId } = JSON.parse(body) as { orderNo: string; purchaseId: string };
      ledger.deliveries.set(orderNo, purchaseId);
      return { status: 200, type: 'application/json', body: '{"delivered":true}' };
    }
    if (path === '/sim/native-pay') {
      const { channel, orderNo } = JSON.parse(body) as { channel: string; orderNo: string };
      const o = ledger.payNative(channel, orderNo);
      if (o?.state === 'SUCCESS' && notifyUrls.has(`${channel}:${orderNo}`)) void postNotifications(channel, orderNo);
      return { status: 200, type: 'application/json', body: JSON.stringify({ state: o?.state ?? 'NOT_FOUND' }) };
    }
    if (path === '/gateway.do') return alipay(body);
    if (path.startsWith('/gateway/api/')) return unionpay(path, body);
    if (path.startsWith('/nontax/v1/')) return nonTax(path.slice('/nontax/v1/'.length), body, req.headers);
    return wechat(path, body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const started = performance.now();
      let reply: Reply;
      try {
        reply = handle(req, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        reply = { status: 400, type: 'text/plain', body: `bad request: ${error instanceof Error ? error.message : String(error)}` };
      }
      const send = (): void => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': reply.type });
        res.end(reply.body);
        if (reply.holdMs === undefined) handlingMs.push(performance.now() - started);
      };
      if (reply.holdMs === undefined) send();
      else setTimeout(send, reply.holdMs).unref();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const notificationsFor = (channel: string, orderNo: string): string[] => {
    const o = ledger.get(channel, orderNo);
    if (o === undefined) return [];
    let body: string;
    if (channel === 'wechat-pay') body = wx({ result_code: o.state === 'SUCCESS' ? 'SUCCESS' : 'FAIL', ...wxOrder(o) }).body;
    else if (channel === 'alipay') {
      const f: Record<string, string> = { app_id: creds.alipay.appId, out_trade_no: o.orderNo, trade_no: o.transactionId, total_amount: fenToYuan(o.paidFen || o.amountFen), trade_status: String(aliOrder(o).trade_status), notify_id: `nt${Date.now()}`, sign_type: 'RSA2' };
      f.sign = alipaySign(Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'sign_type')), creds.alipay.alipayPrivateKey);
      body = new URLSearchParams(f).toString();
    } else if (channel === 'unionpay-qr') body = cup({ respCode: cupState(o), orderId: o.orderNo, queryId: o.transactionId, txnAmt: String(o.paidFen || o.amountFen) }).body;
    else body = nt('0000', ntOrder(o)).body;
    return o.fault === 'duplicate-notify' ? [body, body] : [body];
  };

  const NOTIFY_TYPES: Record<string, string> = { 'wechat-pay': 'text/xml', alipay: 'application/x-www-form-urlencoded', 'unionpay-qr': 'application/x-www-form-urlencoded', 'non-tax': 'application/json' };
  /** The channel's own "received" answer: anything else means post again. */
  const received = (channel: string, status: number, text: string): boolean =>
    status === 200 && (channel === 'wechat-pay' ? text.includes('SUCCESS') : channel === 'alipay' ? text === 'success' : channel === 'non-tax' ? text.includes('"0000"') : true);
  const postNotifications = async (channel: string, orderNo: string): Promise<void> => {
    const url = notifyUrls.get(`${channel}:${orderNo}`);
    if (url === undefined) return;
    for (const body of notificationsFor(channel, orderNo)) {
      for (let attempt = 1; attempt <= (options.notifyTries ?? 5); attempt++) {
        let status: number | 'error' = 'error';
        let text: string;
        try {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': NOTIFY_TYPES[channel] ?? 'text/plain' }, body, signal: AbortSignal.timeout(10_000) });
          status = response.status;
          text = await response.text();
        } catch (error) {
          text = error instanceof Error ? error.message : String(error);
        }
        notifyAttempts.push({ channel, orderNo, url, status, body: text });
        if (status !== 'error' && received(channel, status, text)) break;
        await new Promise((resolve) => setTimeout(resolve, options.notifyRetryMs ?? 1000));
      }
    }
  };

  return {
    url: baseUrl,
    ledger,
    notices,
    handlingMs,
    counts,
    notifyUrls,
    notifyAttempts,
    postNotifications,
    notificationsFor,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function wechatExpiry(text: string | undefined): number {
  if (text === undefined || !/^\d{14}$/.test(text)) return Date.now() + 300_000;
  return Date.parse(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}+08:00`);
}

const billDay = (yyyymmdd: string): string => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
