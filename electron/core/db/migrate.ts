/**
 * Numbered schema migrations tracked with PRAGMA user_version. All pending migrations run in one
 * transaction with the version bump, so a kiosk that loses power mid-upgrade restarts on the old
 * schema, never on half of the new one.
 */
import type Database from 'better-sqlite3';
import { DatabaseTooNewError, MigrationError, MigrationListError } from './db-errors.ts';

export interface Migration {
  version: number;
  name: string;
  /** Runs inside the migration transaction: must not BEGIN/COMMIT itself. */
  up(db: Database.Database): void;
}

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: string[];
}

export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (!Number.isInteger(migration.version) || migration.version !== index + 1) {
      throw new MigrationListError(
        `versions must run 1..${migrations.length} in order without gaps, but position ${index + 1} holds ` +
          `version ${String(migration.version)} (${migration.name})`,
      );
    }
  });
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function applyMigrations(db: Database.Database, migrations: readonly Migration[]): MigrationOutcome {
  checkMigrationList(migrations);
  const latest = migrations.length;
  const run = db.transaction((): MigrationOutcome => {
    // Read inside the (immediate) transaction: another process may have migrated meanwhile.
    const from = userVersion(db);
    if (from > latest) throw new DatabaseTooNewError(db.name, from, latest);
    const applied: string[] = [];
    for (const migration of migrations.slice(from)) {
      try {
        migration.up(db);
      } catch (cause) {
        throw new MigrationError(migration.version, migration.name, from, { cause });
      }
      applied.push(`${migration.version}-${migration.name}`);
    }
    if (applied.length > 0) db.pragma(`user_version = ${latest}`);
    return { from, to: latest, applied };
  });
  return run.immediate();
}
