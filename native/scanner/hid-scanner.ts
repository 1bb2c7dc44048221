/**
 * Driver for a scanner in USB HID POS mode (usage page 0x8C). The device handle is injected through
 * an opener so the driver is tested with a fake handle (no virtual HID device can exist on a CI
 * machine) and so open() after an error gets a fresh handle, just like the serial scanner.
 */
import { EventEmitter } from 'node:events';
import { DeviceStateMachine } from '../device/device-state.ts';
import { HID_POS_USAGE_PAGE, HidPosAssembler, HidPosReportError, type HidPosPayload } from './hid-pos.ts';
import { DEFAULT_MAX_SCAN_BYTES, decodeScanPayload } from './scan-payload.ts';
import { ScannerError } from './scanner-error.ts';
import type { ScanResult, ScannerEvents } from './scan-types.ts';
import { waitForScanOn, type WaitForScanOptions } from './wait-for-scan.ts';

/** What the driver needs from a node-hid `HID` object. */
export interface HidDeviceHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): void;
}

export interface HidScannerOptions {
  openDevice: () => HidDeviceHandle | Promise<HidDeviceHandle>;
  maxBytes?: number;
  /**
   * A multi-report code arrives back to back; a code still unfinished after this much silence
   * lost its last report and is dropped, so it is never glued to the next code.
   */
  staleAfterMs?: number;
}

export class HidScanner extends EventEmitter<ScannerEvents> {
  readonly state = new DeviceStateMachine('scanner');
  readonly #openDevice: HidScannerOptions['openDevice'];
  readonly #maxBytes: number;
  readonly #staleAfterMs: number;
  readonly #assembler: HidPosAssembler;
  #handle: HidDeviceHandle | undefined;
  #staleTimer: NodeJS.Timeout | undefined;

  constructor(opts: HidScannerOptions) {
    super();
    this.#openDevice = opts.openDevice;
    this.#maxBytes = opts.maxBytes ?? DEFAULT_MAX_SCAN_BYTES;
    this.#staleAfterMs = opts.staleAfterMs ?? 250;
    this.#assembler = new HidPosAssembler({ maxBytes: this.#maxBytes });
  }

  /** Opens the first HID POS interface (usage page 0x8C) of the given USB device through node-hid. */
  static async open(opts: { vendorId: number; productId: number; maxBytes?: number }): Promise<HidScanner> {
    const scanner = new HidScanner({
      openDevice: () => openNodeHidPos(opts.vendorId, opts.productId),
      ...(opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes }),
    });
    await scanner.open();
    return scanner;
  }

  async open(): Promise<void> {
    const kind = this.state.state.kind;
    if (kind !== 'disconnected' && kind !== 'error') {
      throw new ScannerError('port', `scanner is already ${kind}`);
    }
    this.#dropHandle();
    this.state.transition({ kind: 'connecting' });
    let handle: HidDeviceHandle;
    try {
      handle = await this.#openDevice();
    } catch (error) {
      const message = `cannot open the HID POS scanner: ${(error as Error).message}`;
      this.state.transition({ kind: 'error', reason: message });
      throw new ScannerError('port', message, { cause: error });
    }
    this.#handle = handle;
    this.#assembler.reset();
    handle.on('data', (data) => {
      if (handle === this.#handle) this.#onReport(data);
    });
    handle.on('error', (error) => {
      if (handle !== this.#handle) return;
      this.#onDeviceFailure(`HID device error: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.state.transition({ kind: 'ready' });
  }

  async close(): Promise<void> {
    this.#dropHandle();
    if (this.state.state.kind !== 'disconnected') this.state.transition({ kind: 'disconnected' });
  }

  waitForScan(opts: WaitForScanOptions): Promise<ScanResult> {
    return waitForScanOn(this, opts);
  }

  #onReport(data: Buffer): void {
    clearTimeout(this.#staleTimer);
    let payload: HidPosPayload | undefined;
    try {
      payload = this.#assembler.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      const tooLong = error instanceof HidPosReportError && error.code === 'too-long';
      this.emit('reject', { reason: tooLong ? 'too-long' : 'malformed-report', message: (error as Error).message });
    }
    if (this.#assembler.inProgress) {
      this.#staleTimer = setTimeout(() => this.#onStale(), this.#staleAfterMs);
    }
    if (!payload) return;
    const decoded = decodeScanPayload(payload.bytes, { maxBytes: this.#maxBytes });
    if (!decoded.ok) {
      this.emit('reject', { reason: decoded.reason, message: decoded.message });
      return;
    }
    const scan: ScanResult = { text: decoded.text, encoding: decoded.encoding, source: 'hid-pos', at: new Date() };
    if (payload.aimId) scan.symbology = payload.aimId;
    this.emit('scan', scan);
  }

  #onStale(): void {
    const cutShort = this.#assembler.assembling;
    this.#assembler.reset();
    if (!cutShort) return;
    this.emit('reject', {
      reason: 'malformed-report',
      message: `scanned code cut short: its last HID POS report did not arrive within ${this.#staleAfterMs} ms`,
    });
  }

  #onDeviceFailure(reason: string): void {
    this.#dropHandle();
    const kind = this.state.state.kind;
    if (kind !== 'disconnected' && kind !== 'error') this.state.transition({ kind: 'error', reason });
  }

  #dropHandle(): void {
    clearTimeout(this.#staleTimer);
    this.#assembler.reset();
    const handle = this.#handle;
    this.#handle = undefined;
    try {
      handle?.close();
    } catch {
      // An unplugged device may refuse to close; it is gone either way.
    }
  }
}

async function openNodeHidPos(vendorId: number, productId: number): Promise<HidDeviceHandle> {
  // Loaded on demand: a kiosk with only serial scanners must start even where the native HID
  // binding cannot load.
  const HID = (await import('node-hid')).default;
  const device = HID.devices(vendorId, productId).find((d) => d.usagePage === HID_POS_USAGE_PAGE && d.path);
  if (!device?.path) {
    const id = `${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`;
    throw new Error(`no HID POS interface (usage page 0x8C) on USB device ${id}; is the scanner in keyboard mode?`);
  }
  return new HID.HID(device.path);
}
