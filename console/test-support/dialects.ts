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
  close(): Promise<void>;
}

export async function openTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'console-sqlite-'));
    const db = openDatabase({ dialect: 'sqlite', file: join(dir, 'console.sqlite') });
    await migrateToLatest(db, 'sqlite');
    return {
      db,
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
  await migrateToLatest(db, 'postgres');
  return { db, close: () => db.destroy() };
}

/** Stops the shared cluster (call once in afterAll of a file that used PostgreSQL). */
export async function stopTestPostgres(): Promise<void> {
  const running = cluster;
  cluster = undefined;
  if (running) await (await running).stop();
}
