/**
 * 好差评: a citizen's rating of a finished transaction goes through the outbox (stream
 * 'evaluations') and, in the same transaction, into the local monthly tally. One evaluation per
 * transaction: the idempotency key is derived from the transaction id, so a double tap or a
 * retry from the screen queues nothing twice.
 */
import { OutboxError } from '../outbox/outbox-errors.ts';
import type { EnqueueResult, Outbox } from '../outbox/outbox.ts';
import type { Rating, ServiceTally } from './service-tally.ts';

export const EVALUATION_STREAM = 'evaluations';
export const EVALUATION_KIND = 'evaluation.v1';

/** The five levels of the national 好差评 scheme, rating 1..5. */
export const RATING_LEVELS = ['very-dissatisfied', 'dissatisfied', 'basically-satisfied', 'satisfied', 'very-satisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export interface EvaluationInput {
  serviceId: string;
  /** The transaction being rated (e.g. the credit report number); one evaluation each. */
  transactionId: string;
  rating: Rating;
  /** Required for ratings 1 and 2 (差评): the halls must follow every bad rating up. */
  reasons?: readonly string[];
  /** Free text; may contain personal data, so it only ever exists sealed in the outbox. */
  comment?: string;
}

export function queueEvaluation(outbox: Outbox, tally: ServiceTally, input: EvaluationInput, at: Date = new Date()): EnqueueResult {
  const reasons = [...new Set(input.reasons ?? [])];
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new OutboxError('invalid-submission', 'a rating must be 1 (very dissatisfied) to 5 (very satisfied)');
  }
  if (input.rating <= 2 && reasons.length === 0) {
    throw new OutboxError('invalid-submission', 'a rating of 2 or less needs at least one reason');
  }
  const comment = input.comment?.trim();
  const payload = {
    serviceId: input.serviceId,
    transactionId: input.transactionId,
    rating: input.rating,
    level: RATING_LEVELS[input.rating - 1],
    reasons,
    ...(comment ? { comment } : {}),
    evaluatedAt: at.toISOString(),
  };
  return outbox.enqueue(
    { stream: EVALUATION_STREAM, kind: EVALUATION_KIND, payload, idempotencyKey: `eval-${input.transactionId}` },
    { alsoInTransaction: () => tally.recordRating(input.serviceId, input.rating, reasons, at) },
  );
}
