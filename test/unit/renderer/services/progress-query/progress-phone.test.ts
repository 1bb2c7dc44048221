import { describe, expect, it } from 'vitest';
import type { ProgressItem, ProgressView } from '../../../../../electron/contract/kiosk-api.ts';
import { progressPhoneLinks } from '../../../../../renderer/src/services/progress-query/progress-phone.ts';

const item = (receiptNo: string, resultUrl?: string): ProgressItem => ({
  receiptNo,
  matter: '个体工商户设立登记',
  status: 'processing',
  note: '',
  submittedAt: '2026-01-05T09:00:00+08:00',
  updatedAt: '2026-01-06T09:00:00+08:00',
  steps: [],
  ...(resultUrl ? { resultUrl } : {}),
});
const view = (items: ProgressItem[]): ProgressView => ({ holderNameMasked: '', items, queriedAt: '2026-01-06T10:00:00+08:00' });
const page = (no: string) => `https://zwfw.example.gov.cn/p/${no}`;

describe('the progress pages offered for the phone', () => {
  it("one case: its page is the result's QR code", () => {
    expect(progressPhoneLinks(view([item('A-00001', page('A-00001'))]))).toEqual({ phoneUrl: page('A-00001') });
  });

  it('several cases: one code each, under its receipt number; a case without a page has none', () => {
    const links = progressPhoneLinks(view([item('A-00001', page('A-00001')), item('B-00002'), item('C-00003', page('C-00003'))]));
    expect(links).toEqual({
      phoneLinks: [
        { url: page('A-00001'), caption: 'A-00001' },
        { url: page('C-00003'), caption: 'C-00003' },
      ],
    });
  });

  it('no page named, or no case: nothing offered', () => {
    expect(progressPhoneLinks(view([item('A-00001')]))).toEqual({});
    expect(progressPhoneLinks(view([]))).toEqual({});
  });
});
