/**
 * The browser shell's A4 renderer is found in fixed locations, never in the config or the
 * environment (issue 10): only absolute system paths are listed, and only an executable file counts.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_LOCATIONS, findChromium } from '../../../../../electron/shells/browser/chromium-locations.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Chromium locations', () => {
  it('lists only absolute paths under system folders', () => {
    expect(CHROMIUM_LOCATIONS.length).toBeGreaterThan(0);
    for (const path of CHROMIUM_LOCATIONS) expect(path).toMatch(/^\/(usr|opt|snap)\//);
  });

  it('takes the first executable file, skipping missing ones, folders and non-executables', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const plain = join(dir, 'not-executable');
    writeFileSync(plain, '');
    chmodSync(plain, 0o644);
    const chromium = join(dir, 'chromium');
    writeFileSync(chromium, '#!/bin/sh\n');
    chmodSync(chromium, 0o755);
    const later = join(dir, 'chrome');
    writeFileSync(later, '#!/bin/sh\n');
    chmodSync(later, 0o755);
    expect(findChromium([join(dir, 'missing'), folder, chromium, later])).toBe(chromium);
    expect(findChromium([join(dir, 'missing'), folder])).toBeUndefined();
  });

  it('does not look at $CHROMIUM_PATH', () => {
    const planted = join(dir, 'planted');
    writeFileSync(planted, '#!/bin/sh\n');
    chmodSync(planted, 0o755);
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = planted;
    try {
      expect(findChromium()).not.toBe(planted);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
