import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  closeDatabase,
  DatabaseCorruptError,
  DatabaseTooNewError,
  openDatabase,
} from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const temp = useTempDir('db');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A database made the way a future app version would leave it. */
function makeFutureDatabase(path: string, version: number): void {
  const db = new Database(path);
  db.exec('CREATE TABLE future_things (id INTEGER PRIMARY KEY, x TEXT)');
  db.prepare('INSERT INTO future_things (x) VALUES (?)').run('keep me');
  db.pragma(`user_version = ${version}`);
  db.close();
}

describe('openDatabase', () => {
  it('opens a new file in WAL mode with NORMAL sync, foreign keys and a busy timeout, migrated', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations, busyTimeoutMs: 2500 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(2500);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    closeDatabase(db);
    expect(closeDatabase.bind(null, db)).not.toThrow();
  });

  it('keeps WAL mode across reopen, and reopening applies nothing twice', () => {
    const path = temp.path('kiosk.db');
    closeDatabase(openDatabase(path, { migrations }));
    const db = openDatabase(path, { migrations });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    closeDatabase(db);
  });

  it('refuses a database from a newer app without touching it', () => {
    const path = temp.path('kiosk.db');
    const future = migrations.length + 1;
    makeFutureDatabase(path, future);
    const before = sha256(path);

    expect(() => openDatabase(path, { migrations })).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(path, { migrations })).toThrow(
      `database schema v${future} is newer than this app supports (v${migrations.length}): refusing to open; update the app`,
    );

    expect(sha256(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(future);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare('SELECT x FROM future_things').all()).toEqual([{ x: 'keep me' }]);
    check.close();
  });

  it('says which versions were involved', () => {
    const path = temp.path('kiosk.db');
    const future = migrations.length + 1;
    makeFutureDatabase(path, future);
    try {
      openDatabase(path, { migrations });
      expect.unreachable(`a v${future} database must be refused`);
    } catch (error) {
      expect(error).toBeInstanceOf(DatabaseTooNewError);
      expect((error as DatabaseTooNewError).databaseVersion).toBe(future);
      expect((error as DatabaseTooNewError).supportedVersion).toBe(migrations.length);
      expect((error as DatabaseTooNewError).path).toBe(path);
    }
  });

  it('refuses a file that is garbage from the first byte', () => {
    const path = temp.path('kiosk.db');
    const garbage = Buffer.alloc(8192);
    for (let i = 0; i < garbage.length; i += 1) garbage[i] = (i * 131 + 7) & 0xff;
    writeFileSync(path, garbage);

    expect(() => openDatabase(path, { migrations })).toThrow(DatabaseCorruptError);
    expect(() => openDatabase(path, { migrations })).toThrow(/is corrupt .*file is not a database.*restore it from backup/);
    expect(Buffer.compare(readFileSync(path), garbage)).toBe(0);
  });

  // Smashing the first b-tree pages makes SQLite itself fail ("malformed"); smashing one page deep
  // in the table is only found by the quick_check scan. Both must end in DatabaseCorruptError.
  it.each([
    ['the first b-tree pages', 1, 3, /database disk image is malformed/],
    ['one page deep in a table', 30, 1, /quick_check: .*btreeInitPage/],
  ])('refuses a real database when %s are overwritten with garbage', (_label, firstPage, count, detail) => {
    const path = temp.path('kiosk.db');
    const db = new Database(path);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT); CREATE INDEX t_body ON t (body);');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i += 1) insert.run(`row ${i} ${'x'.repeat(40)}`);
    })();
    db.close();

    const pageSize = 4096;
    const fd = openSync(path, 'r+');
    const junk = Buffer.alloc(pageSize * count, 0xa5);
    writeSync(fd, junk, 0, junk.length, pageSize * firstPage);
    closeSync(fd);
    const before = sha256(path);

    let caught: unknown;
    try {
      openDatabase(path, { migrations });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatabaseCorruptError);
    expect((caught as Error).message).toMatch(/database .*kiosk\.db is corrupt/);
    expect((caught as Error).message).toMatch(detail);
    expect(sha256(path)).toBe(before);
  });

  it('opens an unmigrated database as is when given no migrations', () => {
    const path = temp.path('kiosk.db');
    makeFutureDatabase(path, 7);
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    closeDatabase(db);
  });
});
