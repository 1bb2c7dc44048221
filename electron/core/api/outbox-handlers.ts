/**
 * KioskApi methods of the outbox: 好差评 evaluations and the network state, plus the wrapper
 * that counts service transactions for the monthly report. A submission is durable before the
 * answer leaves; "delivered" is said only when the upstream acknowledged it within a short wait.
 */
import type { EvaluationReceipt, NetworkStateView } from '../../contract/kiosk-api.ts';
import { SERVICE_IDS, type ServiceId } from '../config/config-schema.ts';
import type { Logger } from '../logging/logger.ts';
import { queueEvaluation } from '../outbox/evaluations.ts';
import type { NetworkMonitor } from '../outbox/network-monitor.ts';
import type { Outbox, OutboxItem } from '../outbox/outbox.ts';
import { OutboxError } from '../outbox/outbox-errors.ts';
import type { Rating, ServiceTally } from '../outbox/service-tally.ts';
import type { SyncWorker } from '../outbox/sync-worker.ts';
import { issueReceiptNo } from '../services/receipt-number.ts';
import type { KioskHandler, KioskHandlers } from './dispatcher.ts';
import { KioskError } from './kiosk-error.ts';

export interface OutboxHandlerDeps {
  outbox: Outbox;
  tally: ServiceTally;
  worker: SyncWorker;
  monitor: NetworkMonitor;
  terminalId: () => string;
  /** How long a citizen may wait for "delivered" before being told "queued"; default 1500 ms. */
  settleWaitMs?: number;
}

export type OutboxMethod = 'submitEvaluation' | 'getNetworkState';

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

export function networkStateView(monitor: NetworkMonitor, outbox: Outbox): NetworkStateView {
  const { state, changedAt } = monitor.snapshot();
  return { state, since: changedAt, queued: outbox.count('pending') };
}

export function createOutboxHandlers(deps: OutboxHandlerDeps): Pick<KioskHandlers, OutboxMethod> {
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

    getNetworkState: () => networkStateView(monitor, outbox),
  };
}

/**
 * The KioskApi calls that complete a service transaction (办件), by the service they count for in
 * the monthly report. Browsing (lists, guides) and failed calls are not transactions.
 */
export const TRANSACTION_METHODS: Partial<Record<keyof KioskHandlers, ServiceId>> = {
  queryCredit: 'credit-query',
  queryEnterpriseCredit: 'credit-query',
  submitCommitment: 'credit-commitment',
  submitForm: 'form-filling',
  verifyELicence: 'e-licence',
  queryProgress: 'progress-query',
  queryTrafficViolations: 'traffic-violation',
  uploadIdPhoto: 'id-photo',
};

/** Counts each successful transaction call in the tally; a counting failure never fails the call. */
export function countTransactions(handlers: KioskHandlers, tally: ServiceTally, logger: Logger): KioskHandlers {
  const counted: Record<string, KioskHandler<keyof KioskHandlers>> = { ...handlers };
  for (const [method, serviceId] of Object.entries(TRANSACTION_METHODS) as Array<[keyof KioskHandlers, ServiceId]>) {
    const handler = handlers[method] as KioskHandler<keyof KioskHandlers>;
    counted[method] = async (request, context) => {
      const result = await handler(request, context);
      try {
        tally.recordTransaction(serviceId);
      } catch (error) {
        logger.warn('transaction not counted', { method, error: error instanceof Error ? error.message : String(error) });
      }
      return result;
    };
  }
  return counted as KioskHandlers;
}
