/** The data directory is 0700 and its files 0600 (issue 10 §3), whatever was there before. */
import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secureDataDir } from '../../../../../electron/core/config/data-dir.ts';
import { writeFileAtomic } from '../../../../../electron/core/config/write-file-atomic.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('data-dir');
const mode = (path: string) => statSync(path).mode & 0o777;
/** chmod after writing: secureDataDir sets a private umask, which would hide a loose mode. */
function writeLoose(path: string, mode: number): void {
  writeFileSync(path, 'x');
  chmodSync(path, mode);
}

describe('secureDataDir', () => {
  it('creates a missing data directory 0700', () => {
    const dir = tmp.path('data');
    expect(secureDataDir(dir)).toEqual({ tightened: [], failed: [] });
    expect(mode(dir)).toBe(0o700);
  });

  it('tightens what is already there: folders 0700, files 0600, and says which', () => {
    const dir = tmp.path('data');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'logs'), 0o755);
    writeLoose(join(dir, 'kiosk.db'), 0o644);
    writeLoose(join(dir, 'logs', 'kiosk.log'), 0o666);
    writeLoose(join(dir, 'staff-auth.json'), 0o600);
    const repair = secureDataDir(dir);
    expect(repair.tightened.sort()).toEqual([dir, join(dir, 'kiosk.db'), join(dir, 'logs'), join(dir, 'logs', 'kiosk.log')].sort());
    expect([mode(dir), mode(join(dir, 'logs')), mode(join(dir, 'kiosk.db')), mode(join(dir, 'logs', 'kiosk.log')), mode(join(dir, 'staff-auth.json'))]).toEqual([
      0o700, 0o700, 0o600, 0o600, 0o600,
    ]);
  });

  it('does not follow a symlink out of the folder', () => {
    const outside = tmp.path('outside.txt');
    writeLoose(outside, 0o644);
    mkdirSync(tmp.path('data'));
    symlinkSync(outside, join(tmp.path('data'), 'link'));
    secureDataDir(tmp.path('data'));
    expect(mode(outside)).toBe(0o644);
  });

  it('makes files written later private too (config writes, new folders, other writers)', () => {
    const dir = tmp.path('data');
    secureDataDir(dir);
    writeFileSync(join(dir, 'kiosk.db-wal'), 'x');
    expect(mode(join(dir, 'kiosk.db-wal'))).toBe(0o600);
    writeFileAtomic(join(dir, 'config-history', 'v000001.json'), '{}');
    expect(mode(join(dir, 'config-history'))).toBe(0o700);
    expect(mode(join(dir, 'config-history', 'v000001.json'))).toBe(0o600);
  });
});
