/**
 * Translates driver and upstream failures into the contract's error codes. Messages stay free of
 * personal data: drivers and the upstream client already guarantee that, and we never add any.
 */
import { IdCardError } from '../../../native/idcard/idcard-reader.ts';
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
