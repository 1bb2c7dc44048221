/**
 * The outbox as the maintenance screen sees it: counts and item summaries, never a payload. The
 * upstream's message is scrubbed of ID numbers once more: it comes from outside the terminal.
 */
import type { QueueCounts, QueueItemView } from '../../contract/maintenance-api.ts';
import { scrubIdNumbers } from '../logging/logger.ts';
import { isSetAside, type Outbox, type OutboxItem } from '../outbox/outbox.ts';

const REFERENCE_CHARS = 8;

export function queueCounts(outbox: Outbox): QueueCounts {
  return {
    pending: outbox.count('pending'),
    failed: outbox.count('failed'),
    acknowledged: outbox.count('acknowledged'),
    delivered: outbox.count('delivered'),
    undecryptable: outbox.keyReport().undecryptable,
    setAside: outbox.countSetAside(),
  };
}

export function toQueueItemView(item: OutboxItem): QueueItemView {
  const optional = {
    lastAttemptAt: item.lastAttemptAt,
    nextAttemptAt: item.nextAttemptAt,
    upstreamMessage: item.lastError === undefined ? undefined : scrubIdNumbers(item.lastError).slice(0, 500),
    failedAt: item.failedAt,
    deliveredAt: item.deliveredAt,
    acknowledgedAt: item.acknowledgedAt,
    acknowledgedBy: item.acknowledgedBy,
  };
  return {
    id: item.id,
    reference: item.idempotencyKey.slice(-REFERENCE_CHARS),
    stream: item.stream,
    kind: item.kind,
    status: item.status,
    createdAt: item.createdAt,
    attempts: item.attempts,
    purged: item.purgedAt !== undefined,
    ...(isSetAside(item) ? { setAside: true } : {}),
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<QueueItemView>),
  };
}
