/**
 * Where the outbox keys live: a key ring, never a single key file. Every key this terminal ever
 * sealed with stays in the ring, so items sealed under any of them stay deliverable, and putting
 * back an old key file (a backup from before a rotation) cannot strand items sealed since.
 *
 * Fixed places only; no configuration names a key path:
 *   1. keys the shell passes (Electron: unwrapped from safeStorage): the shell's current key seals;
 *   2. the credentials folder (`$CREDENTIALS_DIRECTORY` from systemd LoadCredential=, else
 *      `credentials/` beside the data directory; see config/credentials.ts): `outbox.key` seals,
 *      any other `outbox-*.key` there (a previous key) opens;
 *   3. the fallback inside the data directory: `<dataDir>/keys/<key id>.key` (0600, folder 0700),
 *      one file per key ever used, and `keys/current` naming the one that seals. A key generated
 *      by the terminal goes here. `<dataDir>/outbox.key` (older versions) is read and archived here.
 * A file that is not a valid key is moved aside (`.invalid-<time>`), never replaced or deleted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import { OutboxKeyError } from './outbox-errors.ts';
import { loadOrCreateKeyFile, OutboxKey, readKeyFile, toKeyring, writeKeyFile, type OutboxKeyring } from './outbox-key.ts';
import { errorMessage } from '../util/error-message.ts';

export type KeySource = 'shell' | 'credentials' | 'data-dir';

export interface KeyringLoad {
  keyring: OutboxKeyring;
  /** Where the sealing key came from. */
  source: KeySource;
  /** Set when no key existed and one was generated into `<dataDir>/keys/`. */
  created?: OutboxKey;
  /** Files that were not valid keys, and where they were moved. */
  movedAside: Array<{ path: string; movedTo: string; reason: string }>;
  /** Key files whose permissions were restricted to 0600. */
  permissionsFixed: string[];
  /** Files in the (read-only) credentials folder that are not valid keys: left there, not used. */
  unusable: Array<{ path: string; reason: string }>;
}

export interface KeyringLocations {
  dataDir: string;
  credentialsDir: string;
  /** From the shell; its current key seals. */
  shell?: OutboxKey | OutboxKeyring;
  now?: () => Date;
}

const ARCHIVED = /^k-[0-9a-f]{12}\.key$/;
const CREDENTIAL_KEY = /^outbox(-[A-Za-z0-9._-]{1,64})?\.key$/;

export const keysDirOf = (dataDir: string) => join(dataDir, 'keys');

export function loadKeyring(where: KeyringLocations): KeyringLoad {
  const keysDir = keysDirOf(where.dataDir);
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const movedAside: KeyringLoad['movedAside'] = [];
  const permissionsFixed: string[] = [];
  const stamp = () => (where.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const readOrMoveAside = (path: string, fixPermissions: boolean): OutboxKey | undefined => {
    try {
      if (!fixPermissions) return readKeyFile(path);
      const loaded = loadOrCreateKeyFile(path);
      if (loaded.permissionsFixed) permissionsFixed.push(path);
      return loaded.key;
    } catch (error) {
      if (!(error instanceof OutboxKeyError) || !existsSync(path)) throw error;
      const movedTo = `${path}.invalid-${stamp()}`;
      renameSync(path, movedTo);
      movedAside.push({ path, movedTo, reason: error.message });
      return undefined;
    }
  };

  const archived = new Map<string, { key: OutboxKey; mtimeMs: number }>();
  for (const name of readdirSync(keysDir).filter((n) => ARCHIVED.test(n)).sort()) {
    const path = join(keysDir, name);
    const key = readOrMoveAside(path, true);
    if (key) archived.set(key.id, { key, mtimeMs: statSync(path).mtimeMs });
  }
  const archive = (key: OutboxKey) => {
    if (archived.has(key.id)) return;
    writeKeyFile(join(keysDir, `${key.id}.key`), key);
    archived.set(key.id, { key, mtimeMs: Date.now() });
  };

  const legacyPath = join(where.dataDir, 'outbox.key');
  const legacy = existsSync(legacyPath) ? readOrMoveAside(legacyPath, true) : undefined;
  if (legacy) archive(legacy);

  const credentials = credentialKeys(where.credentialsDir);
  const unusable = credentials.unusable;
  const shell = where.shell === undefined ? undefined : toKeyring(where.shell);
  const currentPath = join(keysDir, 'current');
  const named = existsSync(currentPath) ? archived.get(readFileSync(currentPath, 'utf8').trim())?.key : undefined;
  const newest = [...archived.values()].sort((a, b) => b.mtimeMs - a.mtimeMs)[0]?.key;

  let source: KeySource = 'data-dir';
  let current: OutboxKey;
  let created: OutboxKey | undefined;
  if (shell) {
    source = 'shell';
    current = shell.current;
  } else if (credentials.current) {
    source = 'credentials';
    current = credentials.current;
  } else {
    const chosen = named ?? legacy ?? newest;
    if (chosen) {
      current = chosen;
    } else {
      current = OutboxKey.generate();
      created = current;
      archive(current);
    }
    // The choice sticks: a restored outbox.key or a newer file cannot silently change the sealing key.
    if (named?.id !== current.id) writeFileAtomic(currentPath, `${current.id}\n`);
  }

  const others = [...(shell?.previous ?? []), ...credentials.others, ...[...archived.values()].map((a) => a.key), ...(legacy ? [legacy] : [])];
  const previous = [...new Map(others.filter((key) => key.id !== current.id).map((key) => [key.id, key])).values()];
  return {
    keyring: { current, previous },
    source,
    ...(created ? { created } : {}),
    movedAside,
    permissionsFixed,
    unusable,
  };
}

/** A new sealing key in `<dataDir>/keys/` (the old ones stay in the ring). Not for shell or credentials keys. */
export function rotateDataDirKey(dataDir: string): OutboxKey {
  const keysDir = keysDirOf(dataDir);
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const fresh = OutboxKey.generate();
  const key = writeKeyFile(join(keysDir, `${fresh.id}.key`), fresh);
  writeFileAtomic(join(keysDir, 'current'), `${key.id}\n`);
  return key;
}

/** The credentials folder is read-only under systemd: its keys are read, never fixed or moved. */
function credentialKeys(dir: string): { current?: OutboxKey; others: OutboxKey[]; unusable: KeyringLoad['unusable'] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => CREDENTIAL_KEY.test(n));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { others: [], unusable: [] };
    throw error;
  }
  const others: OutboxKey[] = [];
  const unusable: KeyringLoad['unusable'] = [];
  let current: OutboxKey | undefined;
  for (const name of names.sort()) {
    let key: OutboxKey;
    try {
      key = readKeyFile(join(dir, name));
    } catch (error) {
      unusable.push({ path: join(dir, name), reason: errorMessage(error) });
      continue;
    }
    if (name === 'outbox.key') current = key;
    else others.push(key);
  }
  return { ...(current ? { current } : {}), others, unusable };
}
