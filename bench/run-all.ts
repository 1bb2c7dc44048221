/**
 * `npm run bench`: runs every bench/*.ts except this file and the helpers, one after another (the
 * figures of one must not be disturbed by another), each as `node --import tsx <file>`.
 * Exits non-zero if any benchmark failed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
/** Modules that only serve the benchmarks, by naming convention: bench-*.ts and *-kit.ts. */
const isHelper = (name: string) => name.startsWith('bench-') || name.endsWith('-kit.ts');

const files = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && name !== self && !isHelper(name))
  .sort();

const failed: string[] = [];
for (const name of files) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, name)], { stdio: 'inherit', cwd: join(here, '..') });
  if (result.status !== 0) failed.push(`${name} (${result.signal ?? `exit ${result.status}`})`);
}
console.log(`\n${files.length - failed.length} of ${files.length} benchmarks ran${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exitCode = failed.length > 0 ? 1 : 0;
