import type { KioskErrorCode, KioskErrorPayload } from '../../contract/kiosk-api.ts';

/** The only error type a handler should throw on purpose; anything else becomes INTERNAL. */
export class KioskError extends Error {
  constructor(
    readonly code: KioskErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KioskError';
  }

  toPayload(): KioskErrorPayload {
    return { code: this.code, message: this.message };
  }
}
