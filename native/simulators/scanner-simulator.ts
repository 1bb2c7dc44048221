/**
 * A serial QR/barcode scanner on the far end of a pseudo-terminal. A real scanner only talks: it
 * sends the decoded code, in the encoding it is set to, followed by its suffix (CR, LF, CRLF or
 * none). Chunking and delays reproduce how USB-serial adapters and slow scanners hand bytes to the
 * tty, and sendRaw puts line noise or a mangled code on the wire.
 */
import iconv from 'iconv-lite';
import { SerialPort } from 'serialport';

export type ScanTerminator = '\r' | '\n' | '\r\n' | '';

export interface SimulatedScanOptions {
  encoding?: 'utf-8' | 'gb18030';
  /** Default '\r', the factory suffix of most serial scanners. */
  terminator?: ScanTerminator;
  /** Bytes per write; default: everything in one write. */
  chunkSize?: number;
  /** Pause between chunks. */
  delayMs?: number;
}

export interface RawSendOptions {
  chunkSize?: number;
  delayMs?: number;
}

export function encodeScan(
  text: string,
  encoding: 'utf-8' | 'gb18030' = 'utf-8',
  terminator: ScanTerminator = '\r',
): Uint8Array {
  const body = encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
  return new Uint8Array(Buffer.concat([body, Buffer.from(terminator, 'latin1')]));
}

/**
 * A code the scanner misread: every seventh byte replaced with 0xFF, which is neither UTF-8 nor
 * GB18030, so the driver must refuse it rather than pass a corrupted code on.
 */
export function mangledScan(text: string, terminator: ScanTerminator = '\r'): Uint8Array {
  const body = Buffer.from(text, 'utf8');
  for (let i = 3; i < body.length; i += 7) body[i] = 0xff;
  return new Uint8Array(Buffer.concat([body, Buffer.from(terminator, 'latin1')]));
}

export class ScannerSimulator {
  readonly #path: string;
  readonly #baudRate: number;
  #port: SerialPort | undefined;
  /** Scans go out in order even when one of them is dribbled slowly. */
  #outbox: Promise<void> = Promise.resolve();

  constructor(opts: { path: string; baudRate?: number }) {
    this.#path = opts.path;
    this.#baudRate = opts.baudRate ?? 9600;
  }

  async start(): Promise<void> {
    if (this.#port?.isOpen) return;
    const port = new SerialPort({ path: this.#path, baudRate: this.#baudRate, autoOpen: false });
    // A closed peer or a torn-down PTY is not the simulator's problem; keep the process alive.
    port.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    this.#port = port;
  }

  async stop(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    await this.#outbox.catch(() => undefined);
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** Resolves once the whole code has been handed to the tty. */
  scan(text: string, opts: SimulatedScanOptions = {}): Promise<void> {
    return this.sendRaw(encodeScan(text, opts.encoding, opts.terminator), opts);
  }

  sendRaw(bytes: Uint8Array, opts: RawSendOptions = {}): Promise<void> {
    const copy = bytes.slice();
    const sent = this.#outbox.then(() => this.#dribble(copy, opts.chunkSize ?? copy.length, opts.delayMs ?? 0));
    this.#outbox = sent.catch(() => undefined);
    return sent;
  }

  async #dribble(bytes: Uint8Array, chunkSize: number, delayMs: number): Promise<void> {
    const size = Math.max(1, chunkSize);
    for (let offset = 0; offset < bytes.length; offset += size) {
      if (offset > 0 && delayMs > 0) await delay(delayMs);
      await this.#write(bytes.subarray(offset, offset + size));
    }
  }

  #write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) return Promise.reject(new Error('scanner simulator is not started'));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(error);
        port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
