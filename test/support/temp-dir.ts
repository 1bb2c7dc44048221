/** Fresh directories for real SQLite files (WAL needs a real filesystem, not :memory:). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** One directory for a whole file's tests (bundles, shared fixtures); the caller removes it. */
export function tempDir(label: string): { dir: string; path(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `kiosk-${label}-`));
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh directory per test. */
export function useTempDir(label: string): { path(name: string): string } {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `kiosk-${label}-`));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return { path: (name: string) => join(dir, name) };
}
