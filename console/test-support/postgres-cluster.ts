/**
 * A throwaway PostgreSQL cluster for the storage tests: initdb into a temp dir, the server on a free
 * loopback port with its socket in that dir, gone after the test. PostgreSQL refuses to run as
 * root, so under root (CI containers) both run as the `postgres` system user.
 *
 * If PostgreSQL cannot be started the tests FAIL with the reason: never skipped, because a green
 * run without PostgreSQL would hide a broken dialect.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** A connection string to a fresh, empty database of its own. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb): run .ci/install-system-deps.sh');
  return join(root, versions[0], 'bin');
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  const out = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (out.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = binDir();
  const isRoot = process.getuid?.() === 0;
  const owner = isRoot ? systemUser('postgres') : undefined;
  if (isRoot && !owner) throw new Error('running as root and there is no "postgres" system user to run PostgreSQL as');
  const dir = mkdtempSync(join(tmpdir(), 'console-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const ids = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'console', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C'], { encoding: 'utf8', ...ids });
  if (init.status !== 0) throw new Error(`PostgreSQL initdb failed: ${init.stderr || init.error?.message}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    { stdio: ['ignore', 'ignore', 'pipe'], ...ids },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const admin = `postgres://console@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited at start: ${stderr}`);
    const client = new pg.Client({ connectionString: admin });
    const ok = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => undefined);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 15 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    async createDatabase(name: string) {
      if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://console@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        // SIGTERM = "smart" shutdown: waits for the sessions the tests are closing; then "fast", then kill.
        child.kill('SIGTERM');
        const fast = setTimeout(() => child.kill('SIGINT'), 3000);
        const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(fast);
        clearTimeout(kill);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
