import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type KioskDatabase } from '../../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../../electron/core/db/migrations/index.ts';
import { m004 } from '../../../../../../electron/core/db/migrations/004-service-tally.ts';
import { useTempDir } from '../../../../../support/temp-dir.ts';

const temp = useTempDir('m004');

function withDb<T>(fn: (db: KioskDatabase) => T): T {
  const db = openDatabase(temp.path('kiosk.db'), { migrations: migrations.slice(0, 4) });
  try {
    return fn(db);
  } finally {
    closeDatabase(db);
  }
}

describe('migration 004: service tally', () => {
  it('is migration 4 and upgrades a v3 database, keeping the outbox', () => {
    expect(m004.version).toBe(4);
    const path = temp.path('kiosk.db');
    const v3 = openDatabase(path, { migrations: migrations.slice(0, 3) });
    v3.prepare(
      `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status)
       VALUES ('key-00000001', 'evaluations', 'evaluation.v1', x'01', '2025-01-01T00:00:00Z', 'pending')`,
    ).run();
    closeDatabase(v3);
    const v4 = openDatabase(path, { migrations: migrations.slice(0, 4) });
    expect(v4.pragma('user_version', { simple: true })).toBe(4);
    expect(v4.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    expect(v4.prepare('SELECT * FROM service_month_tally').all()).toEqual([]);
    closeDatabase(v4);
  });

  it('defaults every count to 0 and keeps one row per month and service', () => {
    withDb((db) => {
      db.prepare("INSERT INTO service_month_tally (month, service_id) VALUES ('2025-03', 'credit-query')").run();
      expect(db.prepare('SELECT * FROM service_month_tally').get()).toEqual({
        month: '2025-03',
        service_id: 'credit-query',
        transactions: 0,
        rating_1: 0,
        rating_2: 0,
        rating_3: 0,
        rating_4: 0,
        rating_5: 0,
      });
      expect(() => db.prepare("INSERT INTO service_month_tally (month, service_id) VALUES ('2025-03', 'credit-query')").run()).toThrow(
        /UNIQUE constraint failed/,
      );
    });
  });

  it.each([
    ['a malformed month', "INSERT INTO service_month_tally (month, service_id) VALUES ('March', 'credit-query')"],
    ['an empty service id', "INSERT INTO service_month_tally (month, service_id) VALUES ('2025-03', '')"],
    ['a negative count', "INSERT INTO service_month_tally (month, service_id, rating_3) VALUES ('2025-03', 's', -1)"],
    ['a fractional count', "INSERT INTO service_month_tally (month, service_id, transactions) VALUES ('2025-03', 's', 1.5)"],
    ['a reason row with a bad month', "INSERT INTO evaluation_reason_tally (month, service_id, reason) VALUES ('2025/03', 's', 'slow')"],
    ['an empty reason', "INSERT INTO evaluation_reason_tally (month, service_id, reason) VALUES ('2025-03', 's', '')"],
  ])('refuses %s', (_label, sql) => {
    withDb((db) => {
      expect(() => db.prepare(sql).run()).toThrow(/constraint failed|cannot store REAL/);
      const n = (db.prepare('SELECT (SELECT count(*) FROM service_month_tally) + (SELECT count(*) FROM evaluation_reason_tally) AS n').get() as { n: number }).n;
      expect(n).toBe(0);
    });
  });
});
