/**
 * The browser shell's A4 path for real: Debian's Chromium renders the core's credit report to PDF
 * headless (checked with poppler-utils), then `lp` submits it. There is no print server here, so
 * `lp` is a stub script first on PATH that records its arguments and keeps a copy of the file.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChromiumCupsDocumentPrinter } from '../../../../../electron/shells/browser/chromium-cups-printer.ts';
import { KioskError } from '../../../../../electron/core/api/kiosk-error.ts';
import { buildCreditReportHtml } from '../../../../../electron/core/services/credit-query/credit-report-html.ts';
import { shippedPrintTexts } from '../../../../support/shipped-print-texts.ts';
import { DocumentPrinterUnavailableError } from '../../../../../electron/core/documents/document-printer.ts';
import { a4Handlers, creditRecord, ID_MASKED, ID_NUMBER, REPORT_NO, terminalConfig } from '../../../../support/a4-print-stand-ins.ts';

const root = mkdtempSync(join(tmpdir(), 'kiosk-a4-test-'));
const bin = join(root, 'bin');
const jobsDir = join(root, 'jobs'); // the printer's temporary folders go here, so the test sees them removed
const argsLog = join(root, 'lp-args.log');
const copied = join(root, 'printed.pdf');
const context = { shell: 'browser' as const, connectionId: 'c1' };
const originalPath = process.env.PATH;

/**
 * Records one line per call (arguments joined by '|'), copies the file; a 'fail' file beside it
 * makes it refuse, a 'killed' file makes it die by SIGKILL after the copy (as on our timeout).
 */
function writeLpStub(): void {
  const script = `#!/bin/sh
printf '%s\\n' "$(printf '%s|' "$@")" >> '${argsLog}'
if [ -f '${root}/fail' ]; then
  echo 'lp: The printer or class does not exist.' >&2
  exit 1
fi
for last; do :; done
cp "$last" '${copied}'
if [ -f '${root}/killed' ]; then kill -KILL $$; fi
echo 'request id is Office_A4-7 (1 file(s))'
`;
  writeFileSync(join(bin, 'lp'), script);
  chmodSync(join(bin, 'lp'), 0o755);
}

beforeAll(() => {
  mkdirSync(bin);
  mkdirSync(jobsDir);
  writeLpStub();
  process.env.PATH = `${bin}:${originalPath}`;
});

afterAll(() => {
  process.env.PATH = originalPath;
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  rmSync(argsLog, { force: true });
  rmSync(copied, { force: true });
  rmSync(join(root, 'fail'), { force: true });
  rmSync(join(root, 'killed'), { force: true });
});

const lpCalls = () => (existsSync(argsLog) ? readFileSync(argsLog, 'utf8').trim().split('\n').map((line) => line.split('|').slice(0, -1)) : []);
const printer = () => new ChromiumCupsDocumentPrinter({ tmpDir: jobsDir });
const report = () =>
  buildCreditReportHtml({
    record: creditRecord(),
    idNumber: ID_NUMBER,
    terminalId: 'KM-0001',
    locale: 'zh-CN',
    texts: shippedPrintTexts(),
    queriedAt: new Date(2024, 2, 1, 9, 30, 5),
    timeZone: 'Asia/Shanghai',
  });

