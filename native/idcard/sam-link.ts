/**
 * The serial line to a SAM module: one command out, one answer frame back. Every exchange starts
 * from a clean decoder, and an exchange that was abandoned (timeout, abort, bad frame) makes the
 * next one wait for the line to go quiet first, so a late answer is never taken for the next one.
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { IdCardError } from './idcard-error.ts';
import { FrameDecoder, encodeFrame, parseResponse, toHex, type SamResponse } from './sam-frame.ts';
import { cancellation, sleep, throwIfCancelled } from './abortable.ts';

export interface SamLinkEvents {
  /** The port failed or closed without close() being called (cable pulled, adapter gone). */
  failure: [reason: string];
}

interface Pending {
  resolve(response: SamResponse): void;
  reject(error: IdCardError): void;
}

/** A line counts as settled after this much silence. */
const QUIET_MS = 40;

export class SamLink extends EventEmitter<SamLinkEvents> {
  readonly path: string;
  #baudRate: number;
  readonly #settleLimitMs: number;
  readonly #decoder = new FrameDecoder();
  #port: SerialPort | undefined;
  #pending: Pending | undefined;
  #closing = false;
  #lastRxAt = 0;
  #dirty = false;

  constructor(opts: { path: string; baudRate: number; settleLimitMs: number }) {
    super();
    this.path = opts.path;
    this.#baudRate = opts.baudRate;
    this.#settleLimitMs = opts.settleLimitMs;
  }

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }

  get baudRate(): number {
    return this.#baudRate;
  }

  async open(): Promise<void> {
    if (this.#port) await this.close();
    const port = new SerialPort({ path: this.path, baudRate: this.#baudRate, autoOpen: false });
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('error', (error: Error) => this.#fail(port, `serial port error: ${error.message}`));
    port.on('close', () => {
      if (!this.#closing) this.#fail(port, 'serial port closed unexpectedly');
    });
    try {
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      throw new IdCardError('port', `cannot open ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    this.#port = port;
    this.#decoder.reset();
    this.#dirty = false;
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    if (!port) return;
    this.#pending?.reject(new IdCardError('cancelled', 'ID-card reader closed'));
    if (!port.isOpen) return;
    this.#closing = true;
    try {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    } finally {
      this.#closing = false;
    }
  }

  /** Changes the host side's line speed; the module must already have been told (60 nn). */
  async setBaudRate(baudRate: number): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) throw new IdCardError('port', 'ID-card reader is not open');
    await new Promise<void>((resolve, reject) =>
      port.update({ baudRate }, (error) =>
        error ? reject(new IdCardError('port', `cannot switch to ${baudRate} baud: ${error.message}`, { cause: error })) : resolve(),
      ),
    );
    this.#baudRate = baudRate;
  }

  async exchange(cmd: number, para: number, timeoutMs: number, signal?: AbortSignal): Promise<SamResponse> {
    const label = toHex(Uint8Array.of(cmd, para));
    throwIfCancelled(signal);
    await this.#settle(signal);
    const port = this.#port;
    if (!port?.isOpen) throw new IdCardError('port', 'ID-card reader is not open');
    this.#decoder.reset();
    return new Promise<SamResponse>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#pending = undefined;
      };
      const abandon = (error: IdCardError) => {
        finish();
        this.#dirty = true;
        reject(error);
      };
      const onAbort = () => abandon(cancellation(signal, `command ${label} cancelled`));
      const timer = setTimeout(
        () => abandon(new IdCardError('timeout', `ID-card module did not answer ${label} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending = {
        resolve: (response) => {
          finish();
          resolve(response);
        },
        reject: abandon,
      };
      port.write(Buffer.from(encodeFrame(cmd, para)), (error) => {
        if (error) this.#pending?.reject(new IdCardError('port', `write failed: ${error.message}`, { cause: error }));
      });
    });
  }

  /** After an abandoned exchange, lets any late answer drain so it is not taken for the next one. */
  async #settle(signal?: AbortSignal): Promise<void> {
    if (!this.#dirty) return;
    const giveUpAt = Date.now() + this.#settleLimitMs;
    for (;;) {
      const quietFor = Date.now() - this.#lastRxAt;
      if (quietFor >= QUIET_MS || Date.now() >= giveUpAt) break;
      await sleep(QUIET_MS - quietFor, signal);
    }
    this.#dirty = false;
  }

  #onData(chunk: Buffer): void {
    this.#lastRxAt = Date.now();
    for (const result of this.#decoder.push(chunk)) {
      const pending = this.#pending;
      if (!pending) continue;
      if (result.kind === 'frame') {
        const response = parseResponse(result.frame);
        if (response) pending.resolve(response);
        else pending.reject(new IdCardError('protocol', 'answer frame is too short to hold a status'));
      } else if (result.error.code === 'checksum') {
        pending.reject(new IdCardError('checksum', `corrupted answer from the ID-card module: ${result.error.message}`));
      }
      // An impossible length is line noise: the decoder resyncs and the real answer may still follow.
    }
  }

  #fail(port: SerialPort, reason: string): void {
    // Events from a port we already replaced or closed are history, not news.
    if (this.#port !== port) return;
    this.#pending?.reject(new IdCardError('port', reason));
    this.emit('failure', reason);
  }
}
