/**
 * `POST /pay/notify/<channel>/<terminalId>/<tag>`: the notify URL a terminal gives the payment
 * channels (its config's `payments.notifyBaseUrl` and `payments.notifyTag`). The channel calls it,
 * so there is no session or CSRF; instead: the tag must be the terminal's (relay-tag.ts, checked
 * first, in constant time, before any database lookup; wrong → 404 and nothing reaches a
 * terminal), the channel one of the four, the terminal one the console knows, the body of the
 * channel's media type and at most `maxBodyBytes`; each terminal's URL is rate limited, and so are
 * all refusals together (a flood of guesses costs one log line a minute, not one each).
 *
 * The console holds no merchant secret and verifies nothing: it forwards the raw body and the
 * headers the channels sign with (payment-notice.ts) to `<prefix>/terminals/<id>/payments/notify`
 * at QoS 1 — the terminal's persistent session keeps it while the terminal is offline — and the
 * terminal checks the signature with its own keys. The channel hears its own "received" answer
 * only after the broker's PUBACK; anything else is a 503, so the channel posts again.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../electron/core/logging/logger.ts';
import { fleetTopics } from '../../../electron/core/fleet/topics.ts';
import { RELAYED_HEADERS, type PaymentNotice } from '../../../electron/core/fleet/payment-notice.ts';
import { CHANNEL_IDS, type ChannelId } from '../../../electron/core/payments/channels/payment-channel.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import { CHANNEL_WIRE, mediaType, type ChannelReply } from './channel-replies.ts';
import type { PublishResult } from './confirmed-publish.ts';
import type { RelayCountSink } from './relay-counts.ts';
import { tagMatches } from './relay-tag.ts';
import { TerminalRateLimit } from './terminal-rate-limit.ts';

// The tag is optional here so that a URL without one (an old terminal's) is counted as refused.
export const NOTIFY_PATH = /^\/pay\/notify\/([^/]*)\/([^/]*)(?:\/([^/]*))?$/;
const TERMINAL_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface NotifyRelayOptions {
  topicPrefix: string;
  maxBodyBytes: number;
  perTerminalPerMinute: number;
  /** Refused requests per minute over all URLs; beyond it they are answered 429 and not logged one by one. */
  refusedPerMinute: number;
  /** The `console-payment-relay-key` credential the tags derive from. */
  relayKey: string;
  isKnownTerminal(terminalId: string): Promise<boolean>;
  publish(topic: string, payload: string): Promise<PublishResult>;
  /** The persisted counts (relay-counts.ts); a terminal is named only once its tag proved the id. */
  counts?: RelayCountSink;
  logger: Logger;
  now: () => Date;
}

/** Counts since start, for the log and tests (per instance). */
export interface NotifyRelayStats {
  relayed: number;
  refused: Record<string, number>;
  /** Refusals answered 429 because all refusals together were over `refusedPerMinute`. */
  refusalsLimited: number;
  notDelivered: number;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface NotifyRelay {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  stats: NotifyRelayStats;
}

export function notifyRelay(o: NotifyRelayOptions): NotifyRelay {
  const limit = new TerminalRateLimit(o.perTerminalPerMinute, () => o.now().getTime());
  const refusals = new TerminalRateLimit(o.refusedPerMinute, () => o.now().getTime());
  let refusalsOverLimit = false;
  const stats: NotifyRelayStats = { relayed: 0, refused: {}, refusalsLimited: 0, notDelivered: 0 };

  const relay = async (req: IncomingMessage, res: ServerResponse, channel: ChannelId, terminalId: string): Promise<void> => {
    const wire = CHANNEL_WIRE[channel];
    if (!wire.accepts.includes(mediaType(req.headers['content-type']))) throw new Refusal(415, 'unsupported-media-type', `${channel} notifications are ${wire.accepts.join(' or ')}`);
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > o.maxBodyBytes) throw new Refusal(413, 'too-large', `body larger than ${o.maxBodyBytes} bytes`);
    if (!(await o.isKnownTerminal(terminalId))) throw new Refusal(404, 'unknown-terminal', 'no such terminal');
    const retryAfter = limit.take(terminalId);
    if (retryAfter !== undefined) throw new Refusal(429, 'rate-limited', 'too many notifications for this terminal', retryAfter);
    const body = await readBody(req, o.maxBodyBytes);
    const headers: PaymentNotice['headers'] = {};
    for (const name of RELAYED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string' && value.length <= 1024) headers[name] = value;
    }
    const notice: PaymentNotice = { v: 1, id: randomBytes(9).toString('base64url'), channel, receivedAt: o.now().toISOString(), headers, body };
    const topic = fleetTopics(o.topicPrefix, terminalId).paymentNotify;
    const published = await o.publish(topic, JSON.stringify(notice));
    if (!published.delivered) {
      stats.notDelivered++;
      o.counts?.failed(terminalId, channel);
      o.logger.warn('payment notification not relayed; the channel is told to post again', { channel, terminalId, id: notice.id, reason: published.reason });
      return reply(res, 503, wire.notReceived('relay unavailable, retry later'), { 'retry-after': '30' });
    }
    stats.relayed++;
    o.counts?.forwarded(terminalId, channel);
    o.logger.info('payment notification relayed', { channel, terminalId, id: notice.id, bytes: Buffer.byteLength(body) });
    reply(res, 200, wire.received);
  };

