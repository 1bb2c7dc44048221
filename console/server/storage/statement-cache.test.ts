import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

describe('prepared statements kept for Kysely', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-statements-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prepares a query text once, runs it with new parameters, and evicts the least recently used beyond the bound', () => {
    const sqlite = new Database(join(dir, 'cache.sqlite'));
    const cached = withStatementCache(sqlite, 2);
    cached.prepare('CREATE TABLE t (n INTEGER)').run([]);
    const insert = cached.prepare('INSERT INTO t (n) VALUES (?)');
    insert.run([1]);
    expect(cached.prepare('INSERT INTO t (n) VALUES (?)')).toBe(insert);
    cached.prepare('INSERT INTO t (n) VALUES (?)').run([2]);
    expect(cached.prepare('SELECT n FROM t ORDER BY n').all([])).toEqual([{ n: 1 }, { n: 2 }]);
    // Bound 2: the insert was used more recently than CREATE, which is the one evicted.
    expect(cached.prepare('INSERT INTO t (n) VALUES (?)')).toBe(insert);
    cached.prepare('SELECT count(*) AS c FROM t');
    expect(cached.prepare('INSERT INTO t (n) VALUES (?)')).toBe(insert);
    cached.prepare('SELECT 1');
    cached.prepare('SELECT 2');
    expect(cached.prepare('INSERT INTO t (n) VALUES (?)')).not.toBe(insert);
    cached.close();
    expect(sqlite.open).toBe(false);
  });
});
