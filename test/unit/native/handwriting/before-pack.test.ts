import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHandwritingHelper } from '../../../../native/handwriting/build-helper.mjs';
import { beforePack, checkHelperFor, elfMachine } from '../../../../native/handwriting/before-pack.mjs';

const HOST_ARCH = process.arch === 'arm64' ? 3 : 1;
const OTHER_ARCH = process.arch === 'arm64' ? 1 : 3;
let dir = '';
let helper = '';

beforeAll(() => {
  helper = buildHandwritingHelper({ quiet: true });
  dir = mkdtempSync(join(tmpdir(), 'before-pack-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packaging check of the handwriting helper', () => {
  it('accepts the helper built on this machine for this machine', async () => {
    expect(elfMachine(helper)).toBe(process.arch === 'arm64' ? 0xb7 : 0x3e);
    expect(() => checkHelperFor(HOST_ARCH, helper)).not.toThrow();
    await expect(beforePack({ electronPlatformName: 'linux', arch: HOST_ARCH })).resolves.toBeUndefined();
  });

  it('refuses to package it for another architecture', () => {
    expect(() => checkHelperFor(OTHER_ARCH, helper)).toThrow(/not built for/);
  });

  it('refuses a missing helper, a non-executable one and a file that is no program', () => {
    expect(() => checkHelperFor(HOST_ARCH, join(dir, 'absent'))).toThrow(/missing.*build:handwriting/);
    const copy = join(dir, 'copy');
    copyFileSync(helper, copy);
    chmodSync(copy, 0o644);
    expect(() => checkHelperFor(HOST_ARCH, copy)).toThrow(/EACCES/);
    const script = join(dir, 'script');
    writeFileSync(script, '#!/bin/sh\necho\n', { mode: 0o755 });
    expect(elfMachine(script)).toBeUndefined();
    expect(() => checkHelperFor(HOST_ARCH, script)).toThrow(/ELF machine none/);
  });

  it('leaves other platforms alone (no helper on Windows)', async () => {
    await expect(beforePack({ electronPlatformName: 'win32', arch: 1 })).resolves.toBeUndefined();
  });
});
