/**
 * Turning failures into contract error codes. Every failure the UI shows is keyed by a code, so
 * anything unrecognised collapses to INTERNAL rather than leaking a raw message to the screen.
 */
import type {
  KioskCallError,
  KioskErrorCode,
  KioskErrorPayload,
} from '../../../electron/contract/kiosk-api.ts';

// The renderer may import only types from the contract, so the code list is restated here; the
// type check below fails the build if the contract gains a code this list lacks.
const ERROR_CODES = [
  'INVALID_REQUEST',
  'UNAUTHORIZED',
  'NO_SESSION',
  'DEVICE_UNAVAILABLE',
  'CARD_TIMEOUT',
  'CARD_INVALID',
  'CARD_READ_FAILED',
  'READ_CANCELLED',
  'NOT_FOUND',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_REJECTED',
  'PRINTER_ERROR',
  'INVALID_CREDIT_CODE',
  'INVALID_PLATE_NUMBER',
  'FORM_INVALID',
  'LICENCE_INVALID',
  'SCAN_TIMEOUT',
  'SERVICE_DISABLED',
  'CONTENT_CHANGED',
  'STORAGE_FULL',
  'INTERNAL',
] as const satisfies readonly KioskErrorCode[];

type MissingCodes = Exclude<KioskErrorCode, (typeof ERROR_CODES)[number]>;
const allCodesListed: [MissingCodes] extends [never] ? true : MissingCodes = true;
void allCodesListed;

export const isKioskErrorCode = (value: unknown): value is KioskErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

export function createCallError(payload: KioskErrorPayload): KioskCallError {
  const error = new Error(payload.message) as KioskCallError;
  error.name = 'KioskCallError';
  error.code = isKioskErrorCode(payload.code) ? payload.code : 'INTERNAL';
  return error;
}

/**
 * The code carried by a rejected call. Electron's contextBridge drops custom Error properties,
 * so a preload may only be able to pass the code inside the message ("Error invoking remote
 * method ...: CARD_TIMEOUT: ..."): a known code word in the message is accepted too.
 */
export function errorCodeOf(error: unknown): KioskErrorCode {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (isKioskErrorCode(code)) return code;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') {
      const found = message.match(/\b[A-Z][A-Z_]+[A-Z]\b/g)?.find(isKioskErrorCode);
      if (found !== undefined) return found;
    }
  }
  return 'INTERNAL';
}
