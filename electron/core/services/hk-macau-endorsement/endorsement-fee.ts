/**
 * The endorsement fee at the terminal's pay step. The purchase is one application: its id is the
 * submission id, which is also the outbox key's tail (`endorsement-<submission id>`), so one paid
 * order and one application are tied by the same key. The price is the fee the upstream stated for
 * the chosen type when it listed the options (kept in the session), never a number from the screen.
 *
 * After a crash the payments engine asks the delivery check about an order caught between "paid"
 * and "delivered": the application is delivered if the outbox holds its key (rows are never
 * deleted), otherwise it was not made and the money goes back.
 */
import type { EndorsementType } from '../../../contract/services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import { ENDORSEMENT_FEE_PURPOSE } from '../../../contract/services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import type { DeliveryCheck } from '../../payments/payment-engine.ts';
import type { PaymentsRuntime, PurchaseQuote } from '../../payments/payments-runtime.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { SessionSlot } from '../shared/service-session.ts';
import type { SubmissionSink } from '../shared/submission-sink.ts';
import { endorsementKey } from './endorsement-upstream.ts';

export { ENDORSEMENT_FEE_PURPOSE };

/** A fee offered at the pay step in this session: what the order must pay, for which type on which permit. */
export interface PendingFee {
  type: EndorsementType;
  permit: string;
  amountFen: number;
}

/** submissionId → the fee offered for it; the quote answers only for the current session's. */
export const pendingFees = new SessionSlot<Map<string, PendingFee>>('hk-macau-endorsement-fees');

/** Wallet channels only: the non-tax platform collects notices (缴款码), which an endorsement has none of. */
export function feePayableHere(payments: PaymentsRuntime | undefined): payments is PaymentsRuntime {
  return payments !== undefined && payments.engine.channels.some((c) => c !== 'non-tax');
}

/** The upstream's fee in whole fen; undefined for no fee or one that is not a whole number of fen (paid at the counter then). */
export function feeFen(feeYuan: number): number | undefined {
  const fen = Math.round(feeYuan * 100);
  return fen >= 1 && Math.abs(feeYuan * 100 - fen) < 1e-6 ? fen : undefined;
}

export const feeSubject = (type: EndorsementType): string => `往来港澳签注费（${type}）`;

export function endorsementFeeQuote(ctx: ServiceContext): PurchaseQuote {
  return (purchaseId) => {
    const session = ctx.deps.sessions.current();
    const pending = session === undefined ? undefined : pendingFees.get(ctx.stateOf(session))?.get(purchaseId);
    return Promise.resolve(pending === undefined ? undefined : { amountFen: pending.amountFen, subject: feeSubject(pending.type) });
  };
}

/** Delivered iff the outbox holds the application's key; undefined (ask again later) when the sink cannot tell. */
export function endorsementDeliveryCheck(sink: SubmissionSink): DeliveryCheck {
  return (order) => Promise.resolve(sink.holds?.(endorsementKey(order.purchaseId)));
}
