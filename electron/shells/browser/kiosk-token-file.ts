/**
 * `<dataDir>/run/kiosk-token`: the browser shell's token, kept across `npm run serve` restarts.
 * A supervisor restart must not strand the kiosk page that is already open: it holds the token in
 * sessionStorage and reconnects with it, so the restarted shell has to accept the same one. The
 * token is replaced (rotated) when a fresh kiosk browser starts (server.ts). Directory 0700, file
 * 0600, replaced atomically; a file someone else could have read, or one that does not hold a
 * well-formed token, is replaced with a fresh token rather than trusted.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateToken, isWellFormedToken } from './server.ts';

export const kioskTokenFilePath = (dataDir: string): string => join(dataDir, 'run', 'kiosk-token');

export type StoredToken =
  | { token: string; origin: 'reused' | 'created' }
  /** The file was there but not safe to trust; `why` names the reason (never the content). */
  | { token: string; origin: 'replaced'; why: string };

export function writeKioskToken(dataDir: string, token: string): void {
  if (!isWellFormedToken(token)) throw new Error('refusing to store a malformed token');
  const dir = join(dataDir, 'run');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode does not apply to a directory that already existed with looser rights.
  chmodSync(dir, 0o700);
  const target = kioskTokenFilePath(dataDir);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
  renameSync(temporary, target);
}

/** The stored token when it is safe to reuse, otherwise a fresh one (stored before it is returned). */
export function loadOrCreateKioskToken(dataDir: string): StoredToken {
  const path = kioskTokenFilePath(dataDir);
  const why = untrustworthy(path, join(dataDir, 'run'));
  if (why === null) return { token: readFileSync(path, 'utf8').trim(), origin: 'reused' };
  const token = generateToken();
  writeKioskToken(dataDir, token);
  return why === 'missing' ? { token, origin: 'created' } : { token, origin: 'replaced', why };
}

/** Why the stored token must not be reused, or null when it may. */
function untrustworthy(path: string, dir: string): string | null {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return 'missing';
  }
  if (!stat.isFile()) return 'not a regular file';
  if ((stat.mode & 0o077) !== 0) return 'file readable by others';
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return 'file owned by another user';
  if ((lstatSync(dir).mode & 0o077) !== 0) return 'directory open to others';
  return isWellFormedToken(readFileSync(path, 'utf8').trim()) ? null : 'malformed content';
}
