/**
 * Translates driver and upstream failures into the contract's error codes. Messages stay free of
 * personal data: drivers and the upstream client already guarantee that, and we never add any.
 */
import { IdCardError } from '../../../native/idcard/idcard-reader.ts';
import { ScannerError } from '../../../native/scanner/scanner-error.ts';
import type { KioskErrorCode } from '../../contract/kiosk-api.ts';
import { OutboxError } from '../outbox/outbox-errors.ts';
import { UpstreamError } from '../upstream/upstream-client.ts';
import { KioskError } from './kiosk-error.ts';

export function fromIdCardError(error: unknown): KioskError {
  if (!(error instanceof IdCardError)) return new KioskError('CARD_READ_FAILED', 'card read failed', { cause: error });
  switch (error.code) {
    case 'timeout':
    case 'no-card':
      return new KioskError('CARD_TIMEOUT', 'no card was placed in time');
    case 'cancelled':
      return new KioskError('READ_CANCELLED', 'card read cancelled');
    case 'invalid-id-number':
    case 'invalid-card-data':
      return new KioskError('CARD_INVALID', `card rejected: ${error.message}`);
    case 'port':
      return new KioskError('DEVICE_UNAVAILABLE', `id card reader unavailable: ${error.message}`);
    default:
      return new KioskError('CARD_READ_FAILED', `card read failed: ${error.message}`);
  }
}

export function fromUpstreamError(error: unknown): KioskError {
  if (!(error instanceof UpstreamError)) return new KioskError('UPSTREAM_UNAVAILABLE', 'upstream call failed', { cause: error });
  switch (error.kind) {
    case 'rejected':
    case 'bad-response':
      return new KioskError('UPSTREAM_REJECTED', `upstream ${error.kind}: ${error.message}`);
    default:
      return new KioskError('UPSTREAM_UNAVAILABLE', `upstream ${error.kind}: ${error.message}`);
  }
}

/**
 * Upstream failures of the citizen services. `rejected` names the code for a 4xx refusal of the
 * citizen's input (e.g. LICENCE_INVALID); a 404 is NOT_FOUND unless `rejected` says otherwise,
 * and a call cancelled because the session ended is NO_SESSION.
 */
export function fromServiceUpstreamError(error: unknown, rejected?: KioskErrorCode): KioskError {
  if (error instanceof KioskError) return error;
  if (error instanceof UpstreamError) {
    if (error.kind === 'cancelled') return new KioskError('NO_SESSION', 'session ended during the upstream call');
    if (error.kind === 'rejected' && rejected) return new KioskError(rejected, `upstream refused: ${error.message}`);
    if (error.kind === 'rejected' && error.status === 404) return new KioskError('NOT_FOUND', `upstream: ${error.message}`);
  }
  return fromUpstreamError(error);
}

export function fromScannerError(error: unknown): KioskError {
  if (error instanceof KioskError) return error;
  if (!(error instanceof ScannerError)) return new KioskError('DEVICE_UNAVAILABLE', 'scanner failed', { cause: error });
  switch (error.code) {
    case 'timeout':
      return new KioskError('SCAN_TIMEOUT', 'no code was scanned in time');
    case 'cancelled':
      return new KioskError('READ_CANCELLED', 'scan cancelled');
    default:
      return new KioskError('DEVICE_UNAVAILABLE', `scanner unavailable: ${error.message}`);
  }
}

/** A submission that could not be stored: nothing was saved, and the citizen is told why. */
export function fromSubmissionError(error: unknown): KioskError {
  if (error instanceof KioskError) return error;
  if (error instanceof OutboxError) {
    if (error.code === 'storage-full') return new KioskError('STORAGE_FULL', 'storage is full: the submission was not saved');
    if (error.code === 'closed') return new KioskError('DEVICE_UNAVAILABLE', 'terminal is shutting down: the submission was not saved');
    return new KioskError('INTERNAL', `submission refused by the outbox: ${error.message}`);
  }
  return fromUpstreamError(error);
}

