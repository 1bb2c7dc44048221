import { describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../../electron/core/db/migrations/index.ts';
import { m001 } from '../../../../../../electron/core/db/migrations/001-outbox.ts';
import { useTempDir } from '../../../../../support/temp-dir.ts';

const temp = useTempDir('m002');

const insertSql = `INSERT INTO print_jobs (job_id, status, attempts, last_error, updated_at)
  VALUES (@job_id, @status, @attempts, @last_error, @updated_at)`;
const job = (overrides: Record<string, unknown> = {}) => ({
  job_id: '6f1c2d3e-0000-4000-8000-000000000001',
  status: 'pending',
  attempts: 0,
  last_error: null,
  updated_at: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

describe('migration 002: print jobs', () => {
  it('upgrades a v1 database to v2, keeping the outbox and its rows', () => {
    const path = temp.path('kiosk.db');
    const v1 = openDatabase(path, { migrations: [m001] });
    v1.prepare(
      `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status)
       VALUES ('k', 's', 'k', x'00', '2025-01-01T00:00:00Z', 'pending')`,
    ).run();
    closeDatabase(v1);

    const v2 = openDatabase(path, { migrations: migrations.slice(0, 2) });
    expect(v2.pragma('user_version', { simple: true })).toBe(2);
    expect(v2.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    const columns = v2.prepare('SELECT name, type, "notnull" AS required, pk FROM pragma_table_info(?)').all('print_jobs');
    expect(columns).toEqual([
      { name: 'job_id', type: 'TEXT', required: 1, pk: 1 },
      { name: 'status', type: 'TEXT', required: 1, pk: 0 },
      { name: 'attempts', type: 'INTEGER', required: 1, pk: 0 },
      { name: 'last_error', type: 'TEXT', required: 0, pk: 0 },
      { name: 'updated_at', type: 'TEXT', required: 1, pk: 0 },
    ]);
    closeDatabase(v2);
  });

  it('keeps one row per job id', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations });
    db.prepare(insertSql).run(job());
    expect(() => db.prepare(insertSql).run(job({ status: 'printed' }))).toThrow(/UNIQUE constraint failed: print_jobs.job_id/);
    expect(db.prepare('SELECT status FROM print_jobs').all()).toEqual([{ status: 'pending' }]);
    closeDatabase(db);
  });

  it.each([
    ['an unknown status', { status: 'printing' }, /CHECK constraint failed/],
    ['a missing status', { status: null }, /NOT NULL constraint failed: print_jobs.status/],
    ['a missing updated_at', { updated_at: null }, /NOT NULL constraint failed: print_jobs.updated_at/],
    ['negative attempts', { attempts: -2 }, /CHECK constraint failed/],
    ['fractional attempts', { attempts: 1.5 }, /cannot store REAL value in INTEGER column/],
  ])('refuses %s', (_label, overrides, error) => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations });
    expect(() => db.prepare(insertSql).run(job(overrides))).toThrow(error);
    expect(db.prepare('SELECT count(*) AS n FROM print_jobs').get()).toEqual({ n: 0 });
    closeDatabase(db);
  });

  it('accepts every status the printer uses', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations });
    const statuses = ['pending', 'waiting-for-paper', 'printed', 'failed'];
    statuses.forEach((status, i) => db.prepare(insertSql).run(job({ job_id: `job-${i}`, status })));
    expect(db.prepare('SELECT status FROM print_jobs ORDER BY job_id').all()).toEqual(statuses.map((status) => ({ status })));
    closeDatabase(db);
  });
});