describe('Chromium + CUPS document printer (CUPS stubbed: no print server here)', () => {
  it('renders an A4 PDF with real Chromium and submits it to the named printer with lp', async () => {
    const jobId = '3b0c1d2e-4f50-4a61-8b72-9c83d4e5f607';
    await printer().print(await report(), { jobId, printerName: 'Office_A4' });
    const calls = lpCalls();
    expect(calls).toHaveLength(1);
    const [args] = calls;
    expect(args?.slice(0, 4)).toEqual(['-d', 'Office_A4', '-t', `kiosk-${jobId}`]);
    expect(args?.[4]).toMatch(/\/report\.pdf$/);
    const bytes = readFileSync(copied);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [copied], { encoding: 'utf8' });
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
    expect(Math.abs(Number(size?.[1]) - 595.28)).toBeLessThan(1.5);
    expect(Math.abs(Number(size?.[2]) - 841.89)).toBeLessThan(1.5);
    const text = execFileSync('pdftotext', ['-layout', copied, '-'], { encoding: 'utf8' });
    expect(text).toContain(REPORT_NO);
    expect(text).toContain(ID_MASKED);
    expect(text).not.toContain(ID_NUMBER);
    // The HTML and the PDF (personal data) are gone once lp has its copy.
    expect(readdirSync(jobsDir)).toEqual([]);
  });

  it('prints through the core once per job, to the default printer when none is named', async () => {
    const jobId = '5d2e3f40-6172-4a83-9b94-0ca5b6c7d809';
    const { printCreditReport } = a4Handlers(printer(), terminalConfig({ enabled: true }));
    expect(await printCreditReport({ jobId }, context)).toEqual({ jobId, status: 'printed' });
    expect(await printCreditReport({ jobId }, context)).toEqual({ jobId, status: 'already-printed' });
    const calls = lpCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).not.toContain('-d');
    expect(readFileSync(copied).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it("reports lp's refusal as 'failed' with its message, and removes the files", async () => {
    writeFileSync(join(root, 'fail'), '');
    const jobId = '6e3f4051-7283-4b94-8ca5-1db6c7d8e90a';
    const { printCreditReport } = a4Handlers(printer());
    const result = await printCreditReport({ jobId }, context);
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('lp refused the job (exit 1): lp: The printer or class does not exist.');
    expect(lpCalls()).toHaveLength(1);
    expect(existsSync(copied)).toBe(false);
    expect(readdirSync(jobsDir)).toEqual([]);
  });

  it("reports an lp that was killed after taking the job as 'unknown' (it may be queued), and never submits it again", async () => {
    writeFileSync(join(root, 'killed'), '');
    const jobId = '5d2e3f40-6172-4a83-9b94-0ca5b6c7d8e9';
    const { printCreditReport } = a4Handlers(printer());
    const result = await printCreditReport({ jobId }, context);
    expect(result).toEqual({ jobId, status: 'unknown', reason: 'lp did not answer (killed by SIGKILL): the job may have been queued' });
    expect(existsSync(copied)).toBe(true);
    expect(await printCreditReport({ jobId }, context)).toEqual(result);
    expect(lpCalls()).toHaveLength(1);
    expect(readdirSync(jobsDir)).toEqual([]);
  });

  it('answers DEVICE_UNAVAILABLE for a missing Chromium, before anything is written or submitted', async () => {
    const missing = new ChromiumCupsDocumentPrinter({ tmpDir: jobsDir, chromiumPath: () => join(root, 'no-such-chromium') });
    await expect(missing.print('<p>x</p>', { jobId: 'j' })).rejects.toBeInstanceOf(DocumentPrinterUnavailableError);
    const { printCreditReport } = a4Handlers(missing);
    const error = await printCreditReport({ jobId: '7f405162-8394-4ca5-9db6-2ec7d8e9fa1b' }, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).code).toBe('DEVICE_UNAVAILABLE');
    expect((error as KioskError).message).toContain('chromium not found');
    expect(lpCalls()).toEqual([]);
    expect(readdirSync(jobsDir)).toEqual([]);
  });

  it('answers DEVICE_UNAVAILABLE when the CUPS client is not installed', async () => {
    const noLp = new ChromiumCupsDocumentPrinter({ tmpDir: jobsDir, lpCommand: join(root, 'no-such-lp') });
    const { printCreditReport } = a4Handlers(noLp);
    const error = await printCreditReport({ jobId: '80516273-94a5-4db6-aec7-3fd8e9fa0b2c' }, context).catch((e: unknown) => e);
    expect((error as KioskError).code).toBe('DEVICE_UNAVAILABLE');
    expect((error as KioskError).message).toContain('not found (install cups-client)');
    expect(readdirSync(jobsDir)).toEqual([]);
  });
});
