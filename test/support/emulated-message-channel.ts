/**
 * An EMULATION of Electron's MessageChannelMain for tests (the Electron binary cannot run here):
 * two linked MessagePortMain-like ends in this process. Messages are structured-cloned and queued
 * until start(), 'message' carries `{ data, ports }`, and close() on either end emits 'close' on
 * both, as in Electron. An end handed to an EmulatedUtilityProcess (postMessage's transfer list)
 * is carried to the child over the fork IPC channel (see emulated-parent-port.mjs).
 */
import { EventEmitter } from 'node:events';

export interface PortMessageEvent {
  data: unknown;
  ports: EmulatedMessagePortMain[];
}

export class EmulatedMessagePortMain extends EventEmitter<{ message: [PortMessageEvent]; close: [] }> {
  peer: EmulatedMessagePortMain | undefined;
  #started = false;
  #closed = false;
  readonly #queued: unknown[] = [];

  postMessage(message: unknown): void {
    if (this.#closed) return;
    this.peer?.receive(structuredClone(message));
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const data of this.#queued.splice(0)) this.emit('message', { data, ports: [] });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit('close');
    this.peer?.close();
  }

  get closed(): boolean {
    return this.#closed;
  }

  receive(data: unknown): void {
    if (this.#closed) return;
    // Electron delivers asynchronously; so does this, so callers never see re-entrant answers.
    queueMicrotask(() => {
      if (this.#started) this.emit('message', { data, ports: [] });
      else this.#queued.push(data);
    });
  }
}

export function emulatedMessageChannelMain(): { port1: EmulatedMessagePortMain; port2: EmulatedMessagePortMain } {
  const port1 = new EmulatedMessagePortMain();
  const port2 = new EmulatedMessagePortMain();
  port1.peer = port2;
  port2.peer = port1;
  return { port1, port2 };
}
