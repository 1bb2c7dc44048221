/** The browser shell's kept token (<dataDir>/run/kiosk-token) on real files: reused only when private and well-formed. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kioskTokenFilePath, loadOrCreateKioskToken, writeKioskToken } from '../../../../../electron/shells/browser/kiosk-token-file.ts';

const work = mkdtempSync(join(tmpdir(), 'kiosk-token-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(work, `data-${++n}`);
const GOOD = 'G'.repeat(43);

function withStored(content: string, fileMode = 0o600, dirMode = 0o700): string {
  const dataDir = freshDir();
  mkdirSync(join(dataDir, 'run'), { recursive: true });
  writeFileSync(kioskTokenFilePath(dataDir), content, { mode: fileMode });
  chmodSync(kioskTokenFilePath(dataDir), fileMode);
  chmodSync(join(dataDir, 'run'), dirMode);
  return dataDir;
}

describe('kept kiosk token', () => {
  it('creates a private token when there is none, then reuses it', () => {
    const dataDir = freshDir();
    const created = loadOrCreateKioskToken(dataDir);
    expect(created.origin).toBe('created');
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(kioskTokenFilePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'run')).mode & 0o777).toBe(0o700);
    expect(loadOrCreateKioskToken(dataDir)).toEqual({ token: created.token, origin: 'reused' });
  });

  it.each([
    ['a file others can read', () => withStored(`${GOOD}\n`, 0o644), 'file readable by others'],
    ['a directory others can enter', () => withStored(`${GOOD}\n`, 0o600, 0o755), 'directory open to others'],
    ['malformed content', () => withStored('short, with spaces\n'), 'malformed content'],
    [
      'a symbolic link',
      () => {
        const dataDir = freshDir();
        mkdirSync(join(dataDir, 'run'), { recursive: true, mode: 0o700 });
        writeFileSync(join(work, `elsewhere-${n}`), `${GOOD}\n`, { mode: 0o600 });
        symlinkSync(join(work, `elsewhere-${n}`), kioskTokenFilePath(dataDir));
        return dataDir;
      },
      'not a regular file',
    ],
  ])('does not trust %s: a fresh private token replaces it, and the reason names no token', (_name, prepare, why) => {
    const dataDir = prepare();
    const loaded = loadOrCreateKioskToken(dataDir);
    expect(loaded).toMatchObject({ origin: 'replaced', why });
    expect(loaded.token).not.toBe(GOOD);
    expect(readFileSync(kioskTokenFilePath(dataDir), 'utf8')).toBe(`${loaded.token}\n`);
    expect(statSync(kioskTokenFilePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'run')).mode & 0o777).toBe(0o700);
    expect(loadOrCreateKioskToken(dataDir)).toEqual({ token: loaded.token, origin: 'reused' });
  });

  it('refuses to store a malformed token and keeps the stored one', () => {
    const dataDir = withStored(`${GOOD}\n`);
    expect(() => writeKioskToken(dataDir, 'has spaces')).toThrow('refusing to store a malformed token');
    expect(loadOrCreateKioskToken(dataDir)).toEqual({ token: GOOD, origin: 'reused' });
  });
});
