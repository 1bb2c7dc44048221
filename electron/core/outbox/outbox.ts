/**
 * The outbox: every citizen submission is sealed (AES-256-GCM) and committed to SQLite with its
 * idempotency key, with synchronous=FULL, before anyone is told "submitted". Rows are never
 * deleted: delivered ones lose their payload after the retention window, failed ones stay on the
 * maintenance list until a staff member acknowledges them.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { AlertBoard } from '../alerts/alert-board.ts';
import type { KioskDatabase } from '../db/database.ts';
import { silentLogger, type Logger } from '../logging/logger.ts';
import { DeliveryLedger } from './delivery-ledger.ts';
import { isStorageFull, OutboxError, OutboxFullError } from './outbox-errors.ts';
import { toKeyring, type OutboxKey, type OutboxKeyring } from './outbox-key.ts';
import { ITEM_COLUMNS, toItem, type OutboxItem, type OutboxRow, type OutboxStatus } from './outbox-rows.ts';
import { sealPayload } from './payload-seal.ts';
import type { SequenceLedger } from './sequence-ledger.ts';

export type { OutboxItem, OutboxStatus } from './outbox-rows.ts';

export interface OutboxOptions {
  keys: OutboxKey | OutboxKeyring;
  logger?: Logger;
  now?: () => Date;
  /** How long a delivered (or acknowledged) item keeps its payload; default 7 days. */
  retentionMs?: number;
  /** Largest payload accepted, as JSON bytes; default 48 KiB (the upstream takes 64 KiB bodies). */
  maxPayloadBytes?: number;
  /**
   * Room kept free for delivering what is queued (marking an item delivered grows its row and
   * moves index entries): new submissions are refused once less than this is left, on the
   * filesystem or under SQLite's max_page_count. Default 16 MiB and 256 pages.
   */
  reserve?: { bytes?: number; pages?: number };
  /**
   * Evidence outside the database of the highest sequence acknowledged and delivered: new rows
   * are numbered above its acknowledged mark, so sequences never go backwards after the database
   * was replaced.
   */
  sequenceLedger?: SequenceLedger;
  /** A refused submission (storage full) raises the `disk-full` alert; the next accepted one clears it. */
  alerts?: AlertBoard;
}

export interface EnqueueRequest {
  stream: string;
  kind: string;
  /** JSON-serialisable; sealed before it reaches SQLite. */
  payload: unknown;
  /** A natural key (e.g. one evaluation per transaction); a fresh UUID v4 otherwise. */
  idempotencyKey?: string;
  /**
   * The case this item belongs to: items of one case are delivered in the order they were queued
   * (a commitment before its withdrawal); without one, the item waits for nobody. An opaque id
   * (e.g. a hash), never personal data: it is stored in clear and sent to the upstream.
   */
  orderKey?: string;
}

export interface EnqueueOptions {
  /** Runs inside the enqueue transaction, only when the row is new (e.g. the 好差评 tally). */
  alsoInTransaction?: (item: OutboxItem) => void;
}

export interface EnqueueResult {
  item: OutboxItem;
  /** The key was already queued: nothing was written, the existing item is returned. */
  duplicate: boolean;
}

export interface KeyReport {
  /** Undelivered rows sealed with a key this terminal does not have, not counting those staff set aside; kept, never sent, never deleted. */
  undecryptable: number;
  unknownKeyIds: string[];
}

interface OutboxEvents {
  enqueued: [OutboxItem];
  settled: [OutboxItem];
}

/** Set aside by staff (setAsideUnreadable) and not sent again since. */
export function isSetAside(item: Pick<OutboxItem, 'status' | 'setAsideBy'>): boolean {
  return (item.status === 'failed' || item.status === 'acknowledged') && item.setAsideBy !== undefined;
}

const NAME = /^[a-z][a-z0-9._-]{0,63}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const ORDER_KEY = /^[A-Za-z0-9._:-]{1,128}$/;
const STAFF_ID = /^[\w.@-]{1,64}$/;
const DAY_MS = 86_400_000;

const LIST_WHERE: Record<OutboxStatus, string> = {
  pending: "status = 'pending'",
  delivered: "status = 'delivered'",
  failed: "status = 'failed' AND acknowledged_at IS NULL",
  acknowledged: "status = 'failed' AND acknowledged_at IS NOT NULL",
};

