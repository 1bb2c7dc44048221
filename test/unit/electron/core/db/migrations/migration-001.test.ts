import { describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase, type KioskDatabase } from '../../../../../../electron/core/db/database.ts';
import { m001 } from '../../../../../../electron/core/db/migrations/001-outbox.ts';
import { useTempDir } from '../../../../../support/temp-dir.ts';

const temp = useTempDir('m001');

function withOutbox<T>(fn: (db: KioskDatabase) => T): T {
  const db = openDatabase(temp.path('kiosk.db'), { migrations: [m001] });
  try {
    return fn(db);
  } finally {
    closeDatabase(db);
  }
}

const row = (overrides: Record<string, unknown> = {}) => ({
  idempotency_key: 'k-1',
  stream: 'credit-commitment',
  kind: 'commitment.signed',
  payload: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
  created_at: '2025-01-01T00:00:00.000Z',
  status: 'pending',
  ...overrides,
});

const insertSql = `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status)
  VALUES (@idempotency_key, @stream, @kind, @payload, @created_at, @status)`;

describe('migration 001: outbox', () => {
  it('creates the outbox table with its columns and sets user_version to 1', () => {
    withOutbox((db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      const columns = db.prepare('SELECT name, type, "notnull" AS required, pk FROM pragma_table_info(?)').all('outbox');
      expect(columns).toEqual([
        { name: 'id', type: 'INTEGER', required: 0, pk: 1 },
        { name: 'idempotency_key', type: 'TEXT', required: 1, pk: 0 },
        { name: 'stream', type: 'TEXT', required: 1, pk: 0 },
        { name: 'kind', type: 'TEXT', required: 1, pk: 0 },
        { name: 'payload', type: 'BLOB', required: 1, pk: 0 },
        { name: 'created_at', type: 'TEXT', required: 1, pk: 0 },
        { name: 'status', type: 'TEXT', required: 1, pk: 0 },
        { name: 'attempts', type: 'INTEGER', required: 1, pk: 0 },
        { name: 'next_attempt_at', type: 'TEXT', required: 0, pk: 0 },
        { name: 'last_error', type: 'TEXT', required: 0, pk: 0 },
        { name: 'upstream_ref', type: 'TEXT', required: 0, pk: 0 },
        { name: 'delivered_at', type: 'TEXT', required: 0, pk: 0 },
      ]);
    });
  });

  it('stores a row with defaults and returns the payload bytes unchanged', () => {
    withOutbox((db) => {
      const { lastInsertRowid } = db.prepare(insertSql).run(row());
      const stored = db.prepare('SELECT * FROM outbox WHERE id = ?').get(lastInsertRowid) as Record<string, unknown>;
      expect(stored.attempts).toBe(0);
      expect(stored.next_attempt_at).toBeNull();
      expect(stored.delivered_at).toBeNull();
      expect(Buffer.compare(stored.payload as Buffer, Buffer.from([0xde, 0xad, 0xbe, 0xef]))).toBe(0);
    });
  });

  it('refuses a second row with the same idempotency key and keeps the first', () => {
    withOutbox((db) => {
      db.prepare(insertSql).run(row());
      expect(() => db.prepare(insertSql).run(row({ stream: 'other' }))).toThrow(/UNIQUE constraint failed: outbox.idempotency_key/);
      expect(db.prepare('SELECT stream FROM outbox').all()).toEqual([{ stream: 'credit-commitment' }]);
    });
  });

  it.each([
    ['an unknown status', { status: 'lost' }, /CHECK constraint failed/],
    ['a missing payload', { payload: null }, /NOT NULL constraint failed: outbox.payload/],
    ['a text payload (must be bytes)', { payload: 'plain text' }, /cannot store TEXT value in BLOB column/],
    ['a missing key', { idempotency_key: null }, /NOT NULL constraint failed: outbox.idempotency_key/],
    ['a missing stream', { stream: null }, /NOT NULL constraint failed: outbox.stream/],
  ])('refuses %s', (_label, overrides, error) => {
    withOutbox((db) => {
      expect(() => db.prepare(insertSql).run(row(overrides))).toThrow(error);
      expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    });
  });

  it('refuses negative attempts', () => {
    withOutbox((db) => {
      db.prepare(insertSql).run(row());
      expect(() => db.prepare('UPDATE outbox SET attempts = -1').run()).toThrow(/CHECK constraint failed/);
    });
  });

  it('answers the sync worker query from the (status, stream, id) index', () => {
    withOutbox((db) => {
      for (let i = 0; i < 5; i += 1) {
        db.prepare(insertSql).run(row({ idempotency_key: `k-${i}`, stream: i % 2 ? 'a' : 'b' }));
      }
      const query = "SELECT id FROM outbox WHERE status = 'pending' AND stream = 'b' ORDER BY id LIMIT 10";
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' ')).toContain('outbox_status_stream_id');
      expect(db.prepare(query).all()).toEqual([{ id: 1 }, { id: 3 }, { id: 5 }]);
    });
  });
});
