/** What the screen may show of an enterprise credit record. */
import type { EnterpriseCreditView } from '../../../contract/service-api.ts';
import type { EnterpriseCreditRecord } from './enterprise-credit-upstream.ts';

export const toEnterpriseCreditView = (r: EnterpriseCreditRecord, queriedAt: Date): EnterpriseCreditView => ({
  reportNo: r.reportNo,
  creditCode: r.creditCode,
  entityName: r.entityName,
  entityType: r.entityType,
  legalRepresentative: r.legalRepresentative,
  registeredAt: r.registeredAt,
  status: r.status,
  entries: r.entries.map((e) => ({ category: e.category, title: e.title, authority: e.authority, date: e.date })),
  queriedAt: queriedAt.toISOString(),
  verifyUrl: r.verifyUrl,
});
