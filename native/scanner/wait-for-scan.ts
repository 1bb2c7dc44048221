/**
 * "Give me the next good scan" on top of a scanner's events, shared by the serial and HID POS
 * drivers. Rejected scans do not end the wait: the citizen simply scans again, and the screen
 * learns about the bad one from the 'reject' event.
 */
import type { EventEmitter } from 'node:events';
import type { DeviceState, DeviceStateMachine } from '../device/device-state.ts';
import { ScannerError } from './scanner-error.ts';
import type { ScanResult, ScannerEvents } from './scan-types.ts';

export interface WaitForScanOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ScanEventSource extends EventEmitter<ScannerEvents> {
  readonly state: DeviceStateMachine;
}

export function waitForScanOn(scanner: ScanEventSource, opts: WaitForScanOptions): Promise<ScanResult> {
  const { signal, timeoutMs } = opts;
  return new Promise<ScanResult>((resolve, reject) => {
    if (signal?.aborted) return reject(cancellation(signal));
    const current = scanner.state.state;
    if (current.kind !== 'ready') {
      return reject(new ScannerError('port', `scanner is not ready (state ${current.kind})`));
    }
    const finish = () => {
      clearTimeout(timer);
      scanner.off('scan', onScan);
      scanner.state.off('change', onChange);
      signal?.removeEventListener('abort', onAbort);
    };
    const onScan = (scan: ScanResult) => {
      finish();
      resolve(scan);
    };
    const onChange = (next: DeviceState) => {
      if (next.kind === 'ready' || next.kind === 'busy') return;
      finish();
      reject(
        next.kind === 'error'
          ? new ScannerError('port', `scanner failed while waiting for a scan: ${next.reason}`)
          : new ScannerError('cancelled', 'scanner closed while waiting for a scan'),
      );
    };
    const onAbort = () => {
      finish();
      reject(cancellation(signal));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new ScannerError('timeout', `no code was scanned within ${timeoutMs} ms`));
    }, timeoutMs);
    scanner.on('scan', onScan);
    scanner.state.on('change', onChange);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancellation(signal: AbortSignal | undefined): ScannerError {
  const reason: unknown = signal?.reason;
  return reason instanceof ScannerError ? reason : new ScannerError('cancelled', 'wait for a scan cancelled');
}
