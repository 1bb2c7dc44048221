/**
 * printCreditReport in the core, with a recording DocumentPrinter: the HTML it hands over, one
 * print per jobId, failures as 'failed' (retryable), a cut-off job as 'unknown' (never resent), a
 * missing printer as DEVICE_UNAVAILABLE.
 */
import { describe, expect, it } from 'vitest';
import { a4PrintingAvailable, summariseFailure } from '../../../../../../electron/core/services/credit-query/credit-report-handlers.ts';
import { KioskError } from '../../../../../../electron/core/api/kiosk-error.ts';
import { terminalConfigSchema } from '../../../../../../electron/core/config/config-schema.ts';
import { DocumentPrinterUnavailableError, DocumentPrintOutcomeUnknownError, type DocumentPrinter, type DocumentPrintOptions } from '../../../../../../electron/core/documents/document-printer.ts';
import { a4Handlers, ID_MASKED, ID_NUMBER, REPORT_NO, terminalConfig } from '../../../../../support/a4-print-stand-ins.ts';

const JOB = '7c1e4f0e-8d1b-4d55-9a53-0a4f7e7f4a11';
const context = { shell: 'browser' as const, connectionId: 'c1' };

class RecordingPrinter implements DocumentPrinter {
  jobs: { html: string; options: DocumentPrintOptions }[] = [];
  failWith: Error | undefined;
  /** While set, every print stays in flight until it settles: the test decides when a job ends. */
  gate: Promise<void> | undefined;
  async print(html: string, options: DocumentPrintOptions): Promise<void> {
    this.jobs.push({ html, options });
    await this.gate;
    if (this.failWith) throw this.failWith;
  }
}

const codeOf = (error: unknown) => (error instanceof KioskError ? error.code : `not a KioskError: ${String(error)}`);

