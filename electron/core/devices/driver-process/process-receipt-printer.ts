/**
 * The receipt printer, running in a driver process, with the API of ReceiptPrinter that the core
 * uses. Print-job records live in the terminal database, which the driver process opens itself.
 */
import type { PrinterStatus } from '../../../../native/printer/escpos-status.ts';
import type { JobBytesLookup, PrintOutcome } from '../../../../native/printer/receipt-printer.ts';
import type { PrinterTransportSpec } from './driver-specs.ts';
import type { ReceiptPrinterRpc } from './driver-rpc.ts';
import { ProcessDevice, type ProcessDeviceOptions } from './process-device.ts';

export interface ProcessReceiptPrinterOptions {
  transport: PrinterTransportSpec;
  jobsDbPath?: string;
  statusTimeoutMs?: number;
  statusPollMs?: number;
}

export class ProcessReceiptPrinter extends ProcessDevice<ReceiptPrinterRpc> {
  constructor(options: ProcessReceiptPrinterOptions, host: Omit<ProcessDeviceOptions, 'name' | 'spec'> = {}) {
    const { transport, jobsDbPath, ...printerOptions } = options;
    super({
      ...host,
      name: 'printer',
      spec: { kind: 'printer', transport, ...(jobsDbPath ? { jobsDbPath } : {}), options: printerOptions },
    });
  }

  print(jobId: string, bytes: Uint8Array): Promise<PrintOutcome> {
    return this.call('print', [jobId, bytes]);
  }

  queryStatus(): Promise<PrinterStatus> {
    return this.call('queryStatus', []);
  }

  /** As ReceiptPrinter.resumePending; the lookup runs here, so only the bytes cross to the driver. */
  async resumePending(lookup?: JobBytesLookup): Promise<PrintOutcome[]> {
    const waiting = await this.call('waitingJobIds', []);
    const bytesById: Record<string, Uint8Array> = {};
    for (const jobId of waiting) {
      const bytes = lookup?.(jobId);
      if (bytes) bytesById[jobId] = bytes;
    }
    return this.call('resumePending', [bytesById]);
  }
}
