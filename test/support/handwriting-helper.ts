/**
 * Builds the handwriting helper (native/handwriting/build-helper.mjs) before a test starts a core
 * or a recogniser: a fresh clone has no binary until it is compiled.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../native/handwriting/build-helper.mjs', import.meta.url));

export function ensureHandwritingHelper(): void {
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the handwriting helper failed:\n${result.stderr}`);
}
