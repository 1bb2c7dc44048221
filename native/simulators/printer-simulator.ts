/**
 * A simulated ESC/POS receipt printer. It reads the byte stream the way a printer does: real-time
 * status requests (DLE EOT 1..4) are answered immediately from the current condition, everything
 * else goes to "paper" and is decoded into receipts at each cut. The protocol engine is separate
 * from the link, so the same printer sits behind a PTY (serial) or a TCP port (network printer).
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { decodeEscPos, scanEscPos, type DecodedReceipt } from './escpos-decoder.ts';

export interface PrinterCondition {
  paperOut?: boolean;
  paperNearEnd?: boolean;
  coverOpen?: boolean;
  offline?: boolean;
  cutterError?: boolean;
  unrecoverableError?: boolean;
  autoRecoverableError?: boolean;
  /** Answers no status request (powered off, hung firmware); print bytes are still recorded. */
  silent?: boolean;
  /** Answers status requests with bytes whose fixed bits are wrong (line noise, wrong device). */
  garbledStatus?: boolean;
}

export interface PrinterSimulatorEvents {
  receipt: [receipt: DecodedReceipt];
}

/** The four DLE EOT reply bytes for a condition, per the ESC/POS bit layout. */
export function statusBytesFor(c: PrinterCondition): [number, number, number, number] {
  const error = Boolean(c.cutterError || c.unrecoverableError || c.autoRecoverableError);
  const offline = Boolean(c.offline || c.paperOut || c.coverOpen || error);
  const fixed = 0x12;
  return [
    fixed | (offline ? 0x08 : 0),
    fixed | (c.coverOpen ? 0x04 : 0) | (c.paperOut ? 0x20 : 0) | (error ? 0x40 : 0),
    fixed | (c.cutterError ? 0x08 : 0) | (c.unrecoverableError ? 0x20 : 0) | (c.autoRecoverableError ? 0x40 : 0),
    fixed | (c.paperNearEnd ? 0x0c : 0) | (c.paperOut ? 0x60 : 0),
  ];
}

/** The byte-level printer, independent of how bytes reach it. */
export class PrinterEngine extends EventEmitter<PrinterSimulatorEvents> {
  #condition: PrinterCondition = {};
  #pending: Buffer = Buffer.alloc(0);
  #received: Buffer[] = [];
  #current: Buffer[] = [];
  #receipts: DecodedReceipt[] = [];
  statusRequests = 0;

  get condition(): Readonly<PrinterCondition> {
    return { ...this.#condition };
  }

  /** Merges into the current condition: { paperOut: true } leaves other settings alone. */
  setCondition(change: PrinterCondition): void {
    this.#condition = { ...this.#condition, ...change };
  }

  get received(): Buffer {
    return Buffer.concat(this.#received);
  }

  get receipts(): DecodedReceipt[] {
    return [...this.#receipts];
  }

  /** Bytes after the last cut, decoded (what sits on the paper not yet torn off). */
  get uncut(): DecodedReceipt {
    return decodeEscPos(Buffer.concat(this.#current));
  }

  clear(): void {
    this.#received = [];
    this.#current = [];
    this.#receipts = [];
    this.#pending = Buffer.alloc(0);
    this.statusRequests = 0;
  }

  /** Feeds incoming bytes; returns the reply bytes to send back (possibly empty). */
  feed(chunk: Uint8Array): Buffer {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : Buffer.from(chunk);
    const replies: number[] = [];
    let offset = 0;
    for (;;) {
      const scanned = scanEscPos(this.#pending, offset);
      if (!scanned) break;
      const bytes = this.#pending.subarray(offset, offset + scanned.length);
      offset += scanned.length;
      if (scanned.token.kind === 'status-request') {
        this.statusRequests++;
        const reply = this.#statusReply(scanned.token.n);
        if (reply !== undefined) replies.push(reply);
        continue;
      }
      const copy = Buffer.from(bytes);
      this.#received.push(copy);
      this.#current.push(copy);
      if (scanned.token.kind === 'cut') this.#finishReceipt();
    }
    this.#pending = Buffer.from(this.#pending.subarray(offset));
    return Buffer.from(replies);
  }

  #statusReply(n: 1 | 2 | 3 | 4): number | undefined {
    if (this.#condition.silent) return undefined;
    if (this.#condition.garbledStatus) return 0xff;
    return statusBytesFor(this.#condition)[n - 1];
  }

  #finishReceipt(): void {
    const receipt = decodeEscPos(Buffer.concat(this.#current));
    this.#current = [];
    this.#receipts.push(receipt);
    this.emit('receipt', receipt);
  }

  /** Resolves once `count` receipts exist in total (tests wait for bytes still in flight). */
  waitForReceipts(count: number, timeoutMs = 2000): Promise<DecodedReceipt[]> {
    if (this.#receipts.length >= count) return Promise.resolve(this.receipts);
    return new Promise((resolve, reject) => {
      const onReceipt = (): void => {
        if (this.#receipts.length < count) return;
        clearTimeout(timer);
        this.off('receipt', onReceipt);
        resolve(this.receipts);
      };
      const timer = setTimeout(() => {
        this.off('receipt', onReceipt);
        reject(new Error(`printer simulator: ${this.#receipts.length} of ${count} receipts within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on('receipt', onReceipt);
    });
  }
}

/** The printer behind a serial port (the simulator end of a PTY pair). */
export class PrinterSimulator extends PrinterEngine {
  readonly #path: string;
  readonly #baudRate: number;
  #port: SerialPort | undefined;

  constructor(opts: { path: string; baudRate?: number }) {
    super();
    this.#path = opts.path;
    this.#baudRate = opts.baudRate ?? 9600;
  }

  async start(): Promise<void> {
    if (this.#port?.isOpen) return;
    const port = new SerialPort({ path: this.#path, baudRate: this.#baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on('data', (chunk: Buffer) => {
      const reply = this.feed(chunk);
      if (reply.length > 0 && port.isOpen) port.write(reply);
    });
    // A driver closing its end must not crash the simulator.
    port.on('error', () => undefined);
    this.#port = port;
  }

  async stop(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

/** The printer as a network printer on raw TCP (port 0 = any free port on 127.0.0.1). */
export class TcpPrinterSimulator extends PrinterEngine {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  async start(port = 0, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => {
      this.#sockets.add(socket);
      socket.on('data', (chunk: Buffer) => {
        const reply = this.feed(chunk);
        if (reply.length > 0) socket.write(reply);
      });
      socket.on('error', () => undefined);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.#server = server;
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('TCP printer simulator has no port');
    return { host, port: address.port };
  }

  /** Drops connected clients, as a printer does when it is switched off. */
  disconnectClients(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.disconnectClients();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
