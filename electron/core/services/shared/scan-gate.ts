/**
 * One wait for the terminal's scanner at a time (e-licence, receipt QR). cancelScan and the end
 * of the session stop it; codes the scanner could not decode are reported to the screen as
 * 'scanRejected' while the wait goes on, so the citizen simply scans again.
 */
import type { EventEmitter } from 'node:events';
import type { ScanReject, ScanResult, ScannerEvents } from '../../../../native/scanner/scan-types.ts';
import type { ScanRejectedEvent } from '../../../contract/service-api.ts';
import type { WaitForScanOptions } from '../../../../native/scanner/wait-for-scan.ts';
import type { ManagedDevice } from '../../devices/device-manager.ts';
import { fromScannerError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ServiceContext } from './service-context.ts';

/** What the serial and HID POS scanner drivers both offer. */
export type ScannerDevice = ManagedDevice & EventEmitter<ScannerEvents> & { waitForScan(opts: WaitForScanOptions): Promise<ScanResult> };

export class ScanGate {
  readonly #ctx: ServiceContext;
  #current: AbortController | undefined;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /**
   * Waits up to `timeoutMs` for a code `accept` takes (returns non-undefined); a code it refuses
   * is reported with `refusal` as a scanRejected event and the wait goes on.
   */
  async next<T>(options: {
    timeoutMs: number;
    session: AbortSignal;
    accept: (text: string) => T | undefined;
    refusal: ScanRejectedEvent['reason'];
  }): Promise<T> {
    const { devices } = this.#ctx.deps;
    const scanner = devices.get<ScannerDevice>('scanner');
    if (!scanner || !devices.isReady('scanner')) {
      throw new KioskError('DEVICE_UNAVAILABLE', `scanner is ${devices.status('scanner')?.state ?? 'absent'}`);
    }
    this.#current?.abort();
    const controller = new AbortController();
    this.#current = controller;
    const signal = AbortSignal.any([controller.signal, options.session]);
    const onReject = (reject: ScanReject) => this.#ctx.deps.emit('scanRejected', { reason: reject.reason });
    scanner.on('reject', onReject);
    const deadline = Date.now() + options.timeoutMs;
    try {
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new KioskError('SCAN_TIMEOUT', 'no usable code was scanned in time');
        const scan = await scanner.waitForScan({ timeoutMs: remaining, signal });
        const accepted = options.accept(scan.text);
        if (accepted !== undefined) return accepted;
        this.#ctx.deps.emit('scanRejected', { reason: options.refusal });
      }
    } catch (error) {
      if (options.session.aborted) throw new KioskError('NO_SESSION', 'session ended while waiting for a scan');
      throw fromScannerError(error);
    } finally {
      scanner.off('reject', onReject);
      if (this.#current === controller) this.#current = undefined;
    }
  }

  cancel(): boolean {
    const had = this.#current !== undefined;
    this.#current?.abort();
    this.#current = undefined;
    return had;
  }
}
