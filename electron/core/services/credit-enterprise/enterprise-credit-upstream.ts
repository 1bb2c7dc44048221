/** 企业信用查询's upstream call and the record it answers (the slip and the screen read it). */
import { z } from 'zod';
import { postJson, upstreamDateSchema } from '../../upstream/json-calls.ts';
import { creditEntrySchema, type CallOptions, type UpstreamClient } from '../../upstream/upstream-client.ts';

export const enterpriseCreditSchema = z.object({
  reportNo: z.string().min(1).max(64),
  creditCode: z.string().length(18),
  entityName: z.string().min(1),
  entityType: z.string().min(1),
  legalRepresentative: z.string().min(1),
  registeredAt: upstreamDateSchema,
  status: z.enum(['good', 'warning', 'dishonest']),
  entries: z.array(creditEntrySchema),
  verifyUrl: z.url({ protocol: /^https?$/ }),
});
export type EnterpriseCreditRecord = z.output<typeof enterpriseCreditSchema>;

export function enterpriseCredit(client: UpstreamClient, creditCode: string, options: CallOptions = {}): Promise<EnterpriseCreditRecord> {
  return postJson(client, '/api/v1/credit/enterprise', { creditCode }, enterpriseCreditSchema, options);
}
