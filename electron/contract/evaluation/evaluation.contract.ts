/**
 * 好差评: the citizen rates a transaction of any service; the rating is queued in the outbox and
 * counted in the monthly report.
 */
import { z } from 'zod';
import { method, result, LOCAL_MS } from '../method.ts';

/** Reasons a citizen can give for a bad rating (the screen shows them as choices). */
export const evaluationReasons = ['too-slow', 'hard-to-use', 'unclear-guidance', 'device-fault', 'not-resolved', 'other'] as const;
export type EvaluationReason = (typeof evaluationReasons)[number];

/** The answer to a 好差评 evaluation. */
export interface EvaluationReceipt {
  receiptNo: string;
  /** 'queued': stored on the terminal, delivered when the upstream can be reached. */
  delivery: 'delivered' | 'queued';
  /** This transaction had been rated already: the first rating stands, nothing new was queued. */
  alreadyRated: boolean;
}

export const evaluationMethods = {
  submitEvaluation: method({
    service: 'evaluation',
    access: 'open',
    timeoutMs: LOCAL_MS,
    request: z
      .object({
        /** A service id of the catalogue, e.g. 'credit-query'. */
        serviceId: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
        /** What is rated (e.g. the report or receipt number); one evaluation per transaction. */
        transactionId: z.string().regex(/^[A-Za-z0-9._:-]{8,64}$/, 'must be 8-64 letters, digits or . _ : -'),
        /** 1 very dissatisfied (非常不满意) … 5 very satisfied (非常满意). */
        rating: z.number().int().min(1).max(5),
        /** Why: required for a rating of 1 or 2 (差评). */
        reasons: z.array(z.enum(evaluationReasons)).max(evaluationReasons.length).optional(),
        comment: z.string().max(300).optional(),
      })
      .strict()
      .refine((r) => r.rating > 2 || (r.reasons?.length ?? 0) > 0, {
        message: 'at least one reason is required for a rating of 2 or less',
        path: ['reasons'],
      }),
    result: result<EvaluationReceipt>(),
  }),
} as const;
