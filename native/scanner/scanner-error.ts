export type ScannerErrorCode = 'timeout' | 'cancelled' | 'port';

/** Failures of the scanner itself or of a wait for a scan; bad scans are 'reject' events instead. */
export class ScannerError extends Error {
  override readonly name = 'ScannerError';
  readonly code: ScannerErrorCode;

  constructor(code: ScannerErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
  }
}
