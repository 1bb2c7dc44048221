/**
 * The methods a driver process answers, as typed interfaces shared by both ends: the proxy in the
 * core calls them by name with typed arguments and results, and the hosted driver implements the
 * same interface, so a method renamed on one side fails the type check on the other.
 */
import type { IdCardData } from '../../../../native/idcard/id-card-data.ts';
import type { ReadCardOptions, SamBaudRate } from '../../../../native/idcard/idcard-reader.ts';
import type { PrinterStatus } from '../../../../native/printer/escpos-status.ts';
import type { PrintOutcome } from '../../../../native/printer/receipt-printer.ts';

/** Every driver opens and closes its port. */
export interface DriverLifecycleRpc {
  open(): Promise<void>;
  close(): Promise<void>;
}

export interface IdCardReaderRpc extends DriverLifecycleRpc {
  /** The abort signal travels separately (an 'abort' message), not as an argument. */
  readCard(options: Omit<ReadCardOptions, 'signal'>): Promise<IdCardData>;
  readSamId(): Promise<string>;
  setBaudRate(baudRate: SamBaudRate): Promise<void>;
}

export interface ReceiptPrinterRpc extends DriverLifecycleRpc {
  print(jobId: string, bytes: Uint8Array): Promise<PrintOutcome>;
  queryStatus(): Promise<PrinterStatus>;
  waitingJobIds(): Promise<string[]>;
  /** The bytes of the jobs waiting for paper, looked up in the core (receipts are never persisted). */
  resumePending(bytesById: Record<string, Uint8Array>): Promise<PrintOutcome[]>;
}

/** Any driver's methods, for test doubles and module drivers that define their own. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a double's methods are its own business
export type LooseRpc = Record<string, (...args: any[]) => Promise<unknown>>;

export type RpcArgs<R, M extends keyof R> = R[M] extends (...args: infer A) => unknown ? A : never;
export type RpcResult<R, M extends keyof R> = R[M] extends (...args: never[]) => Promise<infer T> ? T : never;

/** How the driver process implements an interface: each method gets its arguments and the call's abort signal. */
export type RpcHandlers<R> = { [M in keyof R]: (args: RpcArgs<R, M>, signal: AbortSignal) => Promise<RpcResult<R, M>> };
