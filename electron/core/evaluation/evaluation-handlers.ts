/**
 * 好差评: a citizen's rating of a transaction, queued in the outbox and counted in the monthly
 * report. The rating is durable before the answer leaves; "delivered" is said only when the
 * upstream acknowledged it within a short wait. (Transactions themselves are counted by the
 * dispatcher, from the contract table's `tally` entries.)
 */
import type { EvaluationReceipt } from '../../contract/kiosk-api.ts';
import { SERVICE_IDS } from '../config/config-schema.ts';
import { queueEvaluation } from './evaluations.ts';
import type { NetworkMonitor } from '../outbox/network-monitor.ts';
import type { Outbox, OutboxItem } from '../outbox/outbox.ts';
import { OutboxError } from '../outbox/outbox-errors.ts';
import type { Rating, ServiceTally } from './service-tally.ts';
import type { SyncWorker } from '../outbox/sync-worker.ts';
import { issueReceiptNo } from '../services/shared/receipt-number.ts';
import type { KioskHandlers } from '../api/dispatcher.ts';
import { KioskError } from '../api/kiosk-error.ts';

export interface EvaluationHandlerDeps {
  outbox: Outbox;
  tally: ServiceTally;
  worker: SyncWorker;
  monitor: NetworkMonitor;
  terminalId: () => string;
  /** How long a citizen may wait for "delivered" before being told "queued"; default 1500 ms. */
  settleWaitMs?: number;
}

export type EvaluationMethod = 'submitEvaluation';

/** The outbox's refusals in the contract's terms; nothing was saved in any of these cases. */
export function fromOutboxError(error: unknown): KioskError {
  if (error instanceof KioskError) return error;
  if (!(error instanceof OutboxError)) return new KioskError('INTERNAL', 'the submission could not be saved', { cause: error });
  switch (error.code) {
    case 'storage-full':
      return new KioskError('STORAGE_FULL', error.message);
    case 'closed':
      return new KioskError('DEVICE_UNAVAILABLE', error.message);
    case 'invalid-submission':
      return new KioskError('INVALID_REQUEST', error.message);
    default:
      return new KioskError('INTERNAL', error.message);
  }
}


export function evaluationHandlers(deps: EvaluationHandlerDeps): Pick<KioskHandlers, EvaluationMethod> {
  const { outbox, tally, worker, monitor } = deps;
  const settleWaitMs = deps.settleWaitMs ?? 1500;

  const delivery = async (item: OutboxItem): Promise<EvaluationReceipt['delivery']> => {
    if (item.status === 'delivered') return 'delivered';
    // Offline: say "queued" at once rather than keep the citizen waiting for nothing.
    if (item.status !== 'pending' || monitor.state === 'offline') return 'queued';
    const settled = await worker.waitForSettled(item.id, settleWaitMs);
    return settled?.status === 'delivered' ? 'delivered' : 'queued';
  };

  return {
    submitEvaluation: async (request) => {
      if (!(SERVICE_IDS as readonly string[]).includes(request.serviceId)) {
        throw new KioskError('INVALID_REQUEST', `submitEvaluation: serviceId: unknown service ${JSON.stringify(request.serviceId)}`);
      }
      let queued;
      try {
        queued = queueEvaluation(outbox, tally, {
          serviceId: request.serviceId,
          transactionId: request.transactionId,
          rating: request.rating as Rating,
          ...(request.reasons ? { reasons: request.reasons } : {}),
          ...(request.comment ? { comment: request.comment } : {}),
        });
      } catch (error) {
        throw fromOutboxError(error);
      }
      const { item, duplicate } = queued;
      return {
        receiptNo: issueReceiptNo(deps.terminalId(), item.idempotencyKey, new Date(item.createdAt)),
        delivery: await delivery(item),
        alreadyRated: duplicate,
      };
    },
  };
}