  return {
    stats,
    async handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      // Set once the tag proved the terminal id: only then is anything counted against a terminal.
      let proven: { terminalId: string; channel: string } | undefined;
      try {
        const match = NOTIFY_PATH.exec(path);
        if (!match) throw new Refusal(404, 'not-found', 'no such notify URL');
        const [, channel = '', terminalId = '', tag = ''] = match;
        if (!TERMINAL_ID.test(terminalId)) throw new Refusal(404, 'unknown-terminal', 'no such terminal');
        // Before the channel, the method and anything else: a wrong tag learns nothing about the route or the terminal.
        if (!tagMatches(o.relayKey, terminalId, tag)) throw new Refusal(404, 'wrong-tag', 'no such notify URL');
        const known = (CHANNEL_IDS as readonly string[]).includes(channel);
        // A channel name outside the four is the caller's text: counted as 'unknown', not stored as given.
        proven = { terminalId, channel: known ? channel : 'unknown' };
        if (!known) throw new Refusal(404, 'unknown-channel', `channel must be one of ${CHANNEL_IDS.join(', ')}`);
        if (req.method !== 'POST') throw new Refusal(405, 'method', 'POST only');
        await relay(req, res, channel as ChannelId, terminalId);
      } catch (error) {
        if (error instanceof Refusal) {
          const refusalsWait = refusals.take('*');
          const refusal = refusalsWait === undefined ? error : new Refusal(429, 'refusals-limited', 'too many refused notifications, retry later', refusalsWait);
          if (refusalsWait === undefined) {
            refusalsOverLimit = false;
            stats.refused[error.code] = (stats.refused[error.code] ?? 0) + 1;
            if (proven) o.counts?.refused(proven.terminalId, proven.channel);
            else o.counts?.unattributed(error.code === 'wrong-tag' ? 'wrong-tag' : 'malformed-path');
            // The path names the terminal but not the tag (a right tag in a refused request is the terminal's secret).
            o.logger.warn('payment notification refused', { path: path.split('/').slice(0, 5).join('/').slice(0, 120), status: error.status, code: error.code });
          } else {
            stats.refusalsLimited++;
            o.counts?.unattributed('refusals-limited');
            if (!refusalsOverLimit) o.logger.warn('payment relay refusals over the limit; answering 429 without a log line each', { refusedPerMinute: o.refusedPerMinute, retryAfterSeconds: refusalsWait });
            refusalsOverLimit = true;
          }
          reply(res, refusal.status, { type: 'text/plain; charset=utf-8', body: `${refusal.code}: ${refusal.message}` }, {
            ...(refusal.retryAfterSeconds === undefined ? {} : { 'retry-after': String(refusal.retryAfterSeconds) }),
            // The rest of a refused body is not read: the connection ends after the answer.
            ...(req.complete ? {} : { connection: 'close' }),
          });
          return;
        }
        stats.notDelivered++;
        if (proven) o.counts?.failed(proven.terminalId, proven.channel);
        o.logger.error('payment relay error', { error: errorMessage(error) });
        if (!res.headersSent) reply(res, 503, { type: 'text/plain; charset=utf-8', body: 'relay unavailable, retry later' });
      }
    },
  };
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new Refusal(413, 'too-large', `body larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, r: ChannelReply, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': r.type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', ...headers });
  res.end(r.body);
}
