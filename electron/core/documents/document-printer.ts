/**
 * What the core asks of a shell to put an A4 document on paper. The core builds the document
 * (self-contained HTML, see credit-report-html.ts); each shell owns the way to the OS printer:
 * Electron prints from a hidden window (electron/shells/electron/main/print-document.ts), the browser shell
 * renders a PDF with the system Chromium and hands it to CUPS (electron/shells/browser/chromium-cups-printer.ts).
 */

export interface DocumentPrintOptions {
  /** The renderer's job id; printers may use it to name the OS job (never personal data). */
  jobId: string;
  /** OS printer (CUPS queue or Windows printer name); the system default when omitted. */
  printerName?: string;
}

export interface DocumentPrinter {
  /**
   * Resolves once the OS accepted the job. Rejects with DocumentPrinterUnavailableError when the
   * tools to print are missing, with DocumentPrintOutcomeUnknownError when the job was handed on
   * but its answer never came back (it may be on paper), with any other error when this job was
   * refused.
   */
  print(html: string, options: DocumentPrintOptions): Promise<void>;
}

/** The terminal cannot print A4 at all (no renderer binary, no spooler): the screen says so. */
export class DocumentPrinterUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentPrinterUnavailableError';
  }
}

/**
 * The job left for the printer and nothing came back (the core host stopped, the spooler was cut
 * off): it may or may not be on paper. Never a failure the citizen should retry, which could print
 * a second copy of a personal report.
 */
export class DocumentPrintOutcomeUnknownError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentPrintOutcomeUnknownError';
  }
}
