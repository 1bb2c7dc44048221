import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { loadKeyring, rotateDataDirKey } from '../../../../../electron/core/outbox/outbox-keyring-store.ts';

let root: string;
let dataDir: string;
let credentialsDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kiosk-keyring-'));
  dataDir = join(root, 'data');
  credentialsDir = join(root, 'credentials');
  mkdirSync(dataDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const hex = (key: OutboxKey) => `${key.material().toString('hex')}\n`;
const ids = (ring: { current: OutboxKey; previous?: readonly OutboxKey[] }) => ({
  current: ring.current.id,
  previous: (ring.previous ?? []).map((k) => k.id).sort(),
});

describe('loadKeyring', () => {
  it('creates the first key in <dataDir>/keys/ (folder 0700, file 0600) and keeps using it', () => {
    const first = loadKeyring({ dataDir, credentialsDir });
    expect(first.source).toBe('data-dir');
    expect(first.created?.id).toBe(first.keyring.current.id);
    const keysDir = join(dataDir, 'keys');
    expect(statSync(keysDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(keysDir).sort()).toEqual(['current', `${first.keyring.current.id}.key`]);
    expect(statSync(join(keysDir, `${first.keyring.current.id}.key`)).mode & 0o777).toBe(0o600);
    const again = loadKeyring({ dataDir, credentialsDir });
    expect(again.created).toBeUndefined();
    expect(ids(again.keyring)).toEqual({ current: first.keyring.current.id, previous: [] });
  });

  it('reads the outbox.key of older versions, archives it, and seals with it', () => {
    const legacy = OutboxKey.generate();
    writeFileSync(join(dataDir, 'outbox.key'), hex(legacy), { mode: 0o600 });
    const loaded = loadKeyring({ dataDir, credentialsDir });
    expect(ids(loaded.keyring)).toEqual({ current: legacy.id, previous: [] });
    expect(readFileSync(join(dataDir, 'keys', `${legacy.id}.key`), 'utf8')).toBe(hex(legacy));
  });

  it('an old key file put back after a rotation does not take newer keys out of the ring', () => {
    const old = loadKeyring({ dataDir, credentialsDir }).keyring.current;
    const oldCurrent = readFileSync(join(dataDir, 'keys', 'current'), 'utf8');
    const rotated = rotateDataDirKey(dataDir);
    expect(ids(loadKeyring({ dataDir, credentialsDir }).keyring)).toEqual({ current: rotated.id, previous: [old.id] });
    // The backup from before the rotation comes back, as outbox.key and as keys/current.
    writeFileSync(join(dataDir, 'outbox.key'), hex(old), { mode: 0o600 });
    writeFileSync(join(dataDir, 'keys', 'current'), oldCurrent);
    expect(ids(loadKeyring({ dataDir, credentialsDir }).keyring)).toEqual({ current: old.id, previous: [rotated.id] });
  });

  it('prefers the credentials folder (outside the data directory) and keeps the data-directory keys to open old items', () => {
    const archived = loadKeyring({ dataDir, credentialsDir }).keyring.current;
    const sealing = OutboxKey.generate();
    const previous = OutboxKey.generate();
    mkdirSync(credentialsDir);
    writeFileSync(join(credentialsDir, 'outbox.key'), hex(sealing));
    writeFileSync(join(credentialsDir, 'outbox-2025.key'), hex(previous));
    const loaded = loadKeyring({ dataDir, credentialsDir });
    expect(loaded.source).toBe('credentials');
    expect(ids(loaded.keyring)).toEqual({ current: sealing.id, previous: [archived.id, previous.id].sort() });
  });

  it('a key from the shell seals; every archived key still opens', () => {
    const archived = loadKeyring({ dataDir, credentialsDir }).keyring.current;
    const shell = OutboxKey.generate();
    const loaded = loadKeyring({ dataDir, credentialsDir, shell });
    expect(loaded.source).toBe('shell');
    expect(ids(loaded.keyring)).toEqual({ current: shell.id, previous: [archived.id] });
  });

  it('moves an invalid key file aside (never deletes it) and reports an invalid credentials key without touching it', () => {
    const good = loadKeyring({ dataDir, credentialsDir }).keyring.current;
    const bad = join(dataDir, 'keys', 'k-000000000000.key');
    writeFileSync(bad, 'not a key\n', { mode: 0o600 });
    mkdirSync(credentialsDir);
    writeFileSync(join(credentialsDir, 'outbox-old.key'), 'garbage');
    const loaded = loadKeyring({ dataDir, credentialsDir, now: () => new Date('2026-03-01T08:00:00Z') });
    expect(loaded.movedAside).toEqual([
      { path: bad, movedTo: `${bad}.invalid-2026-03-01T08-00-00-000Z`, reason: expect.stringContaining('is not a valid key') },
    ]);
    expect(readFileSync(`${bad}.invalid-2026-03-01T08-00-00-000Z`, 'utf8')).toBe('not a key\n');
    expect(loaded.unusable).toEqual([{ path: join(credentialsDir, 'outbox-old.key'), reason: expect.stringContaining('is not a valid key') }]);
    expect(readFileSync(join(credentialsDir, 'outbox-old.key'), 'utf8')).toBe('garbage');
    expect(ids(loaded.keyring)).toEqual({ current: good.id, previous: [] });
  });
});
