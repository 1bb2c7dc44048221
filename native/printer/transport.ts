/**
 * Byte transports to a receipt printer. A printer only speaks when asked (DLE EOT), so the
 * transport pairs each request with the next N reply bytes and drops anything that arrives
 * outside a request — a late reply after a timeout must not be read as the next request's answer.
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { PrinterError } from './printer-errors.ts';

export interface PrinterTransportEvents {
  /** The link went away (cable pulled, socket closed, close() called). */
  close: [];
  error: [error: Error];
}

export interface PrinterTransport {
  readonly isOpen: boolean;
  /** Human-readable endpoint for logs, e.g. '/dev/ttyUSB0' or 'tcp://10.0.0.5:9100'. */
  readonly description: string;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Resolves once the bytes have left the host (serial drain / socket write callback). */
  write(bytes: Uint8Array): Promise<void>;
  /** Writes bytes and resolves with exactly replyLength reply bytes, or rejects with 'reply-timeout'. */
  request(bytes: Uint8Array, replyLength: number, timeoutMs: number): Promise<Uint8Array>;
  on<E extends keyof PrinterTransportEvents>(event: E, listener: (...args: PrinterTransportEvents[E]) => void): this;
  off<E extends keyof PrinterTransportEvents>(event: E, listener: (...args: PrinterTransportEvents[E]) => void): this;
}

interface PendingReply {
  length: number;
  received: number[];
  resolve: (reply: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Request/reply pairing and write timeouts shared by the serial and TCP transports. */
export abstract class StreamPrinterTransport
  extends EventEmitter<PrinterTransportEvents>
  implements PrinterTransport
{
  #pending: PendingReply | undefined;
  /** Bytes that arrived while no request was waiting (late replies, noise); for diagnostics. */
  discardedBytes = 0;

  constructor(protected readonly writeTimeoutMs: number) {
    super();
  }

  abstract readonly description: string;
  abstract get isOpen(): boolean;
  abstract open(): Promise<void>;
  abstract close(): Promise<void>;
  /** Sends bytes; resolves when the OS has taken them. */
  protected abstract send(bytes: Uint8Array): Promise<void>;

  protected received(chunk: Uint8Array): void {
    const pending = this.#pending;
    let i = 0;
    if (pending) {
      for (; i < chunk.length && pending.received.length < pending.length; i++) pending.received.push(chunk[i] ?? 0);
      if (pending.received.length === pending.length) this.#settle(undefined, Uint8Array.from(pending.received));
    }
    this.discardedBytes += chunk.length - i;
  }

  /** Subclasses call this when the link closes, whoever closed it. */
  protected closed(reason: string): void {
    this.#settle(new PrinterError('disconnected', `${this.description}: ${reason}`));
    this.emit('close');
  }

  protected failed(error: Error): void {
    // Without a listener an 'error' event would crash the process; a driver always listens.
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  #settle(error: Error | undefined, reply?: Uint8Array): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(reply ?? new Uint8Array());
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new PrinterError('disconnected', `${this.description} is not open`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new PrinterError('write-timeout', `${this.description}: ${bytes.length} bytes not sent within ${this.writeTimeoutMs} ms`),
          ),
        this.writeTimeoutMs,
      );
    });
    try {
      await Promise.race([this.send(bytes), timeout]);
    } catch (error) {
      if (error instanceof PrinterError) throw error;
      throw new PrinterError('write-failed', `${this.description}: write failed: ${(error as Error).message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async request(bytes: Uint8Array, replyLength: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.#pending) throw new PrinterError('invalid-argument', `${this.description}: a request is already waiting for its reply`);
    if (!Number.isInteger(replyLength) || replyLength < 1) {
      throw new PrinterError('invalid-argument', `reply length must be a positive integer, got ${replyLength}`);
    }
    // Registered before writing: a fast printer may answer before write() resolves.
    const reply = new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        const got = this.#pending?.received.length ?? 0;
        this.#settle(
          new PrinterError('reply-timeout', `${this.description}: got ${got} of ${replyLength} reply bytes within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.#pending = { length: replyLength, received: [], resolve, reject, timer };
    });
    try {
      await this.write(bytes);
    } catch (error) {
      this.#settle(error as Error);
    }
    return reply;
  }
}

export interface SerialPrinterTransportOptions {
  path: string;
  /** Default 9600, the factory setting of most serial receipt printers. */
  baudRate?: number;
  /** Hardware flow control (RTS/CTS), used by printers that stall the host when their buffer fills. */
  rtscts?: boolean;
  writeTimeoutMs?: number;
}

export class SerialPrinterTransport extends StreamPrinterTransport {
  readonly description: string;
  readonly #options: SerialPrinterTransportOptions;
  #port: SerialPort | undefined;

  constructor(options: SerialPrinterTransportOptions) {
    super(options.writeTimeoutMs ?? 30_000);
    this.#options = options;
    this.description = options.path;
  }

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const port = new SerialPort({
      path: this.#options.path,
      baudRate: this.#options.baudRate ?? 9600,
      rtscts: this.#options.rtscts ?? false,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) =>
      port.open((error) => {
        if (!error) return resolve();
        const missing = /no such file|ENOENT|cannot find/i.test(error.message);
        reject(
          new PrinterError(missing ? 'port-not-found' : 'open-failed', `${this.description}: ${error.message}`, { cause: error }),
        );
      }),
    );
    port.on('data', (chunk: Buffer) => this.received(chunk));
    port.on('error', (error: Error) => this.failed(error));
    port.once('close', (error?: Error & { disconnected?: boolean }) => {
      if (this.#port === port) this.#port = undefined;
      this.closed(error?.disconnected ? 'device disconnected' : 'port closed');
    });
    this.#port = port;
  }

  async close(): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  protected send(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port) return Promise.reject(new PrinterError('disconnected', `${this.description} is not open`));
    return new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) => {
        if (error) return reject(error);
        port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }
}
