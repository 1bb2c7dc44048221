/**
 * Wire messages of the browser shell's WebSocket transport (JSON text frames). Types only, no
 * runtime imports: the renderer's WebSocket client imports these, and the server builds the same
 * shapes. The literal types below let each side declare its constants and have the compiler
 * confirm both sides agree, e.g. `const WS_PATH: KioskWsPath = '/kiosk-api'`.
 */
import type { KioskEventName, KioskMethod } from './channels.ts';
import type { KioskEvents, KioskResponse, KioskResults } from './kiosk-api.ts';
import type { KioskRequestInput } from './schemas.ts';

/** URL path of the WebSocket endpoint. */
export type KioskWsPath = '/kiosk-api';
/** Subprotocol the server selects; the client must offer it. */
export type KioskWsSubprotocol = 'kiosk.v1';
/** The client also offers `kiosk-token.<token>`: browsers cannot set headers on a WebSocket. */
export type KioskWsTokenProtocolPrefix = 'kiosk-token.';
export type KioskWsTokenProtocol = `${KioskWsTokenProtocolPrefix}${string}`;

/** Client → server: one request. `id` is chosen by the client and echoed in the result. */
export type WsCallMessage = {
  [M in KioskMethod]: { type: 'call'; id: number; method: M; payload: KioskRequestInput<M> };
}[KioskMethod];

/**
 * Server → client: the envelope for one call. `id` is null only when the frame was too malformed
 * to carry a usable id.
 */
export interface WsResultMessage<T = unknown> {
  type: 'result';
  id: number | null;
  response: KioskResponse<T>;
}

/** Typed view of a result for a known method (what a client gets back for its call). */
export type WsResultFor<M extends KioskMethod> = WsResultMessage<KioskResults[M]>;

/** Server → client: a core event, broadcast to every authenticated connection. */
export type WsEventMessage = {
  [E in KioskEventName]: { type: 'event'; event: E; payload: KioskEvents[E] };
}[KioskEventName];

export type WsClientMessage = WsCallMessage;
export type WsServerMessage = WsResultMessage | WsEventMessage;

/**
 * HTTP status codes the server answers a refused handshake with (the browser WebSocket API only
 * reports "error" + close code 1006; these are visible to non-browser clients and in tests).
 */
export type WsHandshakeRefusal = 400 | 401 | 403 | 404 | 503;
