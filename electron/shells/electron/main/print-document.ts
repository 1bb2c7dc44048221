/**
 * Prints a self-contained HTML document (electron/core/documents) through the OS printer, or
 * renders it to PDF, from a hidden window: no script runs in it, nothing is shown to the citizen,
 * and the window is destroyed afterwards so the document's personal data does not linger.
 */
import { BrowserWindow } from 'electron';
import { DocumentPrintOutcomeUnknownError } from '../../../core/documents/document-printer.ts';

export interface PrintDocumentOptions {
  /** OS printer name; the system default when omitted. */
  deviceName?: string;
  /** Give up (and destroy the window) after this long; default 60 s. */
  timeoutMs?: number;
}

function hiddenDocumentWindow(): BrowserWindow {
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  return window;
}

/** `handedOver`: the document had loaded and `use` had started when time ran out. */
type TimeoutError = (message: string, handedOver: boolean) => Error;

async function withDocument<T>(html: string, timeoutMs: number, use: (window: BrowserWindow) => Promise<T>, timeoutError: TimeoutError = (m) => new Error(m)): Promise<T> {
  const window = hiddenDocumentWindow();
  let timer: NodeJS.Timeout | undefined;
  let handedOver = false;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(`document printing did not finish within ${timeoutMs} ms`, handedOver)), timeoutMs);
    });
    const work = (async () => {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      handedOver = true;
      return use(window);
    })();
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    if (!window.isDestroyed()) window.destroy();
  }
}

/**
 * Silent print on A4; rejects with the OS's reason when the job is refused, and with
 * DocumentPrintOutcomeUnknownError when the print call never answered (the job may be on paper).
 */
export function printHtmlDocument(html: string, options: PrintDocumentOptions = {}): Promise<void> {
  const timeoutError: TimeoutError = (message, handedOver) => (handedOver ? new DocumentPrintOutcomeUnknownError(message) : new Error(message));
  return withDocument(html, options.timeoutMs ?? 60_000, (window) =>
    new Promise<void>((resolve, reject) => {
      window.webContents.print(
        {
          silent: true,
          printBackground: true,
          pageSize: 'A4',
          ...(options.deviceName ? { deviceName: options.deviceName } : {}),
        },
        (success, failureReason) => (success ? resolve() : reject(new Error(`print failed: ${failureReason}`))),
      );
    }),
  timeoutError,
  );
}

/** The same document as PDF bytes (archiving, or printers reached through a PDF spooler). */
export function htmlDocumentToPdf(html: string, options: Pick<PrintDocumentOptions, 'timeoutMs'> = {}): Promise<Buffer> {
  return withDocument(html, options.timeoutMs ?? 60_000, (window) =>
    window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true }),
  );
}
