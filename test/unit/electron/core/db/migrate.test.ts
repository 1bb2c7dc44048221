import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  closeDatabase,
  DatabaseTooNewError,
  MigrationError,
  MigrationListError,
  openDatabase,
} from '../../../../../electron/core/db/database.ts';
import { applyMigrations, type Migration } from '../../../../../electron/core/db/migrate.ts';
import { m001 } from '../../../../../electron/core/db/migrations/001-outbox.ts';
import { m002 } from '../../../../../electron/core/db/migrations/002-print-jobs.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const temp = useTempDir('migrate');

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map(
    (t) => t.name,
  );

const failing: Migration = {
  version: 3,
  name: 'breaks-halfway',
  up(db) {
    db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY)');
    db.exec("INSERT INTO outbox (idempotency_key) VALUES ('violates NOT NULL')");
  },
};

describe('applyMigrations', () => {
  it('applies all pending migrations and reports them', () => {
    const db = new Database(temp.path('kiosk.db'));
    expect(applyMigrations(db, [m001, m002])).toEqual({ from: 0, to: 2, applied: ['1-outbox', '2-print-jobs'] });
    expect(applyMigrations(db, [m001, m002])).toEqual({ from: 2, to: 2, applied: [] });
    expect(tables(db)).toEqual(['outbox', 'print_jobs']);
    db.close();
  });

  it('rolls back every pending migration when one fails, leaving user_version unchanged', () => {
    const db = new Database(temp.path('kiosk.db'));
    let caught: unknown;
    try {
      applyMigrations(db, [m001, m002, failing]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MigrationError);
    expect((caught as MigrationError).message).toMatch(
      /^migration 3 \(breaks-halfway\) failed: NOT NULL constraint failed: outbox\.stream; rolled back, database stays at v0$/,
    );
    expect(((caught as MigrationError).cause as { code?: string }).code).toBe('SQLITE_CONSTRAINT_NOTNULL');
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it('keeps the migrations that were already committed by an earlier run', () => {
    const path = temp.path('kiosk.db');
    closeDatabase(openDatabase(path, { migrations: [m001] }));
    expect(() => openDatabase(path, { migrations: [m001, m002, failing] })).toThrow(/database stays at v1/);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['outbox']);
    db.close();
  });

  it.each([
    ['a gap', [m001, failing], /position 2 holds version 3 \(breaks-halfway\)/],
    ['not starting at 1', [m002], /position 1 holds version 2 \(print-jobs\)/],
    ['out of order', [m002, m001], /position 1 holds version 2/],
    ['a duplicate', [m001, m001], /position 2 holds version 1/],
    ['a fractional version', [m001, { ...m002, version: 1.5 }], /position 2 holds version 1.5/],
  ])('refuses a migration list with %s before touching the database', (_label, list, message) => {
    const db = new Database(temp.path('kiosk.db'));
    expect(() => applyMigrations(db, list as Migration[])).toThrow(MigrationListError);
    expect(() => applyMigrations(db, list as Migration[])).toThrow(message);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });

  it('openDatabase refuses a bad migration list without creating the file', () => {
    const path = temp.path('never.db');
    expect(() => openDatabase(path, { migrations: [m002] })).toThrow(/invalid migration list: versions must run 1\.\.1/);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses to migrate a database that is newer than the list', () => {
    const db = new Database(temp.path('kiosk.db'));
    db.pragma('user_version = 5');
    expect(() => applyMigrations(db, [m001, m002])).toThrow(DatabaseTooNewError);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    db.close();
  });
});
