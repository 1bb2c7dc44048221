/**
 * better-sqlite3 for Kysely with its prepared statements kept: Kysely's SQLite driver prepares
 * every query it runs, and preparing was the largest single cost of storing a heartbeat (~18 % of
 * the ingest's CPU in bench/console-fleet-10k.ts). Queries are few distinct texts run thousands of
 * times, so the cache is small; a bounded size keeps texts with varying `IN (…)` lists from growing it.
 * A statement is not run by two callers at once: Kysely's SQLite driver runs one query at a time.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export function withStatementCache(sqlite: Database.Database, max = 256): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        // Most recently used last: the first entry is the one to evict.
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
    close: () => sqlite.close(),
  };
}
