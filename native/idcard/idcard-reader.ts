/**
 * Driver for a resident ID-card reader built around a SAM module on a serial line.
 * One operation at a time: a second call while one runs is rejected with code 'busy' rather than
 * queued, because a queued card read would start long after the citizen stopped waiting.
 * Every exchange starts from a clean decoder, and an exchange that was abandoned (timeout, abort,
 * bad frame) makes the next one wait for the line to go quiet first, so one bad answer never wedges
 * the reader.
 */
import { SerialPort } from 'serialport';
import { DeviceStateMachine } from '../device/device-state.ts';
import type { IdCardData } from './id-card-data.ts';
import { IdCardError } from './idcard-error.ts';
import { FrameDecoder, encodeFrame, parseResponse, toHex, type SamResponse } from './sam-frame.ts';
import { SW3, samStatus } from './sam-status.ts';
import { parseCardPayload } from './card-payload.ts';
import { parseIdText } from './id-text.ts';
import { maskIdNumber, validateCardNumber } from './gb11643.ts';
import { formatSamId } from './sam-id.ts';
import { cancellation, sleep, throwIfCancelled } from './abortable.ts';

export { IdCardError, type IdCardErrorCode } from './idcard-error.ts';

export interface IdCardReaderOptions {
  path: string;
  baudRate?: number;
  /** How long one command may wait for its answer. */
  responseTimeoutMs?: number;
  /** Pause between "find card" polls while no card is on the reader. */
  pollIntervalMs?: number;
  /** Ask the module for its status (11 FF) while opening; the reader is 'ready' only if it answers. */
  checkStatusOnOpen?: boolean;
}

export interface ReadCardOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Use 30 10 and return the fingerprint block too. */
  fingerprint?: boolean;
}

interface Pending {
  resolve(response: SamResponse): void;
  reject(error: IdCardError): void;
}

/** A line counts as settled after this much silence. */
const QUIET_MS = 40;

export class IdCardReader {
  readonly state = new DeviceStateMachine('idCard');
  readonly #path: string;
  readonly #baudRate: number;
  readonly #responseTimeoutMs: number;
  readonly #pollIntervalMs: number;
  readonly #checkStatusOnOpen: boolean;
  readonly #decoder = new FrameDecoder();
  #port: SerialPort | undefined;
  #pending: Pending | undefined;
  #operation:
    | { name: string; abort: AbortController; signal: AbortSignal; done: Promise<void>; finished: () => void }
    | undefined;
  #closing = false;
  #lastRxAt = 0;
  #dirty = false;

  constructor(opts: IdCardReaderOptions) {
    this.#path = opts.path;
    this.#baudRate = opts.baudRate ?? 115200;
    this.#responseTimeoutMs = opts.responseTimeoutMs ?? 1500;
    this.#pollIntervalMs = opts.pollIntervalMs ?? 250;
    this.#checkStatusOnOpen = opts.checkStatusOnOpen ?? true;
  }

