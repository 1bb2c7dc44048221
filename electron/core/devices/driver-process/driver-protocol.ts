/**
 * Messages between a device driver running in a child process and its proxy in the core (Node IPC
 * with 'advanced' serialization, or an Electron utility process's structured clone: either way
 * byte arrays cross as byte arrays). Errors cross as plain data and are rebuilt as the driver's own
 * error classes, so callers (error mapping in the API layer) see an IdCardError or PrinterError
 * exactly as with an in-process driver.
 */
import type { DeviceState } from '../../../../native/device/device-state.ts';
import { IdCardError, type IdCardErrorCode } from '../../../../native/idcard/idcard-error.ts';
import type { SamStatus } from '../../../../native/idcard/sam-status.ts';
import { PrinterError, type PrinterErrorCode } from '../../../../native/printer/printer-errors.ts';
import type { DriverSpec } from './driver-specs.ts';

export type HostMessage =
  | { type: 'start'; spec: DriverSpec }
  | { type: 'call'; id: number; method: string; args: unknown[] }
  | { type: 'abort'; id: number }
  | { type: 'ping'; seq: number }
  /** Release the driver and exit: how a host without a fork IPC channel to close is stopped. */
  | { type: 'stop' };

export type DriverMessage =
  | { type: 'ready' }
  | { type: 'state'; state: DeviceState; linkFailure: boolean; details: Record<string, string> }
  | { type: 'flags'; flags: string[] }
  | { type: 'card-removed' }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError }
  | { type: 'pong'; seq: number };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  samStatus?: SamStatus;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out: SerializedError = { name: error.name, message: error.message };
  const { code, samStatus } = error as { code?: unknown; samStatus?: SamStatus };
  if (typeof code === 'string') out.code = code;
  if (samStatus) out.samStatus = samStatus;
  return out;
}

/** Why the proxy itself failed a call: the driver process died, hung, or never answered. */
export type DriverFailureCode = 'driver-crashed' | 'driver-unresponsive' | 'driver-timeout' | 'driver-stopped';

export class DriverUnavailableError extends Error {
  override readonly name = 'DriverUnavailableError';
  constructor(
    readonly code: DriverFailureCode,
    message: string,
  ) {
    super(message);
  }
}

export function deserializeError(error: SerializedError): Error {
  if (error.name === 'IdCardError' && error.code) {
    return new IdCardError(error.code as IdCardErrorCode, error.message, error.samStatus ? { samStatus: error.samStatus } : {});
  }
  if ((error.name === 'PrinterError' || error.name === 'UnprintableTextError') && error.code) {
    return new PrinterError(error.code as PrinterErrorCode, error.message);
  }
  if (error.name === 'RangeError') return new RangeError(error.message);
  const plain = new Error(error.message);
  plain.name = error.name;
  return plain;
}
