/**
 * The storage dialects every storage test runs on (describe.each): a fresh SQLite file, and a
 * fresh database in a throwaway PostgreSQL cluster shared by the test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type ConsoleDb, type DialectName } from '../server/storage/database.ts';
import { migrateToLatest } from '../server/storage/migrations.ts';
import { startPostgres, type PostgresCluster } from './postgres-cluster.ts';

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

let cluster: Promise<PostgresCluster> | undefined;
let databases = 0;

export interface TestDatabase {
  db: ConsoleDb;
  /** Another connection to the same database, as a restarted console or a second instance opens it (the caller destroys it). */
  open(): ConsoleDb;
  close(): Promise<void>;
}

/** A fresh database, migrated to the latest schema unless `migrate: false` (a migration's own test runs them). */
export async function openTestDatabase(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'console-sqlite-'));
    const db = openDatabase({ dialect: 'sqlite', file: join(dir, 'console.sqlite') });
    if (migrate) await migrateToLatest(db, 'sqlite');
    return {
      db,
      open: () => openDatabase({ dialect: 'sqlite', file: join(dir, 'console.sqlite') }),
      close: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  cluster ??= startPostgres();
  const pgCluster = await cluster;
  const url = await pgCluster.createDatabase(`t_${process.pid}_${++databases}`);
  const db = openDatabase({ dialect: 'postgres', connectionString: url, poolSize: 4 });
  if (migrate) await migrateToLatest(db, 'postgres');
  return { db, open: () => openDatabase({ dialect: 'postgres', connectionString: url, poolSize: 4 }), close: () => db.destroy() };
}

/** Stops the shared cluster (call once in afterAll of a file that used PostgreSQL). */
export async function stopTestPostgres(): Promise<void> {
  const running = cluster;
  cluster = undefined;
  if (running) await (await running).stop();
}
