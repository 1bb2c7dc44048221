/**
 * The outbox as the fleet sees it in a heartbeat: how much waits, how long the oldest has waited,
 * streams held behind an item for staff, and items no key here can open.
 */
import type { Outbox } from '../outbox/outbox.ts';
import type { SyncWorker } from '../outbox/sync-worker.ts';
import type { QueueDepth } from './heartbeat.ts';

export function queueSummary(outbox: { outbox: Outbox; worker: Pick<SyncWorker, 'heldStreams'> }): QueueDepth {
  const oldestPendingAt = outbox.outbox.oldestPendingAt();
  return {
    pending: outbox.outbox.count('pending'),
    failed: outbox.outbox.count('failed'),
    ...(oldestPendingAt ? { oldestPendingAt } : {}),
    held: outbox.worker.heldStreams.length,
    undecryptable: outbox.outbox.keyReport().undecryptable,
  };
}