describe('printCreditReport', () => {
  it("hands the session's report (masked) to the printer with the configured printer name", async () => {
    const printer = new RecordingPrinter();
    const { printCreditReport } = a4Handlers(printer, terminalConfig({ enabled: true, printerName: 'Office_A4' }));
    expect(await printCreditReport({ jobId: JOB }, context)).toEqual({ jobId: JOB, status: 'printed' });
    expect(printer.jobs).toHaveLength(1);
    const [job] = printer.jobs;
    expect(job?.options).toEqual({ jobId: JOB, printerName: 'Office_A4' });
    expect(job?.html).toContain(REPORT_NO);
    expect(job?.html).toContain(ID_MASKED);
    expect(job?.html).not.toContain(ID_NUMBER);
  });

  it('prints a job once: a repeated or concurrent call answers already-printed', async () => {
    const printer = new RecordingPrinter();
    let release = () => {};
    printer.gate = new Promise((resolve) => (release = resolve));
    const { printCreditReport } = a4Handlers(printer);
    const both = Promise.all([printCreditReport({ jobId: JOB }, context), printCreditReport({ jobId: JOB }, context)]);
    // The second call arrives while the first job is still at the printer.
    await expect.poll(() => printer.jobs.length).toBe(1);
    release();
    const [first, second] = await both;
    expect(first.status).toBe('printed');
    expect(second).toEqual({ jobId: JOB, status: 'already-printed' });
    expect(await printCreditReport({ jobId: JOB }, context)).toEqual({ jobId: JOB, status: 'already-printed' });
    expect(printer.jobs).toHaveLength(1);
  });

  it("reports a refused job as 'failed' with a short reason without the ID number, and lets it be retried", async () => {
    const printer = new RecordingPrinter();
    printer.failWith = new Error(`lp refused the job (exit 1): lp: bad file ${ID_NUMBER}\n${'x'.repeat(400)}`);
    const { printCreditReport } = a4Handlers(printer);
    const failed = await printCreditReport({ jobId: JOB }, context);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toContain('lp refused the job (exit 1)');
    expect(failed.reason).not.toContain(ID_NUMBER);
    expect(failed.reason!.length).toBeLessThanOrEqual(200);
    printer.failWith = undefined;
    expect(await printCreditReport({ jobId: JOB }, context)).toEqual({ jobId: JOB, status: 'printed' });
    expect(printer.jobs).toHaveLength(2);
  });

  it("reports a job cut off after it was handed on as 'unknown', never as failed, and never sends it again", async () => {
    const printer = new RecordingPrinter();
    printer.failWith = new DocumentPrintOutcomeUnknownError('core host stopped before the print job was answered');
    const { printCreditReport } = a4Handlers(printer);
    const unknown = await printCreditReport({ jobId: JOB }, context);
    expect(unknown).toEqual({ jobId: JOB, status: 'unknown', reason: 'core host stopped before the print job was answered' });
    // A second tap must not risk a second copy of a personal report: the same answer, no new job.
    printer.failWith = undefined;
    expect(await printCreditReport({ jobId: JOB }, context)).toEqual(unknown);
    expect(printer.jobs).toHaveLength(1);
  });

  it('answers DEVICE_UNAVAILABLE when the printing tools are missing, and the job may be retried', async () => {
    const printer = new RecordingPrinter();
    printer.failWith = new DocumentPrinterUnavailableError('chromium not found at /opt/none');
    const { printCreditReport } = a4Handlers(printer);
    const error = await printCreditReport({ jobId: JOB }, context).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('DEVICE_UNAVAILABLE');
    expect((error as Error).message).toContain('chromium not found');
    printer.failWith = undefined;
    expect((await printCreditReport({ jobId: JOB }, context)).status).toBe('printed');
  });

  it('answers DEVICE_UNAVAILABLE without a shell printer or when the config has A4 printing off', async () => {
    const none = a4Handlers(undefined);
    expect(codeOf(await none.printCreditReport({ jobId: JOB }, context).catch((e: unknown) => e))).toBe('DEVICE_UNAVAILABLE');
    const printer = new RecordingPrinter();
    const off = a4Handlers(printer, terminalConfig({ enabled: false }));
    expect(codeOf(await off.printCreditReport({ jobId: JOB }, context).catch((e: unknown) => e))).toBe('DEVICE_UNAVAILABLE');
    expect(printer.jobs).toHaveLength(0);
  });

  it('answers NO_SESSION without a session or before a credit query, printing nothing', async () => {
    const printer = new RecordingPrinter();
    const ended = a4Handlers(printer);
    ended.sessions.end('completed');
    expect(codeOf(await ended.printCreditReport({ jobId: JOB }, context).catch((e: unknown) => e))).toBe('NO_SESSION');
    const fresh = a4Handlers(printer);
    const session = fresh.sessions.current()!;
    session.credit = undefined;
    expect(codeOf(await fresh.printCreditReport({ jobId: JOB }, context).catch((e: unknown) => e))).toBe('NO_SESSION');
    expect(printer.jobs).toHaveLength(0);
  });
});

describe('A4 printer config', () => {
  it('keeps configs without the section valid, with A4 printing off', () => {
    const config = terminalConfig({});
    expect(config.devices.a4Printer).toEqual({ enabled: false });
    expect(a4PrintingAvailable(config, new RecordingPrinter())).toBe(false);
    expect(a4PrintingAvailable(terminalConfig(), new RecordingPrinter())).toBe(true);
    expect(a4PrintingAvailable(terminalConfig(), undefined)).toBe(false);
  });

  it.each([
    [{ enabled: true, printerName: '-o evil' }, 'printerName'],
    [{ enabled: true, printerName: 'a\nb' }, 'printerName'],
    [{ enabled: true, chromiumPath: 'chromium' }, 'chromiumPath'],
    [{ enabled: 'yes' }, 'enabled'],
    [{ enabled: true, colour: true }, 'colour'],
  ])('refuses %j with a message naming the field', (a4Printer, field) => {
    const base = terminalConfig();
    const result = terminalConfigSchema.safeParse({ ...base, devices: { ...base.devices, a4Printer } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(field);
  });

  it('summarises failures on one bounded line', () => {
    expect(summariseFailure(new Error('a\n  b'))).toBe('a b');
    expect(summariseFailure('x'.repeat(500))).toHaveLength(200);
  });
});
