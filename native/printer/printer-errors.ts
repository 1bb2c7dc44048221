/**
 * One error class for the whole printer stack, with a machine-readable code: the core maps the
 * code to a device-state reason and to the contract's PRINTER_ERROR without parsing messages.
 */
export type PrinterErrorCode =
  | 'invalid-argument'
  | 'unprintable-text'
  | 'qr-too-long'
  | 'port-not-found'
  | 'open-failed'
  | 'disconnected'
  | 'reply-timeout'
  | 'status-timeout'
  | 'status-garbage'
  | 'write-failed'
  | 'write-timeout'
  | 'io-error';

export class PrinterError extends Error {
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PrinterError';
  }
}

/** Thrown by the builder; lists only the offending characters, never the whole (personal) text. */
export class UnprintableTextError extends PrinterError {
  constructor(readonly characters: readonly string[]) {
    const listed = characters
      .map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
      .join(', ');
    super(
      'unprintable-text',
      `text contains characters the printer font cannot print faithfully (${listed}); ` +
        'configure a RasterRenderer on EscPosBuilder to print them as an image',
    );
    this.name = 'UnprintableTextError';
  }
}

export function isPrinterError(error: unknown, code?: PrinterErrorCode): error is PrinterError {
  return error instanceof PrinterError && (code === undefined || error.code === code);
}
