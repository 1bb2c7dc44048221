import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type KioskDatabase } from '../../../../../electron/core/db/database.ts';
import { checkIndexes } from '../../../../../electron/core/db/index-check.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const temp = useTempDir('index-check');

function seeded(): KioskDatabase {
  const db = openDatabase(temp.path('kiosk.db'), { migrations });
  const insert = db.prepare(
    `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status, key_id)
     VALUES (?, 'forms', 'form.v1', x'01', '2025-01-01T00:00:00Z', ?, 'k-1')`,
  );
  for (let n = 1; n <= 20; n += 1) insert.run(`key-${String(n).padStart(8, '0')}`, n % 4 === 0 ? 'delivered' : 'pending');
  return db;
}

/** Swaps an index's stored definition without rebuilding it: the entries stay as they were built. */
function replaceDefinition(db: KioskDatabase, index: string, builtAs: string, claimed: string): void {
  db.exec(`DROP INDEX ${index}; ${builtAs}`);
  db.unsafeMode(true);
  db.pragma('writable_schema = ON');
  db.prepare('UPDATE sqlite_schema SET sql = ? WHERE name = ?').run(claimed, index);
  db.pragma('writable_schema = OFF');
  db.unsafeMode(false);
}

describe('checkIndexes', () => {
  it('finds nothing on a sound database and rebuilds nothing', () => {
    const db = seeded();
    expect(checkIndexes(db, ['outbox', 'print_jobs', 'no_such_table'])).toEqual({ mismatches: [], reindexed: [] });
    closeDatabase(db);
  });

  it('sees a pending row filed under another status (quick_check does not), rebuilds the index, and the row is found again', () => {
    let db = seeded();
    replaceDefinition(
      db,
      'outbox_status_stream_id',
      "CREATE INDEX outbox_status_stream_id ON outbox ((CASE WHEN id = 3 THEN 'failed' ELSE status END), stream, id)",
      'CREATE INDEX outbox_status_stream_id ON outbox (status, stream, id)',
    );
    closeDatabase(db);
    db = openDatabase(temp.path('kiosk.db'), { migrations });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    const report = checkIndexes(db, ['outbox']);
    expect(report).toEqual({
      mismatches: [
        { table: 'outbox', index: 'outbox_status_stream_id', expected: 15, found: 14, group: 'pending' },
        { table: 'outbox', index: 'outbox_status_stream_id', expected: 0, found: 1, group: 'failed' },
      ],
      reindexed: ['outbox'],
    });
    expect(db.prepare("SELECT count(*) AS n FROM outbox INDEXED BY outbox_status_stream_id WHERE status = 'pending'").get()).toEqual({ n: 15 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(checkIndexes(db, ['outbox']).mismatches).toEqual([]);
    closeDatabase(db);
  });

  it('checks a partial index against the rows its WHERE selects', () => {
    let db = seeded();
    replaceDefinition(
      db,
      'outbox_undelivered_key',
      "CREATE INDEX outbox_undelivered_key ON outbox (key_id) WHERE purged_at IS NULL AND status IN ('pending', 'failed') AND id <> 7",
      "CREATE INDEX outbox_undelivered_key ON outbox (key_id) WHERE purged_at IS NULL AND status IN ('pending', 'failed')",
    );
    closeDatabase(db);
    // quick_check would refuse this file (its entry count is off): open it without the checks.
    db = new Database(temp.path('kiosk.db'));
    expect(checkIndexes(db, ['outbox']).mismatches).toEqual([{ table: 'outbox', index: 'outbox_undelivered_key', expected: 15, found: 14 }]);
    closeDatabase(db);
  });
});
