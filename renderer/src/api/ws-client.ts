/**
 * KioskApi over the browser shell's WebSocket. Calls made before the socket opens are queued;
 * a dropped socket is reopened with capped exponential backoff. A call already sent when the
 * socket drops is rejected rather than resent: readIdCard or printCreditReceipt must not run
 * twice behind the citizen's back (printing is idempotent by jobId, so the UI may retry it).
 *
 * The socket is injected so this module stays free of DOM types and can be tested in Node.
 */
// channels.ts is the one contract module the renderer loads as a value: it imports nothing.
import { KIOSK_EVENTS, type KioskEventName, type KioskMethod } from '../../../electron/contract/channels.ts';
import { answerDeadlineMs, methodsFrom, readResponse } from '../../../electron/contract/client/client-calls.ts';
import { backoffCeiling } from '../../../electron/contract/rules/backoff.ts';
import type { KioskApi, KioskEvents, Unsubscribe } from '../../../electron/contract/kiosk-api.ts';
import { createCallError } from './call-error.ts';

/** The part of a WebSocket the client uses. */
export interface KioskSocket {
  send(data: string): void;
  close(): void;
}

/** Callbacks a socket factory wires to its socket's open/message/close events. */
export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(): void;
}

export type SocketFactory = (handlers: SocketHandlers) => KioskSocket;

export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type ConnectionStatus = 'connecting' | 'open' | 'waiting' | 'disposed';

export interface WsClientOptions {
  /** Reconnect delay: initialMs, doubling per failed attempt up to maxMs, ±20 % jitter. */
  backoff?: { initialMs: number; maxMs: number };
  scheduler?: Scheduler;
  /** Source of jitter in [0, 1). */
  random?: () => number;
  onStatus?: (status: ConnectionStatus) => void;
  /**
   * How long past a call's own `timeoutMs` (card reads, scans) the client waits for an answer
   * before giving up with INTERNAL; default: the method's timeout in the contract table. A core
   * that accepted a call and then hung must not leave a citizen on a waiting screen, where the
   * inactivity warning is held off, for ever.
   */
  answerGraceMs?: number;
}

export interface WsKioskApi extends KioskApi {
  readonly status: ConnectionStatus;
  /** Close for good: no reconnect, every pending call rejects. */
  dispose(): void;
}

interface PendingCall {
  message: string;
  sent: boolean;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const isEventName = (value: unknown): value is KioskEventName =>
  typeof value === 'string' && (KIOSK_EVENTS as readonly string[]).includes(value);

const defaultScheduler: Scheduler = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

export function createWsKioskApi(socketFactory: SocketFactory, options: WsClientOptions = {}): WsKioskApi {
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 5000 };
  const scheduler = options.scheduler ?? defaultScheduler;
  const random = options.random ?? Math.random;

  const pending = new Map<number, PendingCall>();
  const listeners = new Map<KioskEventName, Set<(payload: never) => void>>();
  let nextId = 1;
  let socket: KioskSocket | null = null;
  let generation = 0;
  let status: ConnectionStatus = 'connecting';
  let failedAttempts = 0;
  let reconnectTimer: unknown = null;

  const setStatus = (next: ConnectionStatus): void => {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  };

  const rejectCalls = (which: (call: PendingCall) => boolean, reason: string): void => {
    for (const [id, call] of pending) {
      if (!which(call)) continue;
      pending.delete(id);
      call.reject(createCallError({ code: 'INTERNAL', message: reason }));
    }
  };

  const flush = (): void => {
    if (status !== 'open' || socket === null) return;
    for (const call of pending.values()) {
      if (call.sent) continue;
      call.sent = true;
      socket.send(call.message);
    }
  };

  const handleMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return; // a garbled frame cannot be matched to a call; the call stays pending
    }
    if (typeof message !== 'object' || message === null) return;
    const envelope = message as Record<string, unknown>;
    if (envelope.type === 'result') handleResult(envelope.id, envelope.response);
    else if (envelope.type === 'event') handleEvent(envelope.event, envelope.payload);
  };

  const handleResult = (id: unknown, response: unknown): void => {
    if (typeof id !== 'number') return;
    const call = pending.get(id);
    if (call === undefined) return;
    const read = readResponse(response);
    if (read.ok === 'malformed') return; // a garbled answer: the call's deadline settles it
    pending.delete(id);
    if (read.ok) call.resolve(read.value);
    else call.reject(createCallError(read.error));
  };

  const handleEvent = (event: unknown, payload: unknown): void => {
    if (!isEventName(event)) return;
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload as never);
      } catch {
        // one broken listener must not starve the others (e.g. the session wipe)
      }
    }
  };

  const connect = (): void => {
    reconnectTimer = null;
    if (status === 'disposed') return;
    const mine = ++generation;
    setStatus('connecting');
    const handlers: SocketHandlers = {
      open: () => {
        if (mine !== generation || status === 'disposed') return;
        failedAttempts = 0;
        setStatus('open');
        flush();
      },
      message: (data) => {
        if (mine === generation) handleMessage(data);
      },
      close: () => {
        if (mine !== generation) return;
        socket = null;
        dropped();
      },
    };
    try {
      socket = socketFactory(handlers);
    } catch {
      socket = null;
      dropped();
    }
  };

  const dropped = (): void => {
    if (status === 'disposed') return;
    generation++;
    rejectCalls((call) => call.sent, 'connection to the terminal core lost');
    setStatus('waiting');
    failedAttempts++;
    const base = backoffCeiling(failedAttempts, { baseMs: backoff.initialMs, capMs: backoff.maxMs });
    const delay = Math.round(base * (0.8 + 0.4 * random()));
    reconnectTimer = scheduler.setTimeout(connect, delay);
  };

  const call = (method: KioskMethod, payload: unknown): Promise<unknown> =>
      new Promise((resolve, reject) => {
        if (status === 'disposed') {
          reject(createCallError({ code: 'INTERNAL', message: 'client disposed' }));
          return;
        }
        const id = nextId++;
        const message = JSON.stringify({ type: 'call', id, method, payload: payload ?? {} });
        const deadline = scheduler.setTimeout(
          () => {
            if (!pending.delete(id)) return;
            reject(createCallError({ code: 'INTERNAL', message: `no answer from the terminal core to ${method}` }));
          },
          answerDeadlineMs(method, payload, options.answerGraceMs),
        );
        const settled = <T,>(settle: (value: T) => void) => (value: T) => {
          scheduler.clearTimeout(deadline);
          settle(value);
        };
        pending.set(id, { message, sent: false, resolve: settled(resolve), reject: settled(reject) });
        flush();
      });

  // One function per method of the generated list, shared with the Electron preload.
  const methods = methodsFrom(call);

  const api: WsKioskApi = {
    ...methods,
    on<E extends KioskEventName>(event: E, listener: (payload: KioskEvents[E]) => void): Unsubscribe {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const stored = listener as (payload: never) => void;
      set.add(stored);
      return () => {
        listeners.get(event)?.delete(stored);
      };
    },
    get status() {
      return status;
    },
    dispose() {
      if (status === 'disposed') return;
      setStatus('disposed');
      generation++;
      if (reconnectTimer !== null) scheduler.clearTimeout(reconnectTimer);
      reconnectTimer = null;
      socket?.close();
      socket = null;
      rejectCalls(() => true, 'client disposed');
      listeners.clear();
    },
  };

  connect();
  return api;
}
