/**
 * Builds the KioskApi object the preload exposes, from the generated method list (the same
 * client-calls.ts the WebSocket client uses). Imports only dependency-free contract files at run
 * time: the sandboxed preload bundle must stay free of zod and of anything Node.
 */
import { EVENT_CHANNEL, methodChannel, type KioskEventName, type KioskMethod } from '../../../contract/channels.ts';
import { answerDeadlineMs, methodsFrom, readResponse } from '../../../contract/client/client-calls.ts';
import type { KioskApi, KioskCallError, KioskErrorCode, KioskEvents, Unsubscribe } from '../../../contract/kiosk-api.ts';

/** What a BridgeTransport's EVENT_CHANNEL listeners receive (port-transport.ts unwraps event frames to this). */
export type BridgeEventMessage = {
  [E in KioskEventName]: { event: E; payload: KioskEvents[E] };
}[KioskEventName];

/** What the bridge needs from ipcRenderer; never handed to the page itself. */
export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /** Subscribes to EVENT_CHANNEL; the listener receives only the message, never the IPC event. */
  subscribe(channel: string, listener: (message: unknown) => void): Unsubscribe;
}

/**
 * contextBridge copies only an Error's message to the page (custom properties are dropped), so
 * the code also leads the message: `[KIOSK:NO_SESSION] …`. The page reads `.code` when present
 * and falls back to parsing this prefix.
 */
export const ERROR_MESSAGE_PREFIX = '[KIOSK:';

export function createKioskCallError(code: KioskErrorCode, message: string): KioskCallError {
  const error = new Error(`${ERROR_MESSAGE_PREFIX}${code}] ${message}`) as KioskCallError;
  error.name = 'KioskCallError';
  error.code = code;
  return error;
}

/**
 * A main process or core host that took a call and then hung must not hold the page on a waiting
 * screen for ever: past the call's answer deadline (client-calls.ts) the call fails with INTERNAL.
 */
export function createKioskApi(transport: BridgeTransport, options: { answerGraceMs?: number } = {}): KioskApi {
  async function invoke(method: KioskMethod, request: unknown): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(createKioskCallError('INTERNAL', `no answer from the terminal core to ${method}`)),
        answerDeadlineMs(method, request, options.answerGraceMs),
      );
    });
    try {
      return await Promise.race([transport.invoke(methodChannel(method), request ?? {}), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function call(method: KioskMethod, request: unknown): Promise<unknown> {
    const response = readResponse(await invoke(method, request));
    if (response.ok === 'malformed') throw createKioskCallError('INTERNAL', `${method}: malformed response`);
    if (!response.ok) throw createKioskCallError(response.error.code, response.error.message);
    return response.value;
  }

  return {
    // One function per method of the generated list: a method added to the contract needs nothing here.
    ...methodsFrom(call),
    on<E extends KioskEventName>(event: E, listener: (payload: KioskEvents[E]) => void): Unsubscribe {
      return transport.subscribe(EVENT_CHANNEL, (message) => {
        const m = message as BridgeEventMessage;
        if (m?.event === event) listener(m.payload as KioskEvents[E]);
      });
    },
  } satisfies KioskApi;
}
