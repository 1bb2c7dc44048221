/** 电子证照核验's upstream call and the licence record it answers. */
import { z } from 'zod';
import { postJson, upstreamDateSchema } from '../../upstream/json-calls.ts';
import type { CallOptions, UpstreamClient } from '../../upstream/upstream-client.ts';

export const eLicenceSchema = z.object({
  licenceType: z.string().regex(/^[a-z0-9-]{1,40}$/),
  licenceName: z.string().min(1).max(60),
  licenceNo: z.string().min(1).max(64),
  holderName: z.string().min(1).max(100),
  /** Compared with the ID card on the terminal; never sent to the screen. */
  holderIdNumber: z.string().min(1).max(32),
  issuer: z.string().min(1).max(100),
  validUntil: z.union([upstreamDateSchema, z.literal('long-term')]),
  status: z.enum(['valid', 'expired', 'revoked']),
  /** What the licence says, for form prefill (e.g. creditCode, entityName, licenceClass). */
  fields: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/), z.string().max(500)).default({}),
});
export type ELicenceRecord = z.output<typeof eLicenceSchema>;

export function verifyELicence(client: UpstreamClient, code: string, options: CallOptions = {}): Promise<ELicenceRecord> {
  return postJson(client, '/api/v1/e-licence/verify', { code }, eLicenceSchema, options);
}
