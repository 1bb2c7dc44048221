/**
 * The database as separate processes see it: a kiosk killed in the middle of a schema upgrade,
 * two processes opening a fresh file at once, and committed rows surviving a hard kill.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';

const root = join(import.meta.dirname, '../../../../..');
const moduleUrl = (path: string) => JSON.stringify(pathToFileURL(join(root, path)).href);
const prelude = `
  import { openDatabase, closeDatabase } from ${moduleUrl('electron/core/db/database.ts')};
  import { migrations } from ${moduleUrl('electron/core/db/migrations/index.ts')};
`;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runNode(code: string, args: string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', prelude + code, '--', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-db-proc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tableNames = (path: string): string[] => {
  const db = new Database(path, { readonly: true });
  const names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  );
  const version = db.pragma('user_version', { simple: true });
  db.close();
  return [`v${String(version)}`, ...names];
};

/** What a fresh database looks like after every migration (version, then tables by name). */
const latestSchema = ((): string[] => {
  const db = new Database(':memory:');
  for (const migration of migrations) migration.up(db);
  const names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
  db.close();
  return [`v${migrations.length}`, ...names];
})();

describe('database across processes', () => {
  it('a kiosk killed in the middle of an upgrade restarts on the old schema, then upgrades cleanly', async () => {
    const path = join(dir, 'kiosk.db');
    closeDatabase(openDatabase(path, { migrations: migrations.slice(0, 1) }));

    // Every later migration runs, then one more kills the process before the transaction commits.
    const killed = await runNode(
      `const killer = { version: migrations.length + 1, name: 'power-cut', up(db) { db.exec('CREATE TABLE partial (x)'); process.kill(process.pid, 'SIGKILL'); } };
       openDatabase(process.argv.at(-1), { migrations: [...migrations, killer] });`,
      [path],
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(tableNames(path)).toEqual(['v1', 'outbox']);

    const db = openDatabase(path, { migrations });
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    closeDatabase(db);
    expect(tableNames(path)).toEqual(latestSchema);
  });

  it('two processes opening a fresh file at once both end up on the same migrated schema', async () => {
    const path = join(dir, 'kiosk.db');
    const script = `
      const db = openDatabase(process.argv.at(-1), { migrations });
      console.log(JSON.stringify({ version: db.pragma('user_version', { simple: true }) }));
      closeDatabase(db);`;
    const [a, b] = await Promise.all([runNode(script, [path]), runNode(script, [path])]);
    for (const run of [a, b]) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ version: migrations.length });
    }
    expect(tableNames(path)).toEqual(latestSchema);
  });

  it('a committed row survives the process being killed right after the commit', async () => {
    const path = join(dir, 'kiosk.db');
    const run = await runNode(
      `const db = openDatabase(process.argv.at(-1), { migrations });
       db.prepare("INSERT INTO print_jobs (job_id, status, attempts, updated_at) VALUES ('job-1', 'printed', 1, '2025-01-01T00:00:00Z')").run();
       process.kill(process.pid, 'SIGKILL');`,
      [path],
    );
    expect(run.signal).toBe('SIGKILL');
    const db = openDatabase(path, { migrations });
    expect(db.prepare('SELECT job_id, status FROM print_jobs').all()).toEqual([{ job_id: 'job-1', status: 'printed' }]);
    closeDatabase(db);
  });
});
