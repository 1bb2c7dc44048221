/**
 * printCreditReport: the session's credit record as an A4 report through the shell's OS printer.
 * Idempotent per jobId like receipts: a job that printed is never printed again (a second tap or
 * a retried call answers 'already-printed'); a job that failed may be retried; a job whose outcome
 * is unknown (handed on, never answered) is never sent again: it may be on paper already.
 */
import type { PrintResult } from '../../../contract/kiosk-api.ts';
import type { TerminalConfig } from '../../config/config-schema.ts';
import { buildCreditReportHtml } from './credit-report-html.ts';
import { DocumentPrinterUnavailableError, DocumentPrintOutcomeUnknownError, type DocumentPrinter } from '../../documents/document-printer.ts';
import type { Logger } from '../../logging/logger.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import { printLocale } from '../../printing/print-locale.ts';
import type { PrintTexts } from '../../printing/print-texts.ts';
import { errorMessage } from '../../util/error-message.ts';

export interface A4PrintDeps {
  config: () => TerminalConfig;
  /** Provided by the shell; absent where the shell cannot reach an OS printer. */
  documentPrinter: DocumentPrinter | undefined;
  /** The report's wording (resources/locales/print), in the language printLocale names. */
  texts: PrintTexts;
  /** When the session's credit record was fetched (printed on the report). */
  queriedAt: () => Date | undefined;
  logger: Logger;
}

/** Remembered job ids; old ones fall out (a renderer retries within seconds, not thousands of jobs later). */
const MAX_REMEMBERED_JOBS = 500;
const MAX_REASON_LENGTH = 200;

export function a4PrintingAvailable(config: TerminalConfig, printer: DocumentPrinter | undefined): boolean {
  return printer !== undefined && config.devices.a4Printer.enabled;
}

/** Failure text goes to the screen and the log: bounded, and no ID number even if a tool echoed one. */
export function summariseFailure(error: unknown): string {
  const message = errorMessage(error);
  return message
    .replace(/\d{17}[\dXx]/g, '[id]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_REASON_LENGTH);
}

export function createA4PrintHandlers(deps: A4PrintDeps): Pick<KioskHandlers, 'printCreditReport'> {
  const { logger } = deps;
  // jobId → the job's outcome, or the job still running (a duplicate call waits for it).
  const jobs = new Map<string, Promise<PrintResult>>();

  const remember = (jobId: string, job: Promise<PrintResult>) => {
    jobs.set(jobId, job);
    while (jobs.size > MAX_REMEMBERED_JOBS) jobs.delete(jobs.keys().next().value as string);
  };

  return {
    printCreditReport: async ({ jobId }, { session }) => {
      const previous = jobs.get(jobId);
      if (previous) {
        const result = await previous.catch((error: unknown) => {
          throw new KioskError('DEVICE_UNAVAILABLE', `A4 printer unavailable: ${summariseFailure(error)}`);
        });
        return result.status === 'printed' ? { jobId, status: 'already-printed' } : result;
      }
      const { identity, credit } = session;
      if (!identity || !credit) throw new KioskError('NO_SESSION', 'nothing to print in this session');
      const config = deps.config();
      const printer = deps.documentPrinter;
      if (!printer || !a4PrintingAvailable(config, printer)) {
        throw new KioskError('DEVICE_UNAVAILABLE', 'no A4 printer on this terminal');
      }
      const { printerName } = config.devices.a4Printer;
      // Registered before the first await, so a duplicate call arriving meanwhile waits for this job.
      const job = (async (): Promise<PrintResult> => {
        const html = await buildCreditReportHtml({
          record: credit,
          idNumber: identity.idNumber,
          terminalId: config.terminalId,
          locale: printLocale(config.locale),
          texts: deps.texts,
          queriedAt: deps.queriedAt() ?? new Date(),
          timeZone: config.hall.timeZone,
        });
        try {
          await printer.print(html, { jobId, ...(printerName ? { printerName } : {}) });
          return { jobId, status: 'printed' };
        } catch (error) {
          if (error instanceof DocumentPrinterUnavailableError) throw error;
          if (error instanceof DocumentPrintOutcomeUnknownError) return { jobId, status: 'unknown', reason: summariseFailure(error) };
          return { jobId, status: 'failed', reason: summariseFailure(error) };
        }
      })();
      remember(jobId, job);
      try {
        const result = await job;
        // A failed job may be tried again with the same id (after the printer was seen to).
        if (result.status === 'failed') jobs.delete(jobId);
        const log = result.status === 'unknown' ? logger.warn.bind(logger) : logger.info.bind(logger);
        log('A4 report print', { sessionId: session.id, jobId, status: result.status, ...(result.reason ? { reason: result.reason } : {}) });
        return result;
      } catch (error) {
        jobs.delete(jobId);
        logger.warn('A4 printer unavailable', { sessionId: session.id, jobId, error: summariseFailure(error) });
        throw new KioskError('DEVICE_UNAVAILABLE', `A4 printer unavailable: ${summariseFailure(error)}`);
      }
    },
  };
}