export class Outbox extends EventEmitter<OutboxEvents> {
  readonly ledger: DeliveryLedger;
  readonly retentionMs: number;
  readonly #db: KioskDatabase;
  readonly #keyring: OutboxKeyring;
  readonly #logger: Logger;
  readonly #now: () => Date;
  readonly #maxPayloadBytes: number;
  readonly #reserveBytes: number;
  readonly #reservePages: number;
  readonly #insert;
  readonly #byKey;
  readonly #byId;
  readonly #pragmas = new Map<string, Statement>();
  readonly #sequenceLedger: SequenceLedger | undefined;
  readonly #sequenceFloor: number;
  readonly #alerts: AlertBoard | undefined;
  #closed = false;

  /** Needs a database migrated to at least v3. */
  constructor(db: KioskDatabase, options: OutboxOptions) {
    super();
    this.#db = db;
    this.#keyring = toKeyring(options.keys);
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? (() => new Date());
    this.retentionMs = options.retentionMs ?? 7 * DAY_MS;
    this.#maxPayloadBytes = options.maxPayloadBytes ?? 48 * 1024;
    this.#reserveBytes = options.reserve?.bytes ?? 16 * 1024 * 1024;
    this.#reservePages = options.reserve?.pages ?? 256;
    this.#sequenceLedger = options.sequenceLedger;
    this.#alerts = options.alerts;
    this.#sequenceFloor = options.sequenceLedger?.marks.acknowledged ?? 0;
    // The id is the stream sequence the upstream sees: above every row here and the ledger's mark.
    this.#insert = db.prepare<Record<string, unknown>, OutboxRow>(
      `INSERT INTO outbox (id, idempotency_key, stream, kind, payload, created_at, status, key_id, order_key)
       VALUES ((SELECT max(coalesce(max(id), 0), @floor) + 1 FROM outbox),
         @idempotency_key, @stream, @kind, @payload, @created_at, 'pending', @key_id, @order_key)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${ITEM_COLUMNS}`,
    );
    this.#byKey = db.prepare<[string], OutboxRow>(`SELECT ${ITEM_COLUMNS} FROM outbox WHERE idempotency_key = ?`);
    this.#byId = db.prepare<[number], OutboxRow>(`SELECT ${ITEM_COLUMNS} FROM outbox WHERE id = ?`);
    // Reading the settled row back costs a query per delivery: only when someone listens.
    this.ledger = new DeliveryLedger(db, this.#keyring, {
      wanted: () => this.listenerCount('settled') > 0,
      settled: (item) => this.emit('settled', item),
      delivered: (id) => this.#sequenceLedger?.delivered(id),
    });
    this.setMaxListeners(100);
  }

  /** Durable before it returns: a SIGKILL or power cut after this cannot lose the row. */
  enqueue(request: EnqueueRequest, options: EnqueueOptions = {}): EnqueueResult {
    return this.enqueueMany([request], options)[0] as EnqueueResult;
  }

  /** Several submissions in one durable transaction (imports, salvage, benchmarks). */
  enqueueMany(requests: readonly EnqueueRequest[], options: EnqueueOptions = {}): EnqueueResult[] {
    if (this.#closed) throw new OutboxError('closed', 'the outbox is closed: the terminal is shutting down');
    const createdAt = this.#now().toISOString();
    const rows = requests.map((request) => this.#seal(request, createdAt));
    if (!this.#hasRoom()) {
      this.#logger.error('outbox full: submission refused to keep room for delivering the queue', { stream: requests[0]?.stream });
      this.#refusedForSpace();
      throw new OutboxFullError();
    }
    const write = this.#db.transaction(() =>
      rows.map((row): EnqueueResult => {
        const inserted = this.#insert.get(row);
        if (inserted !== undefined) {
          const item = toItem(inserted);
          options.alsoInTransaction?.(item);
          return { item, duplicate: false };
        }
        const existing = this.#byKey.get(row.idempotency_key as string) as OutboxRow;
        if (existing.stream !== row.stream || existing.kind !== row.kind) {
          throw new OutboxError('invalid-submission', `idempotency key ${existing.idempotency_key} is already used by another submission`);
        }
        return { item: toItem(existing), duplicate: true };
      }),
    );
    // FULL: the WAL is fsynced before the commit returns. No automatic checkpoint on this commit:
    // the citizen should not wait for one; the next write of the sync worker runs it instead.
    const synchronous = this.#pragma('synchronous') as number;
    const autoCheckpoint = this.#pragma('wal_autocheckpoint') as number;
    let results: EnqueueResult[];
    try {
      this.#pragma('synchronous = FULL');
      this.#pragma('wal_autocheckpoint = 0');
      results = write.immediate();
    } catch (error) {
      if (isStorageFull(error)) {
        this.#logger.error('outbox full: submission refused', { stream: requests[0]?.stream, count: requests.length });
        this.#refusedForSpace();
        throw new OutboxFullError({ cause: error });
      }
      throw error;
    } finally {
      this.#pragma(`synchronous = ${synchronous}`);
      this.#pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    }
    this.#alerts?.clear('outbox-storage-full');
    const highest = results.reduce((max, { item }) => Math.max(max, item.id), 0);
    this.#sequenceLedger?.acknowledged(highest);
    for (const { item, duplicate } of results) if (!duplicate) this.emit('enqueued', item);
    return results;
  }

  get(id: number): OutboxItem | undefined {
    const row = this.#byId.get(id);
    return row === undefined ? undefined : toItem(row);
  }

  getByKey(idempotencyKey: string): OutboxItem | undefined {
    const row = this.#byKey.get(idempotencyKey);
    return row === undefined ? undefined : toItem(row);
  }

  /** For the maintenance screen: items in one status, oldest first, without payloads. */
  list(query: { status: OutboxStatus; stream?: string; afterId?: number; limit?: number }): OutboxItem[] {
    const where = [LIST_WHERE[query.status], 'id > @afterId'];
    if (query.stream !== undefined) where.push('stream = @stream');
    const rows = this.#db
      .prepare<Record<string, unknown>, OutboxRow>(
        `SELECT ${ITEM_COLUMNS} FROM outbox WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`,
      )
      .all({ afterId: query.afterId ?? 0, stream: query.stream, limit: Math.min(Math.max(query.limit ?? 100, 1), 1000) });
    return rows.map(toItem);
  }

  count(status: OutboxStatus): number {
    return (this.#db.prepare(`SELECT count(*) AS n FROM outbox WHERE ${LIST_WHERE[status]}`).get() as { n: number }).n;
  }

  /**
   * Enqueue time of the oldest pending submission (the fleet heartbeat's `oldestPendingAt`). One
   * index probe per stream with pending items: a plain ORDER BY id over the pending rows sorts the
   * whole queue (36 ms at 100,000 rows, every heartbeat).
   */
  oldestPendingAt(): string | undefined {
    const row = this.#db
      .prepare(
        `WITH RECURSIVE s(stream) AS (
           SELECT min(stream) FROM outbox WHERE status = 'pending'
           UNION ALL
           SELECT (SELECT min(stream) FROM outbox WHERE status = 'pending' AND stream > s.stream) FROM s WHERE s.stream IS NOT NULL
         )
         SELECT created_at FROM outbox WHERE id = (
           SELECT min((SELECT min(id) FROM outbox WHERE status = 'pending' AND stream = s.stream)) FROM s WHERE s.stream IS NOT NULL
         )`,
      )
      .get() as { created_at: string } | undefined;
    return row?.created_at;
  }

  /** Items set aside for a key this terminal does not hold, acknowledged or not: they stay until the retention purge empties their payload, never deleted. */
  countSetAside(): number {
    return (
      this.#db
        .prepare("SELECT count(*) AS n FROM outbox WHERE status = 'failed' AND set_aside_by IS NOT NULL")
        .get() as { n: number }
    ).n;
  }

  /** A staff member has seen a failed item; it leaves the "needs attention" list but is kept. */
  acknowledge(id: number, staffId: string): OutboxItem {
    const row = this.#requireFailed(id, staffId, 'acknowledged');
    if (row.acknowledged_at === null) {
      this.#db
        .prepare("UPDATE outbox SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND status = 'failed'")
        .run(this.#now().toISOString(), staffId, id);
      this.#logger.info('outbox item acknowledged', { id, idempotencyKey: row.idempotency_key, staffId });
    }
    return this.get(id) as OutboxItem;
  }

  /** A staff member sends a failed item again (e.g. after the upstream fixed its side). */
  requeue(id: number, staffId: string): OutboxItem {
    const row = this.#requireFailed(id, staffId, 'requeued');
    if (row.purged_at !== null) {
      throw new OutboxError('invalid-state', `outbox item ${id} cannot be requeued: its payload was purged on ${row.purged_at}`);
    }
    this.#db
      .prepare(
        `UPDATE outbox SET status = 'pending', attempts = 0, strikes = 0, next_attempt_at = NULL, failed_at = NULL, failing_since = NULL,
           acknowledged_at = NULL, acknowledged_by = NULL, set_aside_by = NULL, last_error = ? WHERE id = ?`,
      )
      .run(`requeued by ${staffId}; before: ${row.last_error ?? 'no error recorded'}`.slice(0, 500), id);
    this.#logger.info('outbox item requeued', { id, idempotencyKey: row.idempotency_key, staffId });
    const item = this.get(id) as OutboxItem;
    this.emit('enqueued', item);
    return item;
  }

  /** Empties the payload of items settled longer than the retention window ago; returns how many. */
  purgeExpired(): number {
    const cutoff = new Date(this.#now().getTime() - this.retentionMs).toISOString();
    const params = { now: this.#now().toISOString(), cutoff };
    const purge = (settled: string) =>
      this.#db
        .prepare(
          `UPDATE outbox INDEXED BY outbox_unpurged SET payload = x'', purged_at = @now
           WHERE purged_at IS NULL AND status <> 'pending' AND ${settled}`,
        )
        .run(params).changes;
    // secure_delete for the purge only: the emptied payload's bytes are zeroed in the file too.
    // (Kept off otherwise: zeroing every freed index entry would cost each delivery a third more.)
    const secureDelete = this.#pragma('secure_delete') as number;
    let changes: number;
    try {
      this.#pragma('secure_delete = ON');
      changes =
        purge("status = 'delivered' AND delivered_at <= @cutoff") +
        purge("status = 'failed' AND acknowledged_at IS NOT NULL AND acknowledged_at <= @cutoff");
    } finally {
      this.#pragma(`secure_delete = ${secureDelete}`);
    }
    if (changes > 0) {
      this.#logger.info('outbox personal data purged', { items: changes, retentionDays: +(this.retentionMs / DAY_MS).toFixed(2) });
    }
    // Enqueues never checkpoint (see enqueueMany); while offline the worker writes nothing, so
    // this periodic call is what keeps the WAL from growing for as long as the outage lasts.
    this.#db.pragma('wal_checkpoint(PASSIVE)');
    return changes;
  }

  /** Undelivered rows this terminal cannot open: a wrong or missing key, reported and kept. */
  keyReport(): KeyReport {
    const known = new Set([this.#keyring.current, ...(this.#keyring.previous ?? [])].map((key) => key.id));
    const undelivered = "purged_at IS NULL AND status IN ('pending', 'failed')";
    // A skip-scan over the partial index: one probe per distinct key, not one per row.
    const keyIds = (
      this.#db
        .prepare(
          `WITH RECURSIVE k(id) AS (
             SELECT min(key_id) FROM outbox INDEXED BY outbox_undelivered_key WHERE ${undelivered}
             UNION ALL
             SELECT (SELECT min(key_id) FROM outbox INDEXED BY outbox_undelivered_key WHERE ${undelivered} AND key_id > k.id)
             FROM k WHERE k.id IS NOT NULL
           ) SELECT id FROM k WHERE id IS NOT NULL`,
        )
        .all() as Array<{ id: string }>
    ).map((row) => row.id);
    // Items staff set aside are counted apart (countSetAside): they no longer wait for the key.
    const notSetAside = 'set_aside_by IS NULL';
    const countOf = (where: string, ...params: string[]) =>
      (
        this.#db
          .prepare(`SELECT count(*) AS n FROM outbox INDEXED BY outbox_undelivered_key WHERE ${undelivered} AND ${notSetAside} AND ${where}`)
          .get(...params) as { n: number }
      ).n;
    const unknown = keyIds
      .filter((id) => !known.has(id))
      .map((id) => ({ id, n: countOf('key_id = ?', id) }))
      .filter((key) => key.n > 0);
    const unsealed = countOf('key_id IS NULL');
    if (unsealed > 0) unknown.push({ id: '(none)', n: unsealed });
    return { undecryptable: unknown.reduce((sum, k) => sum + k.n, 0), unknownKeyIds: unknown.map((k) => k.id) };
  }

  /**
   * Maintenance gives up waiting for a lost key: undelivered rows sealed with a key this terminal
   * does not hold become 'failed' (kept, listed, acknowledgeable) so their streams move on.
   * Returns how many; SyncWorker.retryHeld() then resumes the streams.
   */
  setAsideUnreadable(staffId: string): number {
    if (!STAFF_ID.test(staffId)) throw new OutboxError('invalid-submission', 'a staff id (1-64 characters) is required');
    const known = [this.#keyring.current, ...(this.#keyring.previous ?? [])].map((key) => key.id);
    const { changes } = this.#db
      .prepare(
        `UPDATE outbox SET status = 'failed', failed_at = ?, next_attempt_at = NULL, set_aside_by = ?,
           last_error = 'sealed with key ' || coalesce(key_id, '(none)') || ', which this terminal does not hold; set aside by ' || ?
         WHERE status = 'pending' AND (key_id IS NULL OR key_id NOT IN (${known.map(() => '?').join(', ')}))`,
      )
      .run(this.#now().toISOString(), staffId, staffId, ...known);
    if (changes > 0) this.#logger.warn('outbox items sealed with an unknown key set aside', { items: changes, staffId });
    return changes;
  }

  /** Refuses new submissions from now on (shutdown). */
  close(): void {
    this.#closed = true;
  }

  #seal(request: EnqueueRequest, createdAt: string): Record<string, unknown> {
    const { stream, kind } = request;
    if (!NAME.test(stream)) throw new OutboxError('invalid-submission', `invalid stream name ${JSON.stringify(stream).slice(0, 70)}`);
    if (!NAME.test(kind)) throw new OutboxError('invalid-submission', `invalid kind ${JSON.stringify(kind).slice(0, 70)}`);
    const idempotencyKey = request.idempotencyKey ?? randomUUID();
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new OutboxError('invalid-submission', 'an idempotency key must be 8-128 URL-safe characters');
    }
    if (request.orderKey !== undefined && !ORDER_KEY.test(request.orderKey)) {
      throw new OutboxError('invalid-submission', 'an order key must be 1-128 URL-safe characters');
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(request.payload);
    } catch {
      json = undefined;
    }
    if (json === undefined) throw new OutboxError('invalid-submission', 'the payload is not JSON-serialisable');
    const plaintext = Buffer.from(json, 'utf8');
    if (plaintext.length > this.#maxPayloadBytes) {
      throw new OutboxError('invalid-submission', `the payload is too large (${plaintext.length} > ${this.#maxPayloadBytes} bytes)`);
    }
    const key = this.#keyring.current;
    const payload = sealPayload(key, { idempotencyKey, stream, kind }, plaintext);
    plaintext.fill(0);
    return { idempotency_key: idempotencyKey, stream, kind, payload, created_at: createdAt, key_id: key.id, order_key: request.orderKey ?? null, floor: this.#sequenceFloor };
  }

  #refusedForSpace(): void {
    this.#alerts?.raise({
      id: 'outbox-storage-full',
      kind: 'disk-full',
      severity: 'critical',
      detail:
        `new submissions are refused: less than ${(this.#reserveBytes / 1024 / 1024).toFixed(0)} MiB is free on the data volume ` +
        '(or the database reached its size limit); queued items are kept and still delivered: free disk space',
    });
  }

  #hasRoom(): boolean {
    const pages = (name: string) => this.#pragma(name) as number;
    if (pages('max_page_count') - pages('page_count') + pages('freelist_count') < this.#reservePages) return false;
    if (this.#reserveBytes <= 0 || this.#db.memory) return true;
    try {
      const fs = statfsSync(dirname(this.#db.name));
      return fs.bavail * fs.bsize >= this.#reserveBytes;
    } catch {
      return true; // Cannot tell: let SQLite's own SQLITE_FULL be the judge.
    }
  }

  /** PRAGMA through cached statements: db.pragma() compiles one per call, on the citizen's time. */
  #pragma(sql: string): unknown {
    let statement = this.#pragmas.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(`PRAGMA ${sql}`);
      this.#pragmas.set(sql, statement);
    }
    return statement.reader ? statement.pluck().get() : statement.run();
  }

  #requireFailed(id: number, staffId: string, action: string): OutboxRow {
    if (!STAFF_ID.test(staffId)) throw new OutboxError('invalid-submission', 'a staff id (1-64 characters) is required');
    const row = this.#byId.get(id);
    if (row === undefined) throw new OutboxError('not-found', `no outbox item ${id}`);
    if (row.status !== 'failed') {
      throw new OutboxError('invalid-state', `outbox item ${id} is ${row.status}: only failed items can be ${action}`);
    }
    return row;
  }
}
