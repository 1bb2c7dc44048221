import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../../../electron/core/db/database.ts';
import { m001 } from '../../../../../../electron/core/db/migrations/001-outbox.ts';
import { m002 } from '../../../../../../electron/core/db/migrations/002-print-jobs.ts';
import { m003 } from '../../../../../../electron/core/db/migrations/003-outbox-lifecycle.ts';
import { useTempDir } from '../../../../../support/temp-dir.ts';

const temp = useTempDir('m003');
const upTo3 = [m001, m002, m003];

describe('migration 003: outbox lifecycle columns', () => {
  it('upgrades a v2 database, keeping its outbox rows with neutral defaults', () => {
    const path = temp.path('kiosk.db');
    const v2 = openDatabase(path, { migrations: [m001, m002] });
    v2.prepare(
      `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status, attempts)
       VALUES ('key-00000001', 'forms', 'form.v1', x'01', '2025-01-01T00:00:00Z', 'pending', 2)`,
    ).run();
    closeDatabase(v2);

    const v3 = openDatabase(path, { migrations: upTo3 });
    expect(v3.pragma('user_version', { simple: true })).toBe(3);
    expect(v3.prepare('SELECT * FROM outbox').get()).toMatchObject({
      idempotency_key: 'key-00000001',
      attempts: 2,
      key_id: null,
      strikes: 0,
      last_attempt_at: null,
      failed_at: null,
      acknowledged_at: null,
      acknowledged_by: null,
      purged_at: null,
    });
    const added = v3
      .prepare('SELECT name, type, "notnull" AS required FROM pragma_table_info(?) WHERE cid >= 12')
      .all('outbox');
    expect(added).toEqual([
      { name: 'key_id', type: 'TEXT', required: 0 },
      { name: 'strikes', type: 'INTEGER', required: 1 },
      { name: 'last_attempt_at', type: 'TEXT', required: 0 },
      { name: 'failed_at', type: 'TEXT', required: 0 },
      { name: 'acknowledged_at', type: 'TEXT', required: 0 },
      { name: 'acknowledged_by', type: 'TEXT', required: 0 },
      { name: 'purged_at', type: 'TEXT', required: 0 },
    ]);
    closeDatabase(v3);
  });

  it('refuses negative strikes', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations: upTo3 });
    const insert = db.prepare(
      `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status, strikes)
       VALUES ('key-00000002', 'forms', 'k', x'01', '2025-01-01T00:00:00Z', 'pending', ?)`,
    );
    expect(() => insert.run(-1)).toThrow(/CHECK constraint failed/);
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    closeDatabase(db);
  });

  it('the start-up key check counts undelivered rows per key from an index, not the table', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations: upTo3 });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT count(*) FROM outbox INDEXED BY outbox_undelivered_key
         WHERE purged_at IS NULL AND status IN ('pending', 'failed') AND key_id = ?`,
      )
      .all('k-000000000000') as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX outbox_undelivered_key (key_id=?)');
    closeDatabase(db);
  });

  it('the purge query uses the partial index of settled, unpurged rows', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations: upTo3 });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM outbox INDEXED BY outbox_unpurged
         WHERE purged_at IS NULL AND status <> 'pending' AND status = 'delivered' AND delivered_at <= ?`,
      )
      .all('2025-01-01') as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX outbox_unpurged (status=? AND delivered_at<?)');
    closeDatabase(db);
  });
});
