/**
 * Opening the database at start-up without ever ending in a crash loop: a damaged file is moved
 * aside (never deleted: it may still hold citizens' submissions), a fresh one is created, and
 * whatever rows can still be read are salvaged into it by the caller's `salvage` callback. The
 * caller gets an alert to log and show to maintenance. Other failures (a database from a newer
 * app, no permission) are not corruption and are thrown unchanged.
 */
import { existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { AlertBoard } from '../alerts/alert-board.ts';
import { DatabaseCorruptError, openDatabase, type KioskDatabase, type OpenDatabaseOptions } from './database.ts';
import { checkIndexes, type IndexCheckReport } from './index-check.ts';
import { errorMessage } from '../util/error-message.ts';

export interface SalvageReport {
  /** Rows copied into the fresh database. */
  salvaged: number;
  /** Rows known to exist but unreadable (they stay in the file moved aside). */
  unreadable: number;
  /** Set when nothing could be read at all, with the reason. */
  failed?: string;
}

export interface DatabaseAlert {
  kind: 'database-replaced';
  /** For logs and the maintenance screen: what happened, where the old file is, what was kept. */
  message: string;
  movedTo: string;
  detail: string;
  salvage: SalvageReport;
}

export interface SafeOpenOptions extends OpenDatabaseOptions {
  /** Copies what can be read from the damaged file (opened read-only at its new place) into the fresh one. */
  salvage?: (damaged: KioskDatabase, fresh: KioskDatabase) => SalvageReport;
  now?: () => Date;
  /** Tables whose indexes are counted against the table at start, and rebuilt when they differ. */
  checkIndexesOf?: readonly string[];
  /** Where a replaced, emptied or repaired database is shown to staff. */
  alerts?: AlertBoard;
}

export interface SafeOpenResult {
  db: KioskDatabase;
  /** Set when the file was damaged and replaced. */
  alert?: DatabaseAlert;
  /** Set when the indexes were checked. */
  indexes?: IndexCheckReport;
  /** Set when an empty database file with a WAL next to it was moved aside (to this path). */
  emptiedMovedTo?: string;
}

const COMPANIONS = ['-wal', '-shm', '-journal'];

export function openDatabaseSafely(path: string, options: SafeOpenOptions = {}): SafeOpenResult {
  const stamp = () => (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const emptiedMovedTo = moveAsideEmptyWithWal(path, stamp);
  if (emptiedMovedTo !== undefined) {
    options.alerts?.raise({
      id: 'database-emptied',
      kind: 'database-emptied',
      severity: 'critical',
      detail:
        `database ${path} was an empty file with a write-ahead log next to it; both were moved aside to ${emptiedMovedTo} ` +
        '(the log may hold the last submissions: keep it for recovery) and a fresh database was created',
    });
  }
  const opened = openReplacingDamaged(path, stamp, options);
  if (opened.alert) {
    options.alerts?.raise({ id: 'database-replaced', kind: 'database-replaced', severity: 'critical', detail: opened.alert.message });
  }
  const result: SafeOpenResult = { ...opened, ...(emptiedMovedTo === undefined ? {} : { emptiedMovedTo }) };
  if (options.checkIndexesOf === undefined) return result;
  const indexes = checkIndexes(opened.db, options.checkIndexesOf);
  if (indexes.mismatches.length > 0) {
    const what = indexes.mismatches
      .slice(0, 3)
      .map((m) => `${m.index}${m.group === undefined ? '' : ` (${m.group})`}: ${m.found} entries for ${m.expected} rows`)
      .join('; ');
    options.alerts?.raise({
      id: 'database-index-repaired',
      kind: 'database-index-repaired',
      severity: 'warning',
      detail: `database ${path} had damaged indexes (${what}); they were rebuilt from the table (REINDEX ${indexes.reindexed.join(', ')}), no row was lost`,
    });
  }
  return { ...result, indexes };
}

/**
 * A zero-byte database next to a non-empty WAL: SQLite would read the log over an empty file and
 * then checkpoint (and delete) it. Both are moved aside together instead; returns where.
 */
function moveAsideEmptyWithWal(path: string, stamp: () => string): string | undefined {
  if (!existsSync(path) || statSync(path).size > 0) return undefined;
  if (!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0) return undefined;
  const movedTo = `${path}.empty-${stamp()}`;
  renameSync(path, movedTo);
  for (const suffix of COMPANIONS) if (existsSync(path + suffix)) renameSync(path + suffix, movedTo + suffix);
  return movedTo;
}

function openReplacingDamaged(path: string, stamp: () => string, options: SafeOpenOptions): { db: KioskDatabase; alert?: DatabaseAlert } {
  // Closing a connection to a damaged file lets SQLite checkpoint and delete its WAL. A hard link
  // taken first keeps the WAL as it was (committed rows not yet checkpointed live there).
  const walKeep = `${path}-wal.keep`;
  rmSync(walKeep, { force: true });
  if (existsSync(`${path}-wal`)) linkSync(`${path}-wal`, walKeep);
  try {
    const db = openDatabase(path, options);
    rmSync(walKeep, { force: true });
    return { db };
  } catch (error) {
    if (!(error instanceof DatabaseCorruptError)) {
      rmSync(walKeep, { force: true });
      throw error;
    }
    const movedTo = `${path}.corrupt-${stamp()}`;
    renameSync(path, movedTo);
    if (existsSync(walKeep)) renameSync(walKeep, `${movedTo}-wal`);
    for (const suffix of COMPANIONS) {
      if (!existsSync(path + suffix)) continue;
      // What SQLite left behind after the kept WAL is moved along too, under its own name.
      renameSync(path + suffix, existsSync(movedTo + suffix) ? `${movedTo}${suffix}.after-open` : movedTo + suffix);
    }
    const db = openDatabase(path, options);
    const salvage = options.salvage ? salvageFrom(movedTo, db, options.salvage) : { salvaged: 0, unreadable: 0 };
    const message =
      `database ${path} was damaged (${error.detail}); it was moved aside to ${movedTo} and a fresh database was ` +
      'created. ' +
      (salvage.failed !== undefined
        ? `Nothing could be recovered from it (${salvage.failed}).`
        : `${salvage.salvaged} undelivered submission(s) were recovered` +
          (salvage.unreadable > 0 ? `; ${salvage.unreadable} could not be read and remain in the damaged file.` : '.')) +
      ' Keep the damaged file for maintenance.';
    return { db, alert: { kind: 'database-replaced', message, movedTo, detail: error.detail, salvage } };
  }
}

function salvageFrom(movedTo: string, fresh: KioskDatabase, salvage: NonNullable<SafeOpenOptions['salvage']>): SalvageReport {
  let damaged: KioskDatabase | undefined;
  try {
    // Read-only: a read-write connection would checkpoint and delete the damaged file's WAL on close.
    damaged = new Database(movedTo, { readonly: true, fileMustExist: true });
    return salvage(damaged, fresh);
  } catch (error) {
    // Not even readable enough to try: everything stays in the file moved aside.
    return { salvaged: 0, unreadable: 0, failed: errorMessage(error) };
  } finally {
    damaged?.close();
  }
}
