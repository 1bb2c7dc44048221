/**
 * The data directory holds citizens' queued submissions, the audit log, staff credentials and the
 * configuration: it is the kiosk user's alone. At core start it is created 0700, everything
 * already in it is tightened (directories 0700, files 0600), and the process umask makes files
 * created later (SQLite's WAL, rotated logs) private too.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

export interface DataDirRepair {
  /** Entries whose permissions were looser and have been tightened. */
  tightened: string[];
  /** Entries that could not be tightened (e.g. owned by another user), with the reason. */
  failed: Array<{ path: string; reason: string }>;
}

export function secureDataDir(dataDir: string): DataDirRepair {
  // Worker threads share the process umask and may not change it; the chmod walk still applies.
  if (isMainThread) process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const repair: DataDirRepair = { tightened: [], failed: [] };
  tighten(dataDir, repair);
  return repair;
}

function tighten(path: string, repair: DataDirRepair): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (error) {
    repair.failed.push({ path, reason: (error as NodeJS.ErrnoException).code ?? 'error' });
    return;
  }
  // A symlink's own mode means nothing, and following it could chmod a file outside the folder.
  if (stat.isSymbolicLink()) return;
  const wanted = stat.isDirectory() ? DATA_DIR_MODE : DATA_FILE_MODE;
  if ((stat.mode & 0o777 & ~wanted) !== 0) {
    try {
      chmodSync(path, stat.mode & 0o777 & wanted);
      repair.tightened.push(path);
    } catch (error) {
      repair.failed.push({ path, reason: (error as NodeJS.ErrnoException).code ?? 'error' });
    }
  }
  if (!stat.isDirectory()) return;
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (error) {
    repair.failed.push({ path, reason: (error as NodeJS.ErrnoException).code ?? 'error' });
    return;
  }
  for (const name of names) tighten(join(path, name), repair);
}
