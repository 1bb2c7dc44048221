/**
 * WebSocket handshake checks, decided before any frame is exchanged: a page that is not ours (any
 * other origin on this machine or the internet) must never reach a card reader. Pure: takes the
 * request headers, returns a verdict, so the rules are testable and readable in one place.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { KioskWsSubprotocol, KioskWsTokenProtocolPrefix, WsHandshakeRefusal } from '../../contract/ws-protocol.ts';

export const WS_SUBPROTOCOL: KioskWsSubprotocol = 'kiosk.v1';
export const WS_TOKEN_PROTOCOL_PREFIX: KioskWsTokenProtocolPrefix = 'kiosk-token.';

export type HandshakeVerdict =
  | { accept: true }
  | { accept: false; status: WsHandshakeRefusal; reason: string };

export interface HandshakePolicy {
  token: string;
  /** Exact origins (scheme://host:port) our own page is served from. */
  allowedOrigins: readonly string[];
}

/** Splits `Sec-WebSocket-Protocol` (one header, comma-separated, possibly repeated). */
export function offeredProtocols(headers: IncomingHttpHeaders): string[] {
  const raw = headers['sec-websocket-protocol'];
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * Origin before token: a foreign page learns nothing about whether its token guess was right.
 * Reasons never contain the offered token.
 */
export function verifyHandshake(headers: IncomingHttpHeaders, policy: HandshakePolicy): HandshakeVerdict {
  const origin = headers.origin;
  if (typeof origin !== 'string' || origin.length === 0) {
    return { accept: false, status: 403, reason: 'missing Origin' };
  }
  if (!policy.allowedOrigins.includes(origin)) {
    return { accept: false, status: 403, reason: 'foreign Origin' };
  }
  const protocols = offeredProtocols(headers);
  const tokenProtocols = protocols.filter((p) => p.startsWith(WS_TOKEN_PROTOCOL_PREFIX));
  if (tokenProtocols.length !== 1) {
    return { accept: false, status: 401, reason: tokenProtocols.length === 0 ? 'missing token' : 'several tokens' };
  }
  const offered = (tokenProtocols[0] as string).slice(WS_TOKEN_PROTOCOL_PREFIX.length);
  if (!tokensEqual(offered, policy.token)) {
    return { accept: false, status: 401, reason: 'wrong token' };
  }
  if (!protocols.includes(WS_SUBPROTOCOL)) {
    return { accept: false, status: 400, reason: `subprotocol ${WS_SUBPROTOCOL} not offered` };
  }
  return { accept: true };
}

/** Constant-time comparison; timingSafeEqual needs equal lengths, so length is compared first. */
export function tokensEqual(offered: string, expected: string): boolean {
  const a = Buffer.from(offered, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
