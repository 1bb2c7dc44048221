/** Reduce core-side records to what the screen may show (masked, minimal). */
import type { IdCardData } from '../../../native/idcard/id-card-data.ts';
import { maskIdNumber } from '../../contract/rules/id-number.ts';
import type { CreditRecordView, IdCardView } from '../../contract/kiosk-api.ts';
import type { CreditRecord } from '../upstream/upstream-client.ts';

export const toIdCardView = (card: IdCardData): IdCardView => ({
  cardType: card.cardType,
  name: card.name || card.nameEn || '',
  idNumberMasked: maskIdNumber(card.idNumber),
  gender: card.gender,
});

export const toCreditView = (record: CreditRecord, idNumber: string, queriedAt: Date): CreditRecordView => ({
  reportNo: record.reportNo,
  subjectName: record.subjectName,
  idNumberMasked: maskIdNumber(idNumber),
  status: record.status,
  entries: record.entries.map((e) => ({ category: e.category, title: e.title, authority: e.authority, date: e.date })),
  queriedAt: queriedAt.toISOString(),
  verifyUrl: record.verifyUrl,
});
