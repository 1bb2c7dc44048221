/**
 * What both KioskApi clients (the Electron preload and the browser's WebSocket client) share: the
 * method functions built from the generated method list, the answer deadline of each call, and
 * how a response envelope is read. Imports only the dependency-free generated list as a value,
 * so it is safe in the sandboxed preload and in the renderer bundle.
 */
import { KIOSK_METHODS, METHOD_TIMEOUT_MS, type KioskMethod } from '../generated/method-list.ts';
import type { KioskErrorPayload, KioskMethods } from '../kiosk-api.ts';

/**
 * How long a client waits for the core's answer: the request's own wait (card reads, scans) plus
 * the method's timeout from the contract table, or `overrideMs` instead of the latter. Past it the
 * call fails with INTERNAL: a core that took a call and hung must not hold a citizen for ever.
 */
export function answerDeadlineMs(method: KioskMethod, request: unknown, overrideMs?: number): number {
  const ownWait = (request as { timeoutMs?: unknown } | undefined)?.timeoutMs;
  return (typeof ownWait === 'number' ? ownWait : 0) + (overrideMs ?? METHOD_TIMEOUT_MS[method]);
}

/** One function per method of the contract, each handing its name and request to `call`. */
export function methodsFrom(call: (method: KioskMethod, request: unknown) => Promise<unknown>): KioskMethods {
  return Object.fromEntries(KIOSK_METHODS.map((name) => [name, (request: unknown) => call(name, request ?? {})])) as unknown as KioskMethods;
}

export type ReadResponse = { ok: true; value: unknown } | { ok: false; error: KioskErrorPayload } | { ok: 'malformed' };

/** Checks a response envelope's shape; anything else is 'malformed' (the caller fails the call). */
export function readResponse(response: unknown): ReadResponse {
  if (typeof response !== 'object' || response === null) return { ok: 'malformed' };
  const envelope = response as { ok?: unknown; value?: unknown; error?: unknown };
  if (envelope.ok === true) return { ok: true, value: envelope.value };
  if (envelope.ok === false && typeof envelope.error === 'object' && envelope.error !== null) {
    const error = envelope.error as { code?: unknown; message?: unknown };
    if (typeof error.code === 'string') {
      return { ok: false, error: { code: error.code as KioskErrorPayload['code'], message: typeof error.message === 'string' ? error.message : '' } };
    }
  }
  return { ok: 'malformed' };
}
