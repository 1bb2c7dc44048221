/**
 * What each channel sends to the notify URL and what it must hear back. A channel treats anything
 * but its own "received" answer (and HTTP 200) as not delivered and posts again later, so the
 * relay answers "received" only once the broker has the message, and a failure otherwise.
 */
import type { ChannelId } from '../../../electron/core/payments/channels/payment-channel.ts';

export interface ChannelReply {
  type: string;
  body: string;
}

interface ChannelWire {
  /** Media types the channel posts its notifications as (parameters such as charset ignored). */
  accepts: readonly string[];
  received: ChannelReply;
  notReceived: (reason: string) => ChannelReply;
}

const FORM = 'application/x-www-form-urlencoded';
const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']] >')}]]>`;

export const CHANNEL_WIRE: Record<ChannelId, ChannelWire> = {
  // WeChat Pay v2: XML in, XML out; return_code SUCCESS stops the retries.
  'wechat-pay': {
    accepts: ['text/xml', 'application/xml'],
    received: { type: 'text/xml; charset=utf-8', body: `<xml><return_code>${cdata('SUCCESS')}</return_code><return_msg>${cdata('OK')}</return_msg></xml>` },
    notReceived: (reason) => ({ type: 'text/xml; charset=utf-8', body: `<xml><return_code>${cdata('FAIL')}</return_code><return_msg>${cdata(reason.slice(0, 120))}</return_msg></xml>` }),
  },
  // Alipay: a form post; the literal text "success" stops the retries.
  alipay: { accepts: [FORM], received: { type: 'text/plain; charset=utf-8', body: 'success' }, notReceived: () => ({ type: 'text/plain; charset=utf-8', body: 'fail' }) },
  // UnionPay back notifications: a form post; HTTP 200 is the acknowledgement.
  'unionpay-qr': { accepts: [FORM], received: { type: 'text/plain; charset=utf-8', body: 'ok' }, notReceived: () => ({ type: 'text/plain; charset=utf-8', body: 'fail' }) },
  // The non-tax platform: JSON both ways, code 0000 = received.
  'non-tax': {
    accepts: ['application/json'],
    received: { type: 'application/json; charset=utf-8', body: JSON.stringify({ code: '0000', message: 'received' }) },
    notReceived: (reason) => ({ type: 'application/json; charset=utf-8', body: JSON.stringify({ code: 'S999', message: reason.slice(0, 120) }) }),
  },
};

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
