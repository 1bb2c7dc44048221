/**
 * The serial line to a SAM module: one command out, one answer frame back. Every exchange starts
 * from a clean decoder. The protocol has no sequence numbers, so an exchange that was abandoned
 * (timeout, abort, bad frame) makes the next one wait until the abandoned command's late answer has
 * come and gone (or could no longer plausibly come): otherwise, on a slow or loaded machine, that
 * late answer would be taken for the next command's, and every answer after it would be off by one.
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
  /** Set when an exchange is abandoned: when, and whether its (late) answer has shown up since. */
  #abandoned: { at: number; answered: boolean } | undefined;

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
    this.#abandoned = undefined;
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
    const sentAt = Date.now();
    return new Promise<SamResponse>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#pending = undefined;
      };
      const abandon = (error: IdCardError) => {
        finish();
        // Bytes since the command (a bad or cut answer) mean the module answered: only the rest of
        // it may still drain. Nothing at all means the whole answer may still be on its way.
        this.#abandoned = { at: Date.now(), answered: this.#lastRxAt >= sentAt };
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

  /**
   * After an abandoned exchange: waits for its late answer to arrive and the line to go quiet, or,
   * if no answer comes, until settleLimitMs after the abandonment (a module that slow is broken).
   */
  async #settle(signal?: AbortSignal): Promise<void> {
    const abandoned = this.#abandoned;
    if (!abandoned) return;
    const giveUpAt = abandoned.at + this.#settleLimitMs;
    for (;;) {
      const now = Date.now();
      const quietFor = now - this.#lastRxAt;
      if (now >= giveUpAt || (abandoned.answered && quietFor >= QUIET_MS)) break;
      await sleep(abandoned.answered ? QUIET_MS - quietFor : Math.min(QUIET_MS, giveUpAt - now), signal);
    }
    this.#abandoned = undefined;
  }

  #onData(chunk: Buffer): void {
    this.#lastRxAt = Date.now();
    for (const result of this.#decoder.push(chunk)) {
      const pending = this.#pending;
      if (!pending) {
        if (this.#abandoned && (result.kind === 'frame' || result.error.code === 'checksum')) this.#abandoned.answered = true;
        continue;
      }
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
