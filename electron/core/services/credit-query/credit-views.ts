/** What the screen may show of a personal credit record (the ID number masked). */
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import type { CreditRecordView } from '../../../contract/kiosk-api.ts';
import type { CreditRecord } from '../../upstream/upstream-client.ts';

export const toCreditView = (record: CreditRecord, idNumber: string, queriedAt: Date): CreditRecordView => ({
  reportNo: record.reportNo,
  subjectName: record.subjectName,
  idNumberMasked: maskIdNumber(idNumber),
  status: record.status,
  entries: record.entries.map((e) => ({ category: e.category, title: e.title, authority: e.authority, date: e.date })),
  queriedAt: queriedAt.toISOString(),
  verifyUrl: record.verifyUrl,
});
