/**
 * Outbox rows as SQLite stores them and as the rest of the core sees them. Items never carry
 * their payload: personal data is only ever decrypted by the sync worker, for the request body.
 */

/** 'acknowledged' is a failed item a staff member has seen (status 'failed' + acknowledged_at). */
export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'acknowledged';

export interface OutboxItem {
  id: number;
  idempotencyKey: string;
  stream: string;
  kind: string;
  createdAt: string;
  status: OutboxStatus;
  /** Delivery attempts made (a 409 replay and the first 201 both end the count). */
  attempts: number;
  /** Transient failures while the upstream accepted other submissions (poison detection). */
  strikes: number;
  nextAttemptAt?: string;
  lastAttemptAt?: string;
  /** The upstream's message for a refusal, or the last transient error. Never personal data. */
  lastError?: string;
  upstreamRef?: string;
  deliveredAt?: string;
  failedAt?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  /** When the payload (personal data) was emptied; the row itself is kept. */
  purgedAt?: string;
  /** Fingerprint of the key that sealed the payload. */
  keyId?: string;
  /** The case this item is ordered within (absent: ordered with nothing). */
  orderKey?: string;
  /** Who set it aside for a key the terminal does not hold (absent: not set aside). */
  setAsideBy?: string;
}

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  stream: string;
  kind: string;
  created_at: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  strikes: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  upstream_ref: string | null;
  delivered_at: string | null;
  failed_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  purged_at: string | null;
  key_id: string | null;
  order_key: string | null;
  set_aside_by: string | null;
}

/** Every column except the payload. */
export const ITEM_COLUMNS = `id, idempotency_key, stream, kind, created_at, status, attempts, strikes, next_attempt_at,
  last_attempt_at, last_error, upstream_ref, delivered_at, failed_at, acknowledged_at, acknowledged_by, purged_at, key_id, order_key, set_aside_by`;

export function toItem(row: OutboxRow): OutboxItem {
  const item: OutboxItem = {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    stream: row.stream,
    kind: row.kind,
    createdAt: row.created_at,
    status: row.status === 'failed' && row.acknowledged_at !== null ? 'acknowledged' : row.status,
    attempts: row.attempts,
    strikes: row.strikes,
  };
  const optional: Array<[keyof OutboxItem, string | null]> = [
    ['nextAttemptAt', row.next_attempt_at],
    ['lastAttemptAt', row.last_attempt_at],
    ['lastError', row.last_error],
    ['upstreamRef', row.upstream_ref],
    ['deliveredAt', row.delivered_at],
    ['failedAt', row.failed_at],
    ['acknowledgedAt', row.acknowledged_at],
    ['acknowledgedBy', row.acknowledged_by],
    ['purgedAt', row.purged_at],
    ['keyId', row.key_id],
    ['orderKey', row.order_key],
    ['setAsideBy', row.set_aside_by],
  ];
  for (const [name, value] of optional) if (value !== null) (item as unknown as Record<string, unknown>)[name] = value;
  return item;
}
