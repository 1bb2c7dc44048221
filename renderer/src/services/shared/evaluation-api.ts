/** The 好差评 call, with the transaction id made safe for the contract's pattern. */
import type { EvaluationReceipt, KioskApi } from '../../../../electron/contract/kiosk-api.ts';
import { transactionIdOf, type BadRatingReason, type Rating } from './evaluation-state.ts';

export interface EvaluationRequest {
  serviceId: string;
  transactionId: string;
  rating: Rating;
  reasons: readonly BadRatingReason[];
}

export function submitEvaluation(api: KioskApi, request: EvaluationRequest): Promise<EvaluationReceipt> {
  return api.submitEvaluation({
    serviceId: request.serviceId,
    transactionId: transactionIdOf(request.transactionId),
    rating: request.rating,
    ...(request.reasons.length > 0 ? { reasons: [...request.reasons] } : {}),
  });
}
