/**
 * 往来港澳二次签注's upstream call: which endorsement types the exit-entry platform allows this
 * holder on this permit (validity, times, fee), with the payment reference an application made
 * from this answer is paid by. The application itself goes through the outbox (stream below).
 */
import { z } from 'zod';
import { ENDORSEMENT_TYPES } from '../../../contract/services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import { postJson, upstreamDateSchema, type Subject } from '../../upstream/json-calls.ts';
import type { CallOptions, UpstreamClient } from '../../upstream/upstream-client.ts';

export const endorsementOptionsSchema = z.object({
  permitNumber: z.string().min(1).max(32),
  expiresOn: upstreamDateSchema,
  /** Quoted when the fee is paid at a counter or in the 移民局12367 app. */
  paymentReference: z.string().regex(/^[A-Za-z0-9-]{6,40}$/),
  options: z
    .array(
      z.object({
        type: z.enum(ENDORSEMENT_TYPES),
        allowed: z.boolean(),
        refusal: z.string().max(200).optional(),
        validityMonths: z.number().int().min(1).max(60),
        times: z.number().int().min(0).max(99),
        feeYuan: z.number().min(0).max(10_000),
      }),
    )
    .max(ENDORSEMENT_TYPES.length),
});
export type EndorsementOptionsRecord = z.output<typeof endorsementOptionsSchema>;
export type EndorsementOption = EndorsementOptionsRecord['options'][number];

export function endorsementOptions(client: UpstreamClient, subject: Subject & { permitNumber: string }, options: CallOptions = {}): Promise<EndorsementOptionsRecord> {
  return postJson(client, '/api/v1/police/hk-macau-endorsement/options', subject, endorsementOptionsSchema, {
    ...options,
    secrets: [subject.idNumber, subject.permitNumber],
  });
}

export const ENDORSEMENT_STREAM = 'endorsements';
export const ENDORSEMENT_KIND = 'hk-macau-endorsement.v1';
export const endorsementKey = (submissionId: string): string => `endorsement-${submissionId}`;
