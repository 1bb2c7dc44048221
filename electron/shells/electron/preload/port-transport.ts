/**
 * The preload's BridgeTransport over the MessagePort the main process hands over: calls go
 * straight to the core host (its own process), so the window's main process never relays them.
 * Frames are the browser shell's WebSocket frames (contract/ws-protocol.ts) as structured clones.
 * Calls made before the port arrives wait for it; calls in flight when it closes (core host
 * restarted) are rejected rather than resent, as the WebSocket client does: readIdCard or a print
 * must not run twice. Imports only channels.ts at runtime (the sandboxed preload stays tiny).
 */
import { CHANNEL_PREFIX, EVENT_CHANNEL } from '../../../contract/channels.ts';
import type { KioskResponse, Unsubscribe } from '../../../contract/kiosk-api.ts';
import type { WsServerMessage } from '../../../contract/ws-protocol.ts';
import type { BridgeEventMessage, BridgeTransport } from './kiosk-bridge.ts';

/** The part of a DOM MessagePort used here (what `event.ports[0]` is in the preload). */
export interface RendererPortLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface PortTransport extends BridgeTransport {
  /** A new port from the main process replaces the old one (first start, or core host restarted). */
  attach(port: RendererPortLike): void;
  /** The port closed: calls in flight are answered INTERNAL (their outcome is unknown). */
  detach(reason: string): void;
}

interface Pending {
  resolve(response: KioskResponse<unknown>): void;
  frame: { type: 'call'; id: number; method: string; payload: unknown };
  sent: boolean;
}

export function createPortTransport(): PortTransport {
  let port: RendererPortLike | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(message: unknown) => void>();

  function onMessage(data: unknown): void {
    const message = data as WsServerMessage | null;
    if (message?.type === 'event') {
      const unwrapped = { event: message.event, payload: message.payload } as BridgeEventMessage;
      for (const listener of listeners) listener(unwrapped);
      return;
    }
    if (message?.type !== 'result' || message.id === null) return;
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    call.resolve(message.response);
  }

  function send(call: Pending): void {
    if (port === null) return;
    call.sent = true;
    port.postMessage(call.frame);
  }

  function detach(reason: string): void {
    for (const [id, call] of pending) {
      if (!call.sent) continue;
      pending.delete(id);
      call.resolve({ ok: false, error: { code: 'INTERNAL', message: reason } });
    }
    if (port !== null) port.onmessage = null;
    port = null;
  }

  return {
    attach(next) {
      if (port !== null) {
        const old = port;
        detach('connection to the terminal core was replaced');
        old.close();
      }
      port = next;
      next.onmessage = (event) => onMessage(event.data);
      for (const call of pending.values()) if (!call.sent) send(call);
    },
    detach,
    invoke(channel, payload) {
      const method = channel.startsWith(CHANNEL_PREFIX) ? channel.slice(CHANNEL_PREFIX.length) : channel;
      return new Promise<KioskResponse<unknown>>((resolve) => {
        const id = nextId++;
        const call: Pending = { resolve, frame: { type: 'call', id, method, payload }, sent: false };
        pending.set(id, call);
        send(call);
      });
    },
    subscribe(channel, listener): Unsubscribe {
      if (channel !== EVENT_CHANNEL) return () => undefined;
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
