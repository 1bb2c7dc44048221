/**
 * A payment channel's asynchronous notification as the console relays it to one terminal
 * (`<prefix>/terminals/<id>/payments/notify`, QoS 1): the channel's raw body and the headers it
 * may sign with, untouched. The console holds no merchant secret and verifies nothing; the
 * terminal checks the signature with its own keys (PaymentEngine.handleNotification), so a
 * relayed message is believed only as far as the channel's own signature goes.
 *
 * One schema for both ends: the console builds it, the terminal validates it (sizes capped, so a
 * flood of large messages cannot exhaust the terminal's memory).
 */
import { z } from 'zod';
import { CHANNEL_IDS, type ChannelId } from '../payments/channels/payment-channel.ts';

/** Larger than any of the four channels' notifications (a few hundred bytes to ~2 KiB). */
export const PAYMENT_NOTICE_MAX_BODY_BYTES = 16 * 1024;
/** Whole envelope on the wire: body (JSON-escaped, up to 6× for control characters) plus headers. */
export const PAYMENT_NOTICE_MAX_MESSAGE_BYTES = 6 * PAYMENT_NOTICE_MAX_BODY_BYTES + 8 * 1024;

/**
 * The request headers forwarded with the body: what the channels sign with (WeChat Pay v3 puts
 * its signature in headers; the non-tax platform's requests carry x-* signature headers).
 * Nothing else of the request (cookies, proxy headers, addresses) leaves the console.
 */
export const RELAYED_HEADERS = [
  'content-type',
  'wechatpay-signature',
  'wechatpay-timestamp',
  'wechatpay-nonce',
  'wechatpay-serial',
  'wechatpay-signature-type',
  'x-app-id',
  'x-timestamp',
  'x-nonce',
  'x-signature',
] as const;

export const paymentNoticeSchema = z
  .object({
    v: z.literal(1),
    /** The console's id of this relay (logs on both ends name it); a redelivery repeats it. */
    id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    channel: z.enum(CHANNEL_IDS),
    receivedAt: z.iso.datetime(),
    headers: z.partialRecord(z.enum(RELAYED_HEADERS), z.string().max(1024)),
    body: z.string().refine((b) => Buffer.byteLength(b, 'utf8') <= PAYMENT_NOTICE_MAX_BODY_BYTES, `body larger than ${PAYMENT_NOTICE_MAX_BODY_BYTES} bytes`),
  })
  .strict();
export type PaymentNotice = z.infer<typeof paymentNoticeSchema>;

export type PaymentNoticeParse = { ok: true; notice: PaymentNotice } | { ok: false; reason: string };

export function parsePaymentNotice(payload: Buffer): PaymentNoticeParse {
  if (payload.length > PAYMENT_NOTICE_MAX_MESSAGE_BYTES) return { ok: false, reason: `message of ${payload.length} bytes is larger than ${PAYMENT_NOTICE_MAX_MESSAGE_BYTES}` };
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = paymentNoticeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || '(message)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, notice: parsed.data };
}

/** What the terminal does with a verified-envelope notification (the engine decides the rest). */
export type PaymentNoticeHandler = (channel: ChannelId, body: string, headers: PaymentNotice['headers']) => Promise<void>;
