/**
 * What a driver process runs: the same drivers the core would run in-process, with the methods the
 * proxy may call listed explicitly. Nothing else in the driver is reachable from the core.
 * Each kind is imported only when asked for: a printer's process never loads the reader's code.
 */
import type { DeviceStateMachine } from '../../../../native/device/device-state.ts';
import type { IdCardReaderOptions } from '../../../../native/idcard/idcard-reader.ts';
import type { RpcHandlers } from './driver-rpc.ts';

export type PrinterTransportSpec = { type: 'serial'; path: string; baudRate?: number } | { type: 'tcp'; host: string; port?: number };

export type DriverSpec =
  | { kind: 'idCard'; options: IdCardReaderOptions }
  | {
      kind: 'printer';
      transport: PrinterTransportSpec;
      /** The terminal database: the driver process opens its own connection for the print-job records. */
      jobsDbPath?: string;
      options?: { statusTimeoutMs?: number; statusPollMs?: number };
    }
  /** A module exporting createHostedDriver(options): other drivers, and test doubles. */
  | { kind: 'module'; url: string; options?: unknown };

export type DriverMethod = (args: unknown[], signal: AbortSignal) => Promise<unknown>;

/** A driver's typed handlers (driver-rpc.ts) as the host dispatches them: by name, from a message. */
export const hostedMethods = <R>(handlers: RpcHandlers<R>): Record<string, DriverMethod> => handlers as unknown as Record<string, DriverMethod>;

export interface HostedDriver {
  readonly state: DeviceStateMachine;
  readonly methods: Record<string, DriverMethod>;
  isLinkFailure?(reason: string): boolean;
  details?(): Record<string, string>;
  onCardRemoved?(listener: () => void): void;
  /** Releases what the driver holds besides its port (database connection). */
  dispose?(): void;
}

export async function createHostedDriver(spec: DriverSpec): Promise<HostedDriver> {
  switch (spec.kind) {
    case 'idCard':
      return (await import('./hosted-id-card-reader.ts')).hostedIdCardReader(spec.options);
    case 'printer':
      return (await import('./hosted-receipt-printer.ts')).hostedReceiptPrinter(spec);
    case 'module': {
      const module = (await import(spec.url)) as { createHostedDriver?: (options: unknown) => HostedDriver | Promise<HostedDriver> };
      if (typeof module.createHostedDriver !== 'function') throw new Error(`${spec.url} does not export createHostedDriver`);
      return module.createHostedDriver(spec.options);
    }
  }
}
