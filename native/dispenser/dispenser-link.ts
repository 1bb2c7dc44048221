/**
 * The serial line to the dispenser module: one command at a time through the ACK / ENQ handshake.
 * A command the module NAKs, or never ACKs, is sent again (the module executes only on ENQ, so
 * nothing has moved). Once the ENQ is out the command may be executing: a corrupt answer is NAKed
 * so the module repeats it, and no answer at all is reported as an unknown outcome, never retried.
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { DispenserError } from './dispenser-error.ts';
import { ACK, ENQ, FrameDecoder, NAK, TEXT_NEGATIVE, TEXT_POSITIVE, encodeCommand, toHex, type DecodedItem } from './dispenser-frame.ts';
import { MODULE_ERRORS, type ModuleErrorCode } from './dispenser-commands.ts';

export interface LinkAnswer {
  /** ST0 ST1 ST2 and any data after them. */
  body: Uint8Array;
}

export interface DispenserLinkOptions {
  path: string;
  baudRate: number;
  address?: number;
  /** How long the module has to ACK a command. */
  ackTimeoutMs?: number;
  /** Sends of one command before giving up on NAKs or silence. */
  sendAttempts?: number;
  /** NAKs of corrupt answers before giving up. */
  answerRepeats?: number;
}

export interface SamLinkEvents {
  failure: [reason: string];
}

type Waiter = (item: DecodedItem) => boolean;

export class DispenserLink extends EventEmitter<SamLinkEvents> {
  readonly path: string;
  readonly baudRate: number;
  readonly #address: number;
  readonly #ackTimeoutMs: number;
  readonly #sendAttempts: number;
  readonly #answerRepeats: number;
  readonly #decoder = new FrameDecoder();
  #port: SerialPort | undefined;
  #waiter: Waiter | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closing = false;

  constructor(options: DispenserLinkOptions) {
    super();
    this.path = options.path;
    this.baudRate = options.baudRate;
    this.#address = options.address ?? 0;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 300;
    this.#sendAttempts = options.sendAttempts ?? 3;
    this.#answerRepeats = options.answerRepeats ?? 3;
  }

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.#port) await this.close();
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('error', (error: Error) => this.#fail(port, `serial port error: ${error.message}`));
    port.on('close', () => {
      if (!this.#closing) this.#fail(port, 'serial port closed unexpectedly');
    });
    try {
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      throw new DispenserError('port', `cannot open ${this.path}: ${(error as Error).message}`, false, { cause: error });
    }
    this.#port = port;
    this.#decoder.reset();
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    if (!port?.isOpen) return;
    this.#closing = true;
    try {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    } finally {
      this.#closing = false;
    }
  }

  /** One command, queued behind any other on the line. */
  exchange(cm: number, pm: number, data: Uint8Array, answerTimeoutMs: number): Promise<LinkAnswer> {
    const run = this.#queue.then(() => this.#exchange(cm, pm, data, answerTimeoutMs));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #exchange(cm: number, pm: number, data: Uint8Array, answerTimeoutMs: number): Promise<LinkAnswer> {
    const frame = encodeCommand(this.#address, cm, pm, data);
    const label = String.fromCharCode(cm, pm);
    this.#decoder.reset();
    let acked = false;
    for (let attempt = 1; attempt <= this.#sendAttempts && !acked; attempt += 1) {
      await this.#write(frame);
      const reply = await this.#next((item) => item.kind === 'control' && (item.byte === ACK || item.byte === NAK), this.#ackTimeoutMs);
      acked = reply?.kind === 'control' && reply.byte === ACK;
      if (!reply && attempt === this.#sendAttempts) {
        throw new DispenserError('timeout', `dispenser did not acknowledge command ${label} (${toHex(frame)})`);
      }
    }
    if (!acked) throw new DispenserError('refused', `dispenser refused command ${label} ${this.#sendAttempts} times (NAK)`);
    await this.#write(Uint8Array.of(ENQ));
    for (let repeat = 0; ; repeat += 1) {
      const answer = await this.#next((item) => item.kind === 'frame' || item.kind === 'bad-frame', answerTimeoutMs);
      if (!answer) throw new DispenserError('timeout', `dispenser did not answer command ${label} within ${answerTimeoutMs} ms`, true);
      if (answer.kind === 'bad-frame') {
        if (repeat >= this.#answerRepeats) throw new DispenserError('protocol', `corrupt answers to ${label} (${answer.reason})`, true);
        await this.#write(Uint8Array.of(NAK));
        continue;
      }
      if (answer.kind !== 'frame') continue;
      const text = answer.frame.text;
      if (text.length < 3 || text[1] !== cm || text[2] !== pm) {
        // An answer to another command: the late reply of an abandoned exchange. Keep waiting.
        continue;
      }
      if (text[0] === TEXT_POSITIVE) return { body: text.slice(3) };
      if (text[0] === TEXT_NEGATIVE) {
        const code = String.fromCharCode(text[3] ?? 0, text[4] ?? 0) as ModuleErrorCode;
        const error = MODULE_ERRORS[code];
        if (!error) throw new DispenserError('protocol', `unknown module error ${code} for ${label}`, true);
        throw new DispenserError(error, `dispenser: ${error} (${label})`);
      }
      throw new DispenserError('protocol', `answer of unknown type 0x${text[0]!.toString(16)} for ${label}`, true);
    }
  }

  #next(accept: Waiter, timeoutMs: number): Promise<DecodedItem | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.#waiter = (item) => {
        if (!accept(item)) return false;
        clearTimeout(timer);
        this.#waiter = undefined;
        resolve(item);
        return true;
      };
      for (const pending of this.#backlog.splice(0)) if (this.#waiter?.(pending) === true) break;
    });
  }

  /** Items that arrived while nobody waited (an ACK can beat the write callback). */
  readonly #backlog: DecodedItem[] = [];

  #onData(chunk: Buffer): void {
    for (const item of this.#decoder.push(chunk)) {
      if (!this.#waiter?.(item)) this.#backlog.push(item);
    }
    if (this.#backlog.length > 64) this.#backlog.splice(0, this.#backlog.length - 64);
  }

  #write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) return Promise.reject(new DispenserError('port', 'dispenser port is not open'));
    this.#backlog.length = 0;
    return new Promise((resolve, reject) =>
      port.write(Buffer.from(bytes), (error) => (error ? reject(new DispenserError('port', `write failed: ${error.message}`, true, { cause: error })) : resolve())),
    );
  }

  #fail(port: SerialPort, reason: string): void {
    if (this.#port !== port) return;
    this.emit('failure', reason);
  }
}
