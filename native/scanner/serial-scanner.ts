/**
 * Driver for a QR/barcode scanner on a serial line (RS-232 or a USB CDC/virtual COM port).
 * Scanning is passive: the scanner talks whenever a code is presented, so the driver stays 'ready'
 * and emits 'scan' or 'reject' per code. A lost port puts it in 'error'; the core's device manager
 * decides when to call open() again.
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { DeviceStateMachine } from '../device/device-state.ts';
import { LineFramer, type FramerEvent } from './line-framer.ts';
import { DEFAULT_MAX_SCAN_BYTES, decodeScanPayload } from './scan-payload.ts';
import { ScannerError } from './scanner-error.ts';
import type { ScanResult, ScannerEvents } from './scan-types.ts';
import { waitForScanOn, type WaitForScanOptions } from './wait-for-scan.ts';

export { ScannerError, type ScannerErrorCode } from './scanner-error.ts';
export type { ScanReject, ScanRejectReason, ScanResult, ScannerEvents } from './scan-types.ts';
export type { WaitForScanOptions } from './wait-for-scan.ts';

export interface SerialScannerOptions {
  path: string;
  baudRate?: number;
  /** A frame without CR/LF is closed after this much silence (scanners set to "no suffix"). */
  idleTimeoutMs?: number;
  maxBytes?: number;
}

export class SerialScanner extends EventEmitter<ScannerEvents> {
  readonly state = new DeviceStateMachine('scanner');
  readonly #path: string;
  readonly #baudRate: number;
  readonly #idleTimeoutMs: number;
  readonly #maxBytes: number;
  readonly #framer: LineFramer;
  #port: SerialPort | undefined;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(opts: SerialScannerOptions) {
    super();
    this.#path = opts.path;
    this.#baudRate = opts.baudRate ?? 9600;
    this.#idleTimeoutMs = opts.idleTimeoutMs ?? 100;
    this.#maxBytes = opts.maxBytes ?? DEFAULT_MAX_SCAN_BYTES;
    this.#framer = new LineFramer(this.#maxBytes);
  }

  async open(): Promise<void> {
    const kind = this.state.state.kind;
    if (kind !== 'disconnected' && kind !== 'error') {
      throw new ScannerError('port', `scanner is already ${kind}`);
    }
    if (this.#port) await this.#closePort();
    this.state.transition({ kind: 'connecting' });
    const port = new SerialPort({ path: this.#path, baudRate: this.#baudRate, autoOpen: false });
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('error', (error: Error) => this.#onPortFailure(port, `serial port error: ${error.message}`));
    port.on('close', () => this.#onPortFailure(port, 'serial port closed unexpectedly'));
    try {
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      const message = `cannot open ${this.#path}: ${(error as Error).message}`;
      this.state.transition({ kind: 'error', reason: message });
      throw new ScannerError('port', message, { cause: error });
    }
    this.#port = port;
    this.#framer.reset();
    this.state.transition({ kind: 'ready' });
  }

  async close(): Promise<void> {
    await this.#closePort();
    if (this.state.state.kind !== 'disconnected') this.state.transition({ kind: 'disconnected' });
  }

  /** The next good scan; rejected scans are skipped (they still come out as 'reject' events). */
  waitForScan(opts: WaitForScanOptions): Promise<ScanResult> {
    return waitForScanOn(this, opts);
  }

  #onData(chunk: Buffer): void {
    clearTimeout(this.#idleTimer);
    this.#deliver(this.#framer.push(chunk));
    if (this.#framer.open) {
      this.#idleTimer = setTimeout(() => this.#deliver(this.#framer.flush()), this.#idleTimeoutMs);
    }
  }

  #deliver(events: FramerEvent[]): void {
    for (const event of events) {
      if (event.kind === 'overflow') {
        this.emit('reject', {
          reason: 'too-long',
          message: `scan data ran past ${event.maxBytes} bytes without a CR/LF; skipped up to the next boundary`,
        });
        continue;
      }
      const decoded = decodeScanPayload(event.bytes, { maxBytes: this.#maxBytes });
      if (decoded.ok) {
        this.emit('scan', { text: decoded.text, encoding: decoded.encoding, source: 'serial', at: new Date() });
      } else {
        this.emit('reject', { reason: decoded.reason, message: decoded.message });
      }
    }
  }

  #onPortFailure(port: SerialPort, reason: string): void {
    // Our own close() and late events from a port already replaced say nothing about the current one.
    if (port !== this.#port) return;
    clearTimeout(this.#idleTimer);
    this.#framer.reset();
    const kind = this.state.state.kind;
    if (kind !== 'disconnected' && kind !== 'error') this.state.transition({ kind: 'error', reason });
  }

  async #closePort(): Promise<void> {
    clearTimeout(this.#idleTimer);
    this.#framer.reset();
    const port = this.#port;
    this.#port = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
