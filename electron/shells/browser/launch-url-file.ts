/**
 * `<dataDir>/run/launch-url`: the URL with a fresh one-time launch code, for the kiosk browser's
 * launcher (resources/systemd/bianmin-kiosk-chromium.sh). Directory 0700, file 0600, replaced
 * atomically, so a reader sees either the old code or the new one, never half a line. It never
 * holds the token itself: a code read from here (or from Chromium's command line) works once.
 */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const launchUrlFilePath = (dataDir: string): string => join(dataDir, 'run', 'launch-url');

export function writeLaunchUrlFile(dataDir: string, url: string): string {
  const dir = join(dataDir, 'run');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode does not apply to a directory that already existed with looser rights.
  chmodSync(dir, 0o700);
  const target = launchUrlFilePath(dataDir);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `${url}\n`, { mode: 0o600 });
  renameSync(temporary, target);
  return target;
}
