/**
 * The fine as a payment purpose ('traffic-fine', purchase = decision number): the quote is the
 * platform's 缴款 amount from the acceptance journal, never the screen's; delivery is telling the
 * platform the fine is paid, through the outbox (stream 'traffic-fines'), so a platform that is
 * down when the citizen pays is told later and the paid fine is never lost nor refunded. After a
 * crash mid-delivery the delivery check looks for the notice in the outbox and queues it if it is
 * not there: a fine is owed, so a paid one is delivered, not refunded.
 */
import { TRAFFIC_FINE_PURPOSE } from '../../../contract/services/traffic-violation/traffic-violation.contract.ts';
import type { PaymentOrder } from '../../payments/payment-journal.ts';
import type { PaymentsRuntime } from '../../payments/payments-runtime.ts';
import type { Logger } from '../../logging/logger.ts';
import { errorMessage } from '../../util/error-message.ts';
import type { SubmissionOutcome, SubmissionSink } from '../shared/submission-sink.ts';
import type { TrafficJournal } from './traffic-journal.ts';

export const TRAFFIC_FINES_STREAM = 'traffic-fines';
export const TRAFFIC_FINE_PAID_KIND = 'traffic-fine-paid.v1';
export const paidNoticeKey = (decisionNo: string): string => `traffic-paid-${decisionNo}`;

export interface FineDeps {
  journal: TrafficJournal;
  sink: SubmissionSink;
  logger: Logger;
  terminalId: () => string;
}

/** Queues "paid" for the platform (idempotent by the decision's key) and records the order on the decision. */
export async function sendPaidNotice(deps: FineDeps, order: PaymentOrder): Promise<SubmissionOutcome> {
  const decisionNo = order.purchaseId;
  const outcome = await deps.sink.submit({
    stream: TRAFFIC_FINES_STREAM,
    kind: TRAFFIC_FINE_PAID_KIND,
    payload: {
      decisionNo,
      noticeNo: order.noticeNo ?? '',
      orderNo: order.orderNo,
      channel: order.channel,
      transactionId: order.transactionId ?? '',
      amountFen: order.paidFen ?? order.amountFen,
      paidAt: order.updatedAt,
      terminalId: deps.terminalId(),
    },
    personal: false,
    idempotencyKey: paidNoticeKey(decisionNo),
  });
  deps.journal.paidBy(decisionNo, order.orderNo);
  return outcome;
}

/** Hands a paid fine to delivery: beginDelivery, the notice, delivered. Safe to call twice. */
export async function deliverFine(deps: FineDeps, payments: PaymentsRuntime, order: PaymentOrder): Promise<SubmissionOutcome> {
  const outcome = await payments.engine.deliverThrough(order, () => sendPaidNotice(deps, order));
  deps.logger.info('traffic fine paid and notice handed on', { orderNo: order.orderNo, decisionNo: order.purchaseId, delivery: outcome.delivery });
  return outcome;
}

/** Finds the paid notice in the outbox or queues it: true once it is durable, undefined if not yet (never false: a fine is owed). */
export function fineDeliveryCheck(deps: FineDeps): (order: PaymentOrder) => Promise<boolean | undefined> {
  return async (order) => {
    if (deps.sink.holds?.(paidNoticeKey(order.purchaseId)) === true) {
      deps.journal.paidBy(order.purchaseId, order.orderNo);
      return true;
    }
    try {
      await sendPaidNotice(deps, order);
      return true;
    } catch (error) {
      // Nothing durable yet: ask again on the next pass rather than refund a fine that was paid.
      deps.logger.warn('traffic fine notice could not be queued after a restart', { orderNo: order.orderNo, error: errorMessage(error) });
      return undefined;
    }
  };
}

export function registerFinePurpose(deps: FineDeps, payments: PaymentsRuntime): void {
  const check = fineDeliveryCheck(deps);
  payments.registerPurpose(
    TRAFFIC_FINE_PURPOSE,
    async (decisionNo) => {
      const row = deps.journal.byDecision(decisionNo);
      if (row?.amountFen == null || row.noticeNo === null) return undefined;
      return { amountFen: row.amountFen, subject: `交通违法罚款 ${decisionNo}`, noticeNo: row.noticeNo };
    },
    check,
    // Paid but not delivered when nobody waits (crash, the citizen left): delivered, never refunded.
    { onPaidUndelivered: 'deliver', deliver: check },
  );
}
