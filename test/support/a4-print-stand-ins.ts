/** A session holding a fictitious card holder's credit record, and a terminal config, for A4 printing tests. */
import type { CallContext } from '../../electron/core/api/dispatcher.ts';
import { KioskError } from '../../electron/core/api/kiosk-error.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createA4PrintHandlers } from '../../electron/core/services/credit-query/credit-report-handlers.ts';
import { terminalConfigSchema, type TerminalConfig } from '../../electron/core/config/config-schema.ts';
import type { DocumentPrinter } from '../../electron/core/documents/document-printer.ts';
import { createLogger } from '../../electron/core/logging/logger.ts';
import type { IdCardData } from '../../native/idcard/id-card-data.ts';
import { SessionStore } from '../../electron/core/session/session-store.ts';
import type { CreditRecord } from '../../electron/core/upstream/upstream-client.ts';
import { shippedPrintTexts } from './shipped-print-texts.ts';

export const ID_NUMBER = '11010519491231002X';
export const ID_MASKED = '110***********002X';
export const REPORT_NO = 'XY-20240301-000123';

export const creditRecord = (): CreditRecord => ({
  reportNo: REPORT_NO,
  subjectName: '张三',
  status: 'warning',
  verifyUrl: `https://verify.example.cn/r/${REPORT_NO}?c=9f3a`,
  entries: [{ category: 'penalty', title: '示例行政处罚事项', authority: '昆明市示例局', date: '2023-05-15' }],
});

export function terminalConfig(a4Printer: Record<string, unknown> = { enabled: true }): TerminalConfig {
  const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'config', 'default.json'), 'utf8')) as { devices: Record<string, unknown> };
  return terminalConfigSchema.parse({ ...defaults, devices: { ...defaults.devices, a4Printer } });
}

/** The fictitious card holder of these tests, as the reader returns it. */
export const sampleCardHolder = (): IdCardData => ({
  cardType: 'resident',
  name: '张三',
  gender: 'male',
  nation: '汉',
  birthDate: '1949-12-31',
  address: '北京市朝阳区示例路1号',
  idNumber: ID_NUMBER,
  issuer: '北京市公安局朝阳分局',
  validFrom: '2015-01-01',
  validTo: '2035-01-01',
  photoWlt: new Uint8Array(16),
});

/** A SessionStore with an active session that has read a card and queried its credit record. */
export function sessionWithCredit(): SessionStore {
  const sessions = new SessionStore({ backstopMs: 60_000 });
  const session = sessions.start();
  session.identity = sampleCardHolder();
  session.credit = creditRecord();
  return sessions;
}

export function a4Handlers(documentPrinter: DocumentPrinter | undefined, config: TerminalConfig = terminalConfig(), sessions = sessionWithCredit()) {
  const handlers = createA4PrintHandlers({
    config: () => config,
    documentPrinter,
    texts: shippedPrintTexts(),
    queriedAt: () => new Date(2024, 2, 1, 9, 30, 5),
    logger: createLogger({ level: 'error' }),
  });
  // Always a promise, so tests can .catch() the error a handler throws. The session is handed
  // over as the dispatcher does for a citizen method (its own rule is tested with the dispatcher).
  const printCreditReport = async (request: { jobId: string }, context: CallContext) => {
    const session = sessions.current();
    if (!session) throw new KioskError('NO_SESSION', 'no active session');
    return handlers.printCreditReport(request, { ...context, session });
  };
  return { printCreditReport, sessions };
}
