/**
 * Device self-tests through the real drivers the citizens' services use: a test page on the
 * receipt printer, a card read, a wait for a scan. One test at a time; cancel() stops a wait.
 * The card read is shown masked and wiped at once; a scanned code is reported only by its length.
 */
import { randomUUID } from 'node:crypto';
import { maskIdNumber } from '../../contract/rules/id-number.ts';
import type { IdCardData } from '../../../native/idcard/id-card-data.ts';
import { IdCardError, type ReadCardOptions } from '../../../native/idcard/idcard-reader.ts';
import type { PrintOutcome } from '../../../native/printer/receipt-printer.ts';
import { ScannerError } from '../../../native/scanner/scanner-error.ts';
import type { ScanResult } from '../../../native/scanner/scan-types.ts';
import type { WaitForScanOptions } from '../../../native/scanner/wait-for-scan.ts';
import type { SelfTestDevice, SelfTestResult } from '../../contract/maintenance-api.ts';
import type { DeviceManager, ManagedDevice } from '../devices/device-manager.ts';
import type { Logger } from '../logging/logger.ts';
import { maskName } from '../../contract/rules/person-name.ts';
import { buildSelfTestPage } from './self-test-page.ts';
import { errorMessage } from '../util/error-message.ts';

type Printer = ManagedDevice & { print(jobId: string, bytes: Uint8Array): Promise<PrintOutcome> };
type Reader = ManagedDevice & { readCard(opts: ReadCardOptions): Promise<IdCardData> };
type Scanner = ManagedDevice & { waitForScan(opts: WaitForScanOptions): Promise<ScanResult> };

export interface SelfTestsOptions {
  devices: DeviceManager;
  terminalId: () => string;
  /** The hall's time zone, read at each test (staff may change it meanwhile). */
  timeZone: () => string;
  appVersion: string;
  logger: Logger;
}

export class SelfTests {
  readonly #o: SelfTestsOptions;
  #running: AbortController | undefined;

  constructor(options: SelfTestsOptions) {
    this.#o = options;
  }

  async run(device: SelfTestDevice, timeoutMs: number): Promise<SelfTestResult> {
    const started = performance.now();
    const { devices } = this.#o;
    const elapsed = () => Math.round(performance.now() - started);
    if (!devices.get(device) || !devices.isReady(device)) {
      const status = devices.status(device);
      return { device, outcome: 'unavailable', detail: status?.reason ?? status?.state ?? 'absent', durationMs: elapsed() };
    }
    // A second test (a double tap) replaces the first: one device wait at a time.
    this.#running?.abort();
    const controller = new AbortController();
    this.#running = controller;
    try {
      const result = await this.#run(device, timeoutMs, controller.signal);
      this.#o.logger.info('self-test', { device, outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) });
      return { ...result, durationMs: elapsed() };
    } catch (error) {
      const outcome = failureOutcome(error, controller.signal);
      const detail = errorMessage(error);
      this.#o.logger.warn('self-test failed', { device, outcome, error: detail });
      return { device, outcome, detail, durationMs: elapsed() };
    } finally {
      if (this.#running === controller) this.#running = undefined;
    }
  }

  cancel(): boolean {
    const running = this.#running;
    running?.abort();
    this.#running = undefined;
    return running !== undefined;
  }

  async #run(device: SelfTestDevice, timeoutMs: number, signal: AbortSignal): Promise<Omit<SelfTestResult, 'durationMs'>> {
    const { devices } = this.#o;
    switch (device) {
      case 'printer': {
        const printer = devices.get<Printer>('printer') as Printer;
        const jobId = randomUUID();
        const bytes = buildSelfTestPage({ terminalId: this.#o.terminalId(), appVersion: this.#o.appVersion, at: new Date(), timeZone: this.#o.timeZone() });
        const outcome = await printer.print(jobId, bytes);
        const passed = outcome.status === 'printed';
        return {
          device,
          outcome: passed ? 'passed' : 'failed',
          ...(passed ? {} : { detail: outcome.reason ?? outcome.status }),
          print: { jobId, status: outcome.status },
        };
      }
      case 'idCard': {
        const reader = devices.get<Reader>('idCard') as Reader;
        const card = await reader.readCard({ timeoutMs, signal });
        try {
          return {
            device,
            outcome: 'passed',
            card: { cardType: card.cardType, nameMasked: maskName(card.name), idNumberMasked: maskIdNumber(card.idNumber) },
          };
        } finally {
          card.photoWlt.fill(0);
          card.fingerprint?.fill(0);
        }
      }
      case 'scanner': {
        const scanner = devices.get<Scanner>('scanner') as Scanner;
        const scan = await scanner.waitForScan({ timeoutMs, signal });
        return { device, outcome: 'passed', scan: { length: [...scan.text].length, source: scan.source } };
      }
    }
  }
}

function failureOutcome(error: unknown, signal: AbortSignal): SelfTestResult['outcome'] {
  if (signal.aborted) return 'cancelled';
  const code = error instanceof IdCardError || error instanceof ScannerError ? error.code : (error as { code?: unknown } | null)?.code;
  if (code === 'timeout' || code === 'no-card') return 'timeout';
  if (code === 'cancelled') return 'cancelled';
  return 'failed';
}
