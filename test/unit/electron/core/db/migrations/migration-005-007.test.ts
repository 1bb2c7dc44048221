import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../../../electron/core/db/database.ts';
import { m001 } from '../../../../../../electron/core/db/migrations/001-outbox.ts';
import { m002 } from '../../../../../../electron/core/db/migrations/002-print-jobs.ts';
import { m003 } from '../../../../../../electron/core/db/migrations/003-outbox-lifecycle.ts';
import { m004 } from '../../../../../../electron/core/db/migrations/004-service-tally.ts';
import { m005 } from '../../../../../../electron/core/db/migrations/005-outbox-failing-since.ts';
import { m006 } from '../../../../../../electron/core/db/migrations/006-outbox-order-key.ts';
import { m007 } from '../../../../../../electron/core/db/migrations/007-outbox-set-aside.ts';
import { useTempDir } from '../../../../../support/temp-dir.ts';

const temp = useTempDir('m005');

describe('migration 005: outbox failing_since', () => {
  it('upgrades a v4 database: a pending row keeps everything and has no failing run yet', () => {
    const path = temp.path('kiosk.db');
    const v4 = openDatabase(path, { migrations: [m001, m002, m003, m004] });
    v4.prepare(
      `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status, attempts, last_error)
       VALUES ('key-00000001', 'forms', 'form.v1', x'01', '2025-01-01T00:00:00Z', 'pending', 3, 'HTTP 503')`,
    ).run();
    closeDatabase(v4);

    const v5 = openDatabase(path, { migrations: [m001, m002, m003, m004, m005] });
    expect(v5.pragma('user_version', { simple: true })).toBe(5);
    expect(v5.prepare('SELECT attempts, last_error, failing_since FROM outbox').get()).toEqual({ attempts: 3, last_error: 'HTTP 503', failing_since: null });
    closeDatabase(v5);
  });
});

describe('migration 006: outbox order key', () => {
  it('upgrades a v5 database: existing rows belong to no case, and the pending-case index is partial', () => {
    const path = temp.path('kiosk.db');
    const v5 = openDatabase(path, { migrations: [m001, m002, m003, m004, m005] });
    v5.prepare(
      `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status)
       VALUES ('key-00000001', 'forms', 'form.v1', x'01', '2025-01-01T00:00:00Z', 'pending')`,
    ).run();
    closeDatabase(v5);
    const v6 = openDatabase(path, { migrations: [m001, m002, m003, m004, m005, m006] });
    expect(v6.pragma('user_version', { simple: true })).toBe(6);
    expect(v6.prepare('SELECT order_key FROM outbox').get()).toEqual({ order_key: null });
    expect(v6.prepare("SELECT count(*) AS n FROM outbox INDEXED BY outbox_pending_case WHERE status = 'pending' AND order_key IS NOT NULL").get()).toEqual({ n: 0 });
    closeDatabase(v6);
  });
});

describe('migration 007: outbox set aside', () => {
  it('upgrades a v6 database: items set aside before keep that mark, others have none', () => {
    const path = temp.path('kiosk.db');
    const v6 = openDatabase(path, { migrations: [m001, m002, m003, m004, m005, m006] });
    const insert = v6.prepare(
      `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status, failed_at, last_error)
       VALUES (?, 'forms', 'form.v1', x'01', '2025-01-01T00:00:00Z', ?, ?, ?)`,
    );
    insert.run('key-00000001', 'failed', '2025-01-02T00:00:00Z', 'sealed with key k-old, which this terminal does not hold; set aside by staff');
    insert.run('key-00000002', 'failed', '2025-01-02T00:00:00Z', 'HTTP 422: missing field');
    insert.run('key-00000003', 'pending', null, null);
    closeDatabase(v6);
    const v7 = openDatabase(path, { migrations: [m001, m002, m003, m004, m005, m006, m007] });
    expect(v7.pragma('user_version', { simple: true })).toBe(7);
    expect(v7.prepare('SELECT idempotency_key AS key, set_aside_by AS by FROM outbox ORDER BY id').all()).toEqual([
      { key: 'key-00000001', by: 'staff' },
      { key: 'key-00000002', by: null },
      { key: 'key-00000003', by: null },
    ]);
    closeDatabase(v7);
  });
});
