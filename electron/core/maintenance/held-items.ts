/**
 * What staff (on the Queue screen) and the fleet (the signed `retry-held-items` command) may do
 * about outbox items sealed with a key this terminal does not hold: look again once the key is
 * back, or, after staff confirmed it, set them aside as failed. Both are audited; nothing is
 * deleted: set-aside items stay in the database, counted and listed.
 */
import type { HeldRetryResult, SetAsideResult } from '../../contract/maintenance-api.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { RunningOutbox } from '../outbox/outbox-runtime.ts';

export type HeldItemsActor = 'staff' | 'fleet';

export function retryHeldItems(outbox: RunningOutbox, audit: AuditLog, actor: HeldItemsActor, stream: string | undefined): HeldRetryResult {
  const held = outbox.worker.heldStreams;
  const retried = stream === undefined ? held : held.filter((s) => s === stream);
  outbox.worker.retryHeld(stream);
  const undecryptable = outbox.outbox.keyReport().undecryptable;
  audit.append(actor, 'queue.held-retried', { ...(stream === undefined ? {} : { stream }), streams: retried.join(','), undecryptable });
  return { retried, undecryptable };
}

export function setAsideUnreadable(outbox: RunningOutbox, audit: AuditLog, staffId: string): SetAsideResult {
  const setAside = outbox.outbox.setAsideUnreadable(staffId);
  // Their streams were held behind them: they move on now.
  outbox.worker.retryHeld();
  const totalSetAside = outbox.outbox.countSetAside();
  audit.append(staffId, 'queue.unreadable-set-aside', { items: setAside, total: totalSetAside });
  return { setAside, totalSetAside };
}
