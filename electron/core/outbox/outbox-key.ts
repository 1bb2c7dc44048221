/**
 * The AES-256 key that seals outbox payloads. It lives outside the database (the credentials
 * folder, 0600 files in `<dataDir>/keys/`, or bytes supplied by the shell: Electron can keep it
 * wrapped with safeStorage; see outbox-keyring-store.ts), so a copied kiosk.db alone reveals no
 * personal data. The key object never prints
 * its bytes: not in JSON, not in util.inspect, not in a template string.
 */
import { chmodSync, closeSync, constants, existsSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { OutboxKeyError } from './outbox-errors.ts';

const KEY_BYTES = 32;
const KEY_TEXT = /^[0-9a-f]{64}$/;

export class OutboxKey {
  /** Short public fingerprint stored with each row: tells "sealed with another key" from "damaged". */
  readonly id: string;
  readonly #bytes: Buffer;

  constructor(bytes: Uint8Array) {
    if (bytes.length !== KEY_BYTES) {
      throw new OutboxKeyError(`an outbox key must be ${KEY_BYTES} bytes (AES-256), got ${bytes.length}`);
    }
    this.#bytes = Buffer.from(bytes);
    this.id = `k-${createHmac('sha256', this.#bytes).update('bianmin-kiosk outbox key id').digest('hex').slice(0, 12)}`;
  }

  static generate(): OutboxKey {
    return new OutboxKey(randomBytes(KEY_BYTES));
  }

  /** For the cipher only. */
  material(): Buffer {
    return this.#bytes;
  }

  toString(): string {
    return `OutboxKey(${this.id})`;
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** The current key seals new rows; previous keys (after a rotation) still open old ones. */
export interface OutboxKeyring {
  current: OutboxKey;
  previous?: readonly OutboxKey[];
}

export function toKeyring(keys: OutboxKey | OutboxKeyring): OutboxKeyring {
  return keys instanceof OutboxKey ? { current: keys } : keys;
}

export interface KeyFileResult {
  key: OutboxKey;
  created: boolean;
  /** Set when the file was readable by others and has been restricted to 0600. */
  permissionsFixed: boolean;
}

/**
 * Reads the key file, or creates it (0600, fsynced) when absent. A file that exists but is not a
 * valid key is never replaced: rows sealed with the real key would become unreadable for good.
 */
export function loadOrCreateKeyFile(path: string): KeyFileResult {
  if (!existsSync(path)) {
    const generated = OutboxKey.generate();
    const key = writeKeyFile(path, generated);
    return { key, created: key === generated, permissionsFixed: false };
  }
  let permissionsFixed = false;
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    chmodSync(path, 0o600);
    permissionsFixed = true;
  }
  return { key: readKeyFile(path), created: false, permissionsFixed };
}

export function readKeyFile(path: string): OutboxKey {
  const text = readFileSync(path, 'utf8').trim();
  if (!KEY_TEXT.test(text)) {
    throw new OutboxKeyError(
      `outbox key file ${path} is not a valid key (expected 64 hexadecimal characters); ` +
        'it was left untouched: restore it from backup, or move it aside to start with a new key',
    );
  }
  return new OutboxKey(Buffer.from(text, 'hex'));
}

/**
 * Written to a temporary file, fsynced, then hard-linked into place: a crash can leave a stray
 * temporary file but never an empty or half-written key file, and link() (unlike rename) fails
 * instead of replacing a key another process created meanwhile.
 */
export function writeKeyFile(path: string, key: OutboxKey): OutboxKey {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
    try {
      writeSync(fd, `${key.material().toString('hex')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path);
    throw new OutboxKeyError(`cannot create outbox key file ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    rmSync(temp, { force: true });
  }
  syncDirectory(dirname(path));
  return key;
}

function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
