/**
 * Recovers undelivered outbox rows from a damaged database file into a fresh one. Rows are
 * copied as they are: still sealed, with their idempotency key and id, so they open with the same
 * key, keep their place in their stream, and a copy the upstream already has is answered 409.
 * Delivered rows are left in the damaged file, which is kept for maintenance.
 */
import type { KioskDatabase } from '../db/database.ts';
import type { SalvageReport } from '../db/safe-open.ts';

const COLUMNS = [
  'id', 'idempotency_key', 'stream', 'kind', 'payload', 'created_at', 'status', 'attempts', 'next_attempt_at',
  'last_error', 'upstream_ref', 'delivered_at', 'key_id', 'strikes', 'last_attempt_at', 'failed_at',
  'acknowledged_at', 'acknowledged_by', 'purged_at', 'failing_since', 'order_key',
];
/** Row-by-row probing stops here: a damaged max(id) must not mean an endless loop. */
const MAX_PROBES = 2_000_000;

export function salvageOutbox(damaged: KioskDatabase, fresh: KioskDatabase): SalvageReport {
  const present = new Set(
    (damaged.prepare("SELECT name FROM pragma_table_info('outbox')").all() as Array<{ name: string }>).map((r) => r.name),
  );
  if (!present.has('idempotency_key')) return { salvaged: 0, unreadable: 0, failed: 'no outbox table could be read' };
  const columns = COLUMNS.filter((column) => present.has(column));
  const list = columns.join(', ');
  // NOT INDEXED: a damaged index must not hide rows that the table itself still holds.
  const where = "status <> 'delivered'";
  let rows: Array<Record<string, unknown>>;
  let unreadable = 0;
  try {
    rows = damaged.prepare(`SELECT ${list} FROM outbox NOT INDEXED WHERE ${where}`).all() as Array<Record<string, unknown>>;
  } catch {
    const maxId = (damaged.prepare('SELECT max(id) AS id FROM outbox NOT INDEXED').get() as { id: number | null }).id ?? 0;
    const one = damaged.prepare(`SELECT ${list} FROM outbox WHERE id = ? AND ${where}`);
    rows = [];
    for (let id = 1; id <= Math.min(maxId, MAX_PROBES); id += 1) {
      try {
        const row = one.get(id) as Record<string, unknown> | undefined;
        if (row !== undefined) rows.push(row);
      } catch {
        unreadable += 1;
      }
    }
  }
  const insert = fresh.prepare(
    `INSERT OR IGNORE INTO outbox (${list}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`,
  );
  const copy = fresh.transaction(() => rows.reduce((n, row) => n + insert.run(row).changes, 0));
  return { salvaged: copy.immediate(), unreadable };
}
