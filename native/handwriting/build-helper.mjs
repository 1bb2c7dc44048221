#!/usr/bin/env node
/**
 * Compiles the handwriting helper (handwriting-helper.c) with the system C compiler against
 * libzinnia: `node native/handwriting/build-helper.mjs`. `npm test`, `npm start` and `npm run serve`
 * run it first; it does nothing when the binary is newer than its source. Needs the Debian packages
 * libzinnia-dev and tegaki-zinnia-simplified-chinese (.ci/install-system-deps.sh installs them).
 * Exits non-zero with a message naming what is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const HELPER_SOURCE = join(here, 'handwriting-helper.c');
export const HELPER_BINARY = join(here, 'build', 'bianmin-handwriting');

/** Builds the helper if it is missing or older than its source; returns the binary's path. */
export function buildHandwritingHelper({ quiet = false } = {}) {
  if (existsSync(HELPER_BINARY) && statSync(HELPER_BINARY).mtimeMs >= statSync(HELPER_SOURCE).mtimeMs) return HELPER_BINARY;
  if (!existsSync('/usr/include/zinnia.h')) {
    throw new Error('handwriting helper: zinnia.h not found; install libzinnia-dev (npm run bootstrap)');
  }
  const pkg = spawnSync('pkg-config', ['--cflags', '--libs', 'zinnia'], { encoding: 'utf8' });
  const flags = pkg.status === 0 ? pkg.stdout.trim().split(/\s+/).filter(Boolean) : ['-lzinnia'];
  mkdirSync(dirname(HELPER_BINARY), { recursive: true });
  // Built aside and renamed into place: test files build in parallel, and writing over a binary
  // another process is starting fails that start with ETXTBSY.
  const partial = `${HELPER_BINARY}.${process.pid}.partial`;
  const cc = spawnSync('cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', partial, HELPER_SOURCE, ...flags], { encoding: 'utf8' });
  if (cc.status !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`handwriting helper: cc failed\n${cc.stderr || cc.error?.message || ''}`);
  }
  renameSync(partial, HELPER_BINARY);
  if (!quiet) console.log(`handwriting helper built: ${HELPER_BINARY}`);
  return HELPER_BINARY;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildHandwritingHelper();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
