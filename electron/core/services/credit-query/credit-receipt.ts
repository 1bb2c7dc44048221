/**
 * Lays out the credit-query receipt as ESC/POS bytes. The citizen may leave the slip behind, so
 * it carries the masked ID number and a masked name; the QR code lets anyone holding the slip
 * verify the report online without the terminal printing more personal data.
 */
import { receiptBuilder } from '../../printing/receipt-builder.ts';
import { maskName } from '../../../contract/rules/person-name.ts';
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import type { Locale } from '../../../contract/kiosk-api.ts';
import type { CreditRecord } from '../../upstream/upstream-client.ts';
import type { PrintTexts } from '../../printing/print-texts.ts';
import { zonedStamp } from '../../../contract/rules/zoned-time.ts';

export interface CreditReceiptInput {
  record: CreditRecord;
  idNumber: string;
  terminalId: string;
  /** zh-CN or en-US only: an official document (printLocale). */
  locale: Locale;
  texts: PrintTexts;
  queriedAt: Date;
  /** The hall's time zone (config hall.timeZone), not the OS clock's. */
  timeZone: string;
}

export function buildCreditReceipt(input: CreditReceiptInput): Uint8Array {
  const s = input.texts.creditReceipt(input.locale);
  const { record } = input;
  const b = receiptBuilder().init();
  b.align('center').bold(true).size(2, 2).line(s.title).size(1, 1).bold(false).newline();
  b.align('left');
  b.line(`${s.reportNo}: ${record.reportNo}`);
  b.line(`${s.name}: ${maskName(record.subjectName)}`);
  b.line(`${s.idNumber}: ${maskIdNumber(input.idNumber)}`);
  b.bold(true).line(`${s.status}: ${s.statusValues[record.status]}`).bold(false);
  b.line(`${s.entries}:`);
  if (record.entries.length === 0) b.line(`  ${s.noEntries}`);
  for (const entry of record.entries) {
    b.line(`- [${s.categories[entry.category]}] ${entry.title}`);
    b.line(`  ${entry.authority} ${entry.date}`);
  }
  b.newline();
  b.line(`${s.queriedAt}: ${zonedStamp(input.queriedAt, input.timeZone)}`);
  b.line(`${s.terminal}: ${input.terminalId}`);
  b.align('center').qr(record.verifyUrl, { size: 6, ecc: 'M' }).line(s.scanToVerify);
  b.feed(3).cut();
  return b.build();
}
