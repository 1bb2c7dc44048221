/**
 * The sync worker's side of the outbox table: the head of each stream, opening its payload, and
 * recording each attempt's outcome. Outcome writes use the connection's normal durability
 * (synchronous=NORMAL): if a power cut loses "delivered", the item is sent again with the same
 * idempotency key and the upstream answers 409, so nothing is duplicated.
 */
import type { KioskDatabase } from '../db/database.ts';
import type { OutboxKey, OutboxKeyring } from './outbox-key.ts';
import { ITEM_COLUMNS, toItem, type OutboxItem, type OutboxRow } from './outbox-rows.ts';
import { openPayload } from './payload-seal.ts';

/** The oldest pending row of a stream, with what is needed to send it. */
export interface OutboxHead {
  id: number;
  idempotencyKey: string;
  stream: string;
  kind: string;
  createdAt: string;
  attempts: number;
  strikes: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  /** Start of the current run of failed attempts; null when the last attempt (if any) went through. */
  failingSince: string | null;
  keyId: string | null;
  /** The case it is ordered within; null: ordered with nothing. */
  orderKey: string | null;
  sealed: Buffer;
}

export type OpenedHead =
  | { ok: true; payload: unknown }
  /** unknown-key: sealed with a key we do not hold (kept, stream held); damaged: fails authentication. */
  | { ok: false; problem: 'unknown-key' | 'damaged'; detail: string };

export interface SettledListener {
  wanted(): boolean;
  settled(item: OutboxItem): void;
  /** Every delivery, whether or not anyone wants the settled item. */
  delivered?(id: number): void;
}

export interface RetryUpdate {
  attemptedAt: string;
  nextAttemptAt: string;
  strike: boolean;
  error: string;
}

export class DeliveryLedger {
  readonly #db: KioskDatabase;
  readonly #keys: Map<string, OutboxKey>;
  readonly #onSettled: SettledListener;
  readonly #streams;
  readonly #head;
  readonly #next;
  readonly #nextDueAt;
  readonly #byId;
  readonly #delivered;
  readonly #retry;
  readonly #failed;

