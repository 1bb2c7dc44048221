/**
 * Turning failures into contract error codes. Every failure the UI shows is keyed by a code, so
 * anything unrecognised collapses to INTERNAL rather than leaking a raw message to the screen.
 */
// error-codes.ts, like channels.ts, imports nothing: the renderer may load its list as a value.
import { KIOSK_ERROR_CODES, type KioskErrorCode } from '../../../electron/contract/error-codes.ts';
import type { KioskCallError, KioskErrorPayload } from '../../../electron/contract/kiosk-api.ts';

export const isKioskErrorCode = (value: unknown): value is KioskErrorCode =>
  typeof value === 'string' && (KIOSK_ERROR_CODES as readonly string[]).includes(value);

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
