/** Fictitious card holder and record for the renderer's journey tests. */
import type { CreditRecordView, IdCardView } from '../../../../../electron/contract/kiosk-api.ts';

export const card: IdCardView = {
  cardType: 'resident',
  name: '测试甲',
  idNumberMasked: '110***********002X',
  gender: 'female',
};

export const record: CreditRecordView = {
  reportNo: 'CR-2025-000042',
  subjectName: '测试甲',
  idNumberMasked: '110***********002X',
  status: 'good',
  entries: [{ category: 'red-list', title: '纳税信用A级', authority: '示例市税务局', date: '2024-05-01' }],
  queriedAt: '2025-01-02T03:04:05Z',
  verifyUrl: 'https://verify.example.test/CR-2025-000042',
};

export const JOB_ID = '5f0d1f2e-3c4b-4a59-8e6d-7c8b9a0f1e2d';

/** True when nothing of the card holder survives in a value (state, DOM text, storage). */
export const holdsPersonalData = (value: unknown): boolean => {
  const text = JSON.stringify(value);
  return text.includes(card.name) || text.includes(card.idNumberMasked) || text.includes(record.reportNo);
};