  constructor(db: KioskDatabase, keyring: OutboxKeyring, onSettled: SettledListener) {
    this.#db = db;
    this.#keys = new Map([keyring.current, ...(keyring.previous ?? [])].map((key) => [key.id, key]));
    this.#onSettled = onSettled;
    // A skip-scan over the (status, stream, id) index: one probe per stream, not one per row.
    this.#streams = db.prepare<[], { stream: string }>(
      `WITH RECURSIVE s(stream) AS (
         SELECT min(stream) FROM outbox WHERE status = 'pending'
         UNION ALL
         SELECT (SELECT min(stream) FROM outbox WHERE status = 'pending' AND stream > s.stream) FROM s WHERE s.stream IS NOT NULL
       ) SELECT stream FROM s WHERE stream IS NOT NULL`,
    );
    this.#head = db.prepare<[string], Record<string, unknown>>(
      `SELECT ${HEAD_COLUMNS} FROM outbox WHERE status = 'pending' AND stream = ? ORDER BY id LIMIT 1`,
    );
    // The oldest item that is due and first in its case; `skip` and `held` are tried last / never.
    this.#next = db.prepare<Record<string, unknown>, Record<string, unknown>>(
      `SELECT ${HEAD_COLUMNS} FROM outbox AS o INDEXED BY outbox_status_stream_id
       WHERE o.status = 'pending' AND o.stream = @stream AND o.id <> @skip
         AND o.id NOT IN (SELECT value FROM json_each(@held))
         AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= @now)
         AND (o.order_key IS NULL OR NOT EXISTS (
           SELECT 1 FROM outbox AS e INDEXED BY outbox_pending_case
           WHERE e.status = 'pending' AND e.order_key IS NOT NULL AND e.stream = o.stream AND e.order_key = o.order_key AND e.id < o.id))
       ORDER BY o.id LIMIT 1`,
    );
    this.#nextDueAt = db.prepare<[string], { at: string | null }>(
      "SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'pending' AND stream = ? AND next_attempt_at IS NOT NULL",
    );
    this.#byId = db.prepare<[number], OutboxRow>(`SELECT ${ITEM_COLUMNS} FROM outbox WHERE id = ?`);
    this.#delivered = db.prepare(
      `UPDATE outbox SET status = 'delivered', upstream_ref = @reference, delivered_at = @at, last_attempt_at = @at,
         attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL, failing_since = NULL
       WHERE id = @id AND status = 'pending'`,
    );
    this.#retry = db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, strikes = strikes + @strike, last_attempt_at = @at,
         next_attempt_at = @next, last_error = @error, failing_since = coalesce(failing_since, @at)
       WHERE id = @id AND status = 'pending'`,
    );
    this.#failed = db.prepare(
      `UPDATE outbox SET status = 'failed', failed_at = @at, last_attempt_at = @at, attempts = attempts + @counted,
         strikes = strikes + @strike, next_attempt_at = NULL, last_error = @error
       WHERE id = @id AND status = 'pending'`,
    );
  }

  pendingStreams(): string[] {
    return this.#streams.all().map((row) => row.stream);
  }

  /** The oldest pending item of the stream, whatever its case or backoff. */
  head(stream: string): OutboxHead | undefined {
    const row = this.#head.get(stream);
    return row === undefined ? undefined : toHead(row);
  }

  /**
   * What the stream's lane sends next: the oldest item that is due and has no earlier pending item
   * in its case. `skip` (the item that just failed) is offered only when nothing else is; `held`
   * items (no key to open them) never are, and keep their case waiting.
   */
  next(stream: string, now: string, options: { skip?: number; held?: readonly number[] } = {}): OutboxHead | undefined {
    const held = JSON.stringify(options.held ?? []);
    const row =
      this.#next.get({ stream, now, skip: options.skip ?? 0, held }) ??
      (options.skip ? this.#next.get({ stream, now, skip: 0, held }) : undefined);
    return row === undefined ? undefined : toHead(row);
  }

  /** The earliest backoff end among the stream's pending items; null when none is backing off. */
  nextDueAt(stream: string): string | null {
    return this.#nextDueAt.get(stream)?.at ?? null;
  }

  open(head: OutboxHead): OpenedHead {
    const key = head.keyId === null ? undefined : this.#keys.get(head.keyId);
    if (key === undefined) {
      return { ok: false, problem: 'unknown-key', detail: `sealed with key ${head.keyId ?? '(none)'}, which this terminal does not hold` };
    }
    let plaintext: Buffer | undefined;
    try {
      plaintext = openPayload(key, head, head.sealed);
      return { ok: true, payload: JSON.parse(plaintext.toString('utf8')) as unknown };
    } catch (error) {
      return { ok: false, problem: 'damaged', detail: `payload cannot be opened (${(error as Error).message})` };
    } finally {
      plaintext?.fill(0);
    }
  }

  markDelivered(id: number, reference: string | null, at: string): void {
    if (this.#delivered.run({ id, reference, at }).changes === 0) return;
    this.#onSettled.delivered?.(id);
    this.#settled(id);
  }

  markRetry(id: number, update: RetryUpdate): void {
    this.#retry.run({ id, at: update.attemptedAt, next: update.nextAttemptAt, strike: update.strike ? 1 : 0, error: update.error.slice(0, 500) });
  }

  /**
   * `attempted`: false when the item failed locally (damaged payload) without reaching the
   * upstream; `strike`: this last attempt was a strike (the poison bound was reached).
   */
  markFailed(id: number, error: string, at: string, options: { attempted?: boolean; strike?: boolean } = {}): void {
    const params = { id, at, error: error.slice(0, 500), counted: options.attempted === false ? 0 : 1, strike: options.strike ? 1 : 0 };
    if (this.#failed.run(params).changes > 0) this.#settled(id);
  }

  /** Connectivity came back: every waiting head becomes due now instead of at its backoff time. */
  resetBackoff(): number {
    return this.#db.prepare("UPDATE outbox SET next_attempt_at = NULL WHERE status = 'pending' AND next_attempt_at IS NOT NULL").run().changes;
  }

  #settled(id: number): void {
    if (!this.#onSettled.wanted()) return;
    const row = this.#byId.get(id);
    if (row !== undefined) this.#onSettled.settled(toItem(row));
  }
}

const HEAD_COLUMNS = `id, idempotency_key, stream, kind, created_at, attempts, strikes, next_attempt_at, last_attempt_at,
  failing_since, key_id, order_key, payload`;

function toHead(row: Record<string, unknown>): OutboxHead {
  return {
    id: row.id as number,
    idempotencyKey: row.idempotency_key as string,
    stream: row.stream as string,
    kind: row.kind as string,
    createdAt: row.created_at as string,
    attempts: row.attempts as number,
    strikes: row.strikes as number,
    nextAttemptAt: row.next_attempt_at as string | null,
    lastAttemptAt: row.last_attempt_at as string | null,
    failingSince: row.failing_since as string | null,
    keyId: row.key_id as string | null,
    orderKey: row.order_key as string | null,
    sealed: row.payload as Buffer,
  };
}
