import { describe, expect, it } from 'vitest';
import { toProgressItem } from '../../../../../../electron/core/services/progress-query/progress-views.ts';
import type { ProgressRecord } from '../../../../../../electron/core/services/progress-query/progress-upstream.ts';

const record: ProgressRecord = {
  receiptNo: 'BJCY-20260105-000127',
  matter: '个体工商户设立登记',
  status: 'processing',
  note: '',
  submittedAt: '2026-01-05T09:00:00+08:00',
  updatedAt: '2026-01-06T09:00:00+08:00',
  steps: [],
};
const personal = ['11010519491231002X', '张三'];

describe('a progress item for the screen', () => {
  it("passes the case's public page through", () => {
    const item = toProgressItem({ ...record, resultUrl: 'https://zwfw.example.gov.cn/p/BJCY-20260105-000127' }, personal);
    expect(item.resultUrl).toBe('https://zwfw.example.gov.cn/p/BJCY-20260105-000127');
    expect(item.receiptNo).toBe(record.receiptNo);
  });

  it('has no page when the upstream names none', () => {
    expect(toProgressItem(record, personal)).not.toHaveProperty('resultUrl');
  });

  it('drops a page with the holder in it, says why, and keeps the rest of the case', () => {
    const reasons: string[] = [];
    const item = toProgressItem({ ...record, resultUrl: 'https://zwfw.example.gov.cn/p?id=11010519491231002X' }, personal, (r) => reasons.push(r));
    expect(item).not.toHaveProperty('resultUrl');
    expect(item.matter).toBe(record.matter);
    expect(reasons).toEqual(['personal-data']);
  });
});
