/**
 * Opening the terminal's SQLite database. Checks come before anything that writes: a database
 * from a newer app version, or a damaged file, is refused untouched so it can still be recovered.
 */
import Database from 'better-sqlite3';
import { DatabaseCorruptError, DatabaseTooNewError } from './db-errors.ts';
import { applyMigrations, checkMigrationList, userVersion, type Migration } from './migrate.ts';

export { DatabaseCorruptError, DatabaseTooNewError, MigrationError, MigrationListError } from './db-errors.ts';

export interface OpenDatabaseOptions {
  /** Schema migrations to bring the file up to date; none means "open as is". */
  migrations?: readonly Migration[];
  /** How long a statement waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

export type KioskDatabase = Database.Database;

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

function isCorruption(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && [...CORRUPTION_CODES].some((c) => code.startsWith(c));
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): KioskDatabase {
  const migrations = options.migrations ?? [];
  checkMigrationList(migrations);
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    const version = userVersion(db);
    // Only a caller that knows the schema can tell "too new"; without migrations, open as is.
    if (options.migrations !== undefined && version > migrations.length) {
      throw new DatabaseTooNewError(path, version, migrations.length);
    }
    quickCheck(db, path);
    // synchronous=NORMAL is durable enough in WAL mode for most writes; the outbox asks for FULL
    // on its own enqueue transactions, where losing a citizen's submission is not acceptable.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (migrations.length > 0) applyMigrations(db, migrations);
    return db;
  } catch (error) {
    db.close();
    if (isCorruption(error)) throw new DatabaseCorruptError(path, error.message, { cause: error });
    throw error;
  }
}

export function closeDatabase(db: KioskDatabase): void {
  if (!db.open) return;
  // Folds the WAL back into the main file so a copied/backed-up .db is complete on its own.
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

function quickCheck(db: KioskDatabase, path: string): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  const problems = rows.map((row) => row.quick_check.replace(/\s+/g, ' ')).filter((text) => text !== 'ok');
  if (problems.length > 0) {
    const detail = problems.slice(0, 3).join('; ') + (problems.length > 3 ? ` (+${problems.length - 3} more)` : '');
    throw new DatabaseCorruptError(path, `quick_check: ${detail}`);
  }
}
