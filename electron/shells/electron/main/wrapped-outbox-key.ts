/**
 * The outbox key under Electron: kept wrapped by the operating system's key store (Electron's
 * safeStorage: libsecret / kwallet on Linux, DPAPI on Windows, the Keychain on macOS), so the key
 * material is not in the data directory even though the wrapped blob is. Where no OS key store is
 * available, nothing is wrapped and the core falls back to its fixed places (systemd credentials,
 * then `<dataDir>/keys/`), as documented in the README.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The part of Electron's safeStorage this needs (a stand-in in tests: the binary cannot run here). */
export interface KeyWrapper {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(wrapped: Buffer): string;
}

export type WrappedKeyResult =
  | { kind: 'key'; bytes: Uint8Array; created: boolean }
  | { kind: 'unavailable'; reason: string };

const KEY_HEX = /^[0-9a-f]{64}$/;

/**
 * Unwraps the key at `path`, or makes and wraps a new one if there is none. A blob that cannot be
 * unwrapped (another machine's key store, damage) is moved aside, never overwritten: items sealed
 * with it stay recoverable, and the core raises its alert for undecryptable items.
 */
export function loadOrCreateWrappedKey(path: string, wrapper: KeyWrapper): WrappedKeyResult {
  if (!wrapper.isEncryptionAvailable()) return { kind: 'unavailable', reason: 'no OS key store available to safeStorage' };
  if (existsSync(path)) {
    try {
      const hex = wrapper.decryptString(readFileSync(path));
      if (!KEY_HEX.test(hex)) throw new Error('the unwrapped key is not 32 bytes of hex');
      return { kind: 'key', bytes: Buffer.from(hex, 'hex'), created: false };
    } catch (error) {
      const aside = `${path}.unreadable-${Date.now()}`;
      renameSync(path, aside);
      return { kind: 'unavailable', reason: `the wrapped outbox key could not be unwrapped (${(error as Error).message}); moved to ${aside}` };
    }
  }
  const bytes = randomBytes(32);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.tmp`;
  writeFileSync(temp, wrapper.encryptString(bytes.toString('hex')), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  return { kind: 'key', bytes, created: true };
}
