#!/usr/bin/env node
/**
 * `npm test`: every test the project has, in order: unit + integration (vitest), then the renderer
 * build and the end-to-end journeys (Playwright + Debian's Chromium). Checks the machine first so
 * a missing socat or Chromium is a clear message, not a cryptic failure, and prints one closing
 * line `N passed, N failed` over both runners.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = [];
if (!which('socat')) missing.push('socat (simulated serial devices use real PTY pairs)');
if (!existsSync(chromium)) missing.push(`chromium at ${chromium} (end-to-end tests; set CHROMIUM_PATH to use another)`);
if (missing.length > 0) {
  console.error(`Missing on this machine:\n  - ${missing.join('\n  - ')}\nInstall with: sudo apt-get update && sudo apt-get install -y socat chromium libusb-1.0-0\n(or run: npm run bootstrap)`);
  process.exit(1);
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });
const run = (label, cmd, args) => {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return result.status ?? 1;
};

const counts = { passed: 0, failed: 0 };
// The handwriting helper is C compiled on this machine (native/handwriting/): tests start it for real.
if (run('handwriting helper (cc + libzinnia)', process.execPath, ['native/handwriting/build-helper.mjs']) !== 0) counts.failed += 1;
const unitStatus = run('unit + integration (vitest)', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest-results.json',
]);
try {
  const report = JSON.parse(readFileSync('test-results/vitest-results.json', 'utf8'));
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests + (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} catch {
  counts.failed += 1;
}

const buildStatus = run('renderer build', 'npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
let e2eStatus = 1;
if (buildStatus === 0) {
  e2eStatus = run('end-to-end (Playwright + Chromium)', 'npx', ['playwright', 'test']);
  try {
    const report = JSON.parse(readFileSync('test-results/e2e-results.json', 'utf8'));
    counts.passed += report.stats.expected;
    counts.failed += report.stats.unexpected + report.stats.flaky + report.stats.skipped;
  } catch {
    counts.failed += 1;
  }
} else {
  counts.failed += 1;
}

console.log(`\n${counts.passed} passed, ${counts.failed} failed`);
process.exit(unitStatus === 0 && buildStatus === 0 && e2eStatus === 0 && counts.failed === 0 ? 0 : 1);