  async open(): Promise<void> {
    const kind = this.state.state.kind;
    if (kind !== 'disconnected' && kind !== 'error') {
      throw new IdCardError('port', `ID-card reader is already ${kind}`);
    }
    if (this.#port) await this.#closePort();
    this.state.transition({ kind: 'connecting' });
    const port = new SerialPort({ path: this.#path, baudRate: this.#baudRate, autoOpen: false });
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('error', (error: Error) => this.#onPortFailure(`serial port error: ${error.message}`));
    port.on('close', () => {
      if (!this.#closing) this.#onPortFailure('serial port closed unexpectedly');
    });
    try {
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      const message = `cannot open ${this.#path}: ${(error as Error).message}`;
      this.state.transition({ kind: 'error', reason: message });
      throw new IdCardError('port', message, { cause: error });
    }
    this.#port = port;
    this.#decoder.reset();
    this.#dirty = false;
    if (this.#checkStatusOnOpen) {
      try {
        const response = await this.#exchange(0x11, 0xff, this.#responseTimeoutMs);
        if (response.sw3 !== SW3.SUCCESS) throw this.#statusError('status check', response.sw3);
      } catch (error) {
        await this.#closePort();
        const reason = `ID-card module did not pass its status check: ${(error as Error).message}`;
        this.state.transition({ kind: 'error', reason });
        throw error;
      }
    }
    this.state.transition({ kind: 'ready' });
  }

  async close(): Promise<void> {
    this.#operation?.abort.abort(new IdCardError('cancelled', 'ID-card reader closed'));
    await this.#closePort();
    if (this.state.state.kind !== 'disconnected') this.state.transition({ kind: 'disconnected' });
  }

  /** Waits for a card (polling find/select), reads it, and checks its identity number. */
  async readCard(opts: ReadCardOptions): Promise<IdCardData> {
    const signal = await this.#begin('read-card', opts.signal);
    try {
      const deadline = Date.now() + opts.timeoutMs;
      await this.#waitForCard(deadline, opts.timeoutMs, signal);
      const para = opts.fingerprint ? 0x10 : 0x01;
      const response = await this.#exchange(0x30, para, this.#responseTimeoutMs, signal);
      if (response.sw3 === SW3.FIND_CARD_FAILED) {
        this.state.setFlags([]);
        throw new IdCardError('no-card', 'the card left the reader before it could be read');
      }
      if (response.sw3 !== SW3.SUCCESS) throw this.#statusError('card read', response.sw3);
      const payload = parseCardPayload(response.data, opts.fingerprint === true);
      const text = parseIdText(payload.text);
      const check = validateCardNumber(text.cardType, text.idNumber);
      if (!check.ok) {
        throw new IdCardError(
          'invalid-id-number',
          `identity number ${maskIdNumber(text.idNumber)} on the ${text.cardType} card is invalid: ${check.reason}`,
        );
      }
      const card: IdCardData = { ...text, photoWlt: payload.photo };
      if (payload.fingerprint) card.fingerprint = payload.fingerprint;
      return card;
    } finally {
      this.#end();
    }
  }

  /** The SAM module number, e.g. "05.01-20230101-0000000001-2023000001". */
  async readSamId(): Promise<string> {
    const signal = await this.#begin('read-sam-id');
    try {
      const response = await this.#exchange(0x12, 0xff, this.#responseTimeoutMs, signal);
      if (response.sw3 !== SW3.SUCCESS) throw this.#statusError('SAM id read', response.sw3);
      return formatSamId(response.data);
    } finally {
      this.#end();
    }
  }

  async #waitForCard(deadline: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const noCardInTime = () => new IdCardError('timeout', `no card was presented within ${timeoutMs} ms`);
    // Polls never outlive the caller's deadline; a poll cut short by it reports the deadline, not the module.
    const poll = async (para: number) => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw noCardInTime();
      try {
        return await this.#exchange(0x20, para, Math.min(this.#responseTimeoutMs, remaining), signal);
      } catch (error) {
        if (error instanceof IdCardError && error.code === 'timeout' && Date.now() >= deadline) throw noCardInTime();
        throw error;
      }
    };
    for (;;) {
      const find = await poll(0x01);
      if (find.sw3 === SW3.FIND_SUCCESS) {
        const select = await poll(0x02);
        if (select.sw3 === SW3.SUCCESS) {
          this.state.setFlags(['card-present']);
          return;
        }
        // A card lifted between find and select is an ordinary race: keep polling.
        if (select.sw3 !== SW3.SELECT_CARD_FAILED && select.sw3 !== SW3.FIND_CARD_FAILED) {
          throw this.#statusError('card select', select.sw3);
        }
      } else if (find.sw3 !== SW3.FIND_CARD_FAILED) {
        throw this.#statusError('card search', find.sw3);
      }
      this.state.setFlags([]);
      const wait = Math.min(this.#pollIntervalMs, deadline - Date.now());
      if (wait > 0) await sleep(wait, signal);
      if (Date.now() >= deadline) throw noCardInTime();
    }
  }

  async #begin(name: string, userSignal?: AbortSignal): Promise<AbortSignal> {
    // An operation whose caller already cancelled it is only winding down: wait for it rather than
    // refusing, so "cancel, then read again" works without the caller having to await the old read.
    for (let op = this.#operation; op?.signal.aborted; op = this.#operation) await op.done;
    if (this.#operation) {
      throw new IdCardError('busy', `ID-card reader is busy with ${this.#operation.name}`);
    }
    if (!this.#port?.isOpen || this.state.state.kind !== 'ready') {
      throw new IdCardError('port', `ID-card reader is not open (state ${this.state.state.kind})`);
    }
    const abort = new AbortController();
    const signal = userSignal ? AbortSignal.any([userSignal, abort.signal]) : abort.signal;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    this.#operation = { name, abort, signal, done, finished };
    this.state.transition({ kind: 'busy', operation: name });
    return signal;
  }

  #end(): void {
    const operation = this.#operation;
    this.#operation = undefined;
    if (this.state.state.kind === 'busy') this.state.transition({ kind: 'ready' });
    operation?.finished();
  }

  #statusError(step: string, sw3: number): IdCardError {
    const status = samStatus(sw3);
    return new IdCardError('sam-status', `${step} failed: ${status.message} (SW3 0x${toHex(Uint8Array.of(sw3))})`, {
      samStatus: status,
    });
  }

  async #exchange(cmd: number, para: number, timeoutMs: number, signal?: AbortSignal): Promise<SamResponse> {
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
    const giveUpAt = Date.now() + this.#responseTimeoutMs;
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

  #onPortFailure(reason: string): void {
    const failure = new IdCardError('port', reason);
    this.#pending?.reject(failure);
    this.#operation?.abort.abort(failure);
    const kind = this.state.state.kind;
    if (kind !== 'disconnected' && kind !== 'error') this.state.transition({ kind: 'error', reason });
  }

  async #closePort(): Promise<void> {
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
}
