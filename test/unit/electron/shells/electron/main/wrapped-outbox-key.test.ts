/**
 * The outbox key wrapped by the OS key store under Electron. The binary cannot run here, so
 * safeStorage is a STAND-IN: a reversible wrapping with a marker, enough to tell wrapped from
 * plain and to fail on a blob from "another machine".
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateWrappedKey, type KeyWrapper } from '../../../../../../electron/shells/electron/main/wrapped-outbox-key.ts';

const standInSafeStorage = (machine = 'this-machine', available = true): KeyWrapper => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain) => Buffer.from(`${machine}:${Buffer.from(plain).toString('base64')}`),
  decryptString: (wrapped) => {
    const [who, body] = wrapped.toString().split(':');
    if (who !== machine || body === undefined) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString');
    return Buffer.from(body, 'base64').toString();
  },
});

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'kiosk-wrapped-key-')));

describe('outbox key wrapped by the OS key store', () => {
  it('creates a key once, keeps only the wrapped blob (0600), and unwraps the same key later', () => {
    const path = join(fresh(), 'keys', 'outbox.safestorage');
    const first = loadOrCreateWrappedKey(path, standInSafeStorage());
    expect(first).toMatchObject({ kind: 'key', created: true });
    const blob = readFileSync(path);
    expect(blob.toString().startsWith('this-machine:')).toBe(true);
    if (first.kind !== 'key') throw new Error('unreachable');
    expect(blob.includes(Buffer.from(first.bytes).toString('hex'))).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = loadOrCreateWrappedKey(path, standInSafeStorage());
    expect(again).toMatchObject({ kind: 'key', created: false });
    if (again.kind !== 'key') throw new Error('unreachable');
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it('wraps nothing where no OS key store exists, and leaves the core to its fixed places', () => {
    const path = join(fresh(), 'keys', 'outbox.safestorage');
    expect(loadOrCreateWrappedKey(path, standInSafeStorage('this-machine', false))).toMatchObject({ kind: 'unavailable' });
    expect(existsSync(path)).toBe(false);
  });

  it('moves a blob it cannot unwrap aside instead of replacing it, so nothing sealed with it is stranded', () => {
    const keys = join(fresh(), 'keys');
    const path = join(keys, 'outbox.safestorage');
    loadOrCreateWrappedKey(path, standInSafeStorage('other-machine'));
    const original = readFileSync(path);
    const result = loadOrCreateWrappedKey(path, standInSafeStorage('this-machine'));
    expect(result).toMatchObject({ kind: 'unavailable' });
    if (result.kind !== 'unavailable') throw new Error('unreachable');
    expect(result.reason).toContain('moved to');
    const aside = readdirSync(keys).filter((name) => name.startsWith('outbox.safestorage.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(keys, aside[0]!)).equals(original)).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses an unwrapped value that is not a 32-byte key', () => {
    const keys = join(fresh(), 'keys');
    const path = join(keys, 'outbox.safestorage');
    loadOrCreateWrappedKey(path, standInSafeStorage());
    writeFileSync(path, standInSafeStorage().encryptString('not-a-key'));
    expect(loadOrCreateWrappedKey(path, standInSafeStorage())).toMatchObject({ kind: 'unavailable' });
  });
});
