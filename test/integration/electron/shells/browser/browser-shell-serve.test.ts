/**
 * `npm run serve` as a real child process: the production browser shell with devices and upstream
 * from the configuration (none configured here), printing a one-time kiosk URL, keeping a fresh
 * one in <data dir>/run/launch-url (0600), keeping its token across a restart for the page that is
 * open (a real WebSocket client), and never showing the token on its command line or output.
 * Needs the built renderer, as the entry does.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, connect } from '../../../../support/browser-shell-stack.ts';
import { freePort } from '../../../../support/loopback-probes.ts';

const root = resolve(import.meta.dirname, '../../../../..');
const work = mkdtempSync(join(tmpdir(), 'kiosk-serve-'));
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(join(root, 'dist/renderer/index.html'))) {
    const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('renderer build failed');
  }
}, 180_000);
afterEach(async () => {
  await Promise.all(
    children.splice(0).map((child) =>
      child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
    ),
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));


function serve(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/shells/browser/serve.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function exchange(launchUrl: string): Promise<{ status: number; token?: string }> {
  const url = new URL(launchUrl);
  const response = await fetch(new URL('/kiosk-launch', url), {
    method: 'POST',
    headers: { Origin: url.origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: url.hash.replace('#code=', '') }),
  });
  return response.ok ? { status: response.status, token: ((await response.json()) as { token: string }).token } : { status: response.status };
}

async function startServe(dataDir: string, port: number) {
  const running = serve(['--data-dir', dataDir, '--port', String(port)]);
  await expect.poll(() => running.output(), { timeout: 60_000 }).toMatch(/Kiosk URL \(one-time link, works once\)/);
  return running;
}

/** A WebSocket the way the kiosk page opens it (own Origin, version + token subprotocols). */
async function kioskSocket(port: number, token: string): Promise<Client> {
  const outcome = await connect({ port, token });
  if (!outcome.opened) throw new Error(`handshake refused with ${outcome.status}: ${outcome.body}`);
  return new Client(outcome.socket);
}

/** Exchanges the file's code once the shell has seen the last page go (its close is asynchronous). */
async function exchangeWhenIdle(launchFile: string, previous: string): Promise<string> {
  let fresh: string | undefined;
  await expect
    .poll(async () => {
      const answer = await exchange(readFileSync(launchFile, 'utf8').trim());
      fresh = answer.token;
      return answer.token !== undefined && answer.token !== previous;
    })
    .toBe(true);
  return fresh as string;
}

describe('npm run serve (the production browser shell)', () => {
  it('prints a one-time URL, keeps a fresh one in run/launch-url (0600), and never shows the token', async () => {
    const dataDir = join(work, 'data');
    const port = await freePort();
    const running = serve(['--data-dir', dataDir, '--port', String(port)]);
    await expect.poll(() => /Kiosk URL \(one-time link, works once\): (\S+)/.exec(running.output())?.[1], { timeout: 60_000 }).toBeTruthy();
    const printed = /Kiosk URL \(one-time link, works once\): (\S+)/.exec(running.output())?.[1] as string;
    expect(printed.startsWith(`http://127.0.0.1:${port}/#code=`)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const launchFile = join(dataDir, 'run', 'launch-url');
    expect(statSync(launchFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'run')).mode & 0o777).toBe(0o700);
    const fromFile = readFileSync(launchFile, 'utf8').trim();

    const redeemed = await exchange(fromFile);
    expect(redeemed.status).toBe(200);
    const token = redeemed.token as string;
    expect(token.length).toBeGreaterThanOrEqual(22);
    // The token is nowhere a local user could read it: not the output, not the command line, not the file.
    expect(running.output()).not.toContain(token);
    expect(readFileSync(`/proc/${running.child.pid}/cmdline`, 'utf8')).not.toContain(token);
    await expect.poll(() => readFileSync(launchFile, 'utf8').trim()).not.toBe(fromFile);
    expect(readFileSync(launchFile, 'utf8')).not.toContain(token);

    // The spent code is refused; the fresh one from the file works (a restarted browser, and as no
    // page is connected, with a fresh token).
    expect((await exchange(fromFile)).status).toBe(409);
    const relaunched = await exchange(readFileSync(launchFile, 'utf8').trim());
    expect(relaunched.status).toBe(200);
    expect(relaunched.token).not.toBe(token);
    expect(running.output()).not.toContain(relaunched.token);
    // The printed link is a code of its own, good once as well.
    expect((await exchange(printed)).status).toBe(200);
    expect((await exchange(printed)).status).toBe(409);
  }, 90_000);

  it('keeps the token across a restart, so the open kiosk page reconnects; a fresh browser rotates it', async () => {
    const dataDir = join(work, 'restart');
    const port = await freePort();
    const first = await startServe(dataDir, port);
    const launchFile = join(dataDir, 'run', 'launch-url');
    const tokenFile = join(dataDir, 'run', 'kiosk-token');
    const { token } = (await exchange(readFileSync(launchFile, 'utf8').trim())) as { token: string };
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const page = await kioskSocket(port, token);
    expect((await page.call(1, 'getTerminalInfo', {})).response.ok).toBe(true);

    // The supervisor restarts serve: the page's socket drops, and it reconnects with the token it holds.
    const closed = new Promise((done) => page.socket.once('close', done));
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await closed;
    const second = await startServe(dataDir, port);
    const reconnected = await kioskSocket(port, token);
    expect((await reconnected.call(2, 'getTerminalInfo', {})).response.ok).toBe(true);
    expect(readFileSync(`/proc/${second.child.pid}/cmdline`, 'utf8')).not.toContain(token);

    // A second page while the first is connected gets the same token (nothing to rotate under it).
    expect(await exchange(readFileSync(launchFile, 'utf8').trim())).toEqual({ status: 200, token });

    // The kiosk browser restarts (no page connected): the next exchange rotates the token, stores the
    // new one, and the old one opens nothing any more.
    await reconnected.close();
    const fresh = await exchangeWhenIdle(launchFile, token);
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(fresh);
    expect(await connect({ port, token }).then((outcome) => (outcome.opened ? 'opened' : outcome.status))).toBe(401);
    await (await kioskSocket(port, fresh)).close();
    for (const output of [first.output(), second.output()]) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(fresh);
    }
  }, 120_000);

  it('replaces a stored token that others could read, and says so without showing it', async () => {
    const dataDir = join(work, 'loose');
    mkdirSync(join(dataDir, 'run'), { recursive: true, mode: 0o700 });
    const exposed = 'E'.repeat(43);
    writeFileSync(join(dataDir, 'run', 'kiosk-token'), `${exposed}\n`, { mode: 0o644 });
    const port = await freePort();
    const running = await startServe(dataDir, port);
    await expect.poll(() => running.output()).toContain('stored token not trusted');
    expect(running.output()).toContain('file readable by others');
    expect(running.output()).not.toContain(exposed);
    const stored = readFileSync(join(dataDir, 'run', 'kiosk-token'), 'utf8').trim();
    expect(stored).not.toBe(exposed);
    expect(statSync(join(dataDir, 'run', 'kiosk-token')).mode & 0o777).toBe(0o600);
    expect(await connect({ port, token: exposed }).then((outcome) => (outcome.opened ? 'opened' : outcome.status))).toBe(401);
    await (await kioskSocket(port, stored)).close();
  }, 90_000);

  it.each([
    ['no --data-dir', [], /--data-dir is required/],
    ['a port that is not one', ['--data-dir', 'x', '--port', '99999'], /--port must be a TCP port/],
    ['an unknown option', ['--data-dir', 'x', '--token', 'abc'], /Unknown option '--token'/],
  ])('refuses %s with a clear message and exit code 2', async (_name, args, message) => {
    const running = serve(args);
    expect(await running.exited).toBe(2);
    expect(running.output()).toMatch(message);
    expect(running.output()).toContain('usage: npm run serve -- --data-dir DIR [--port N]');
  }, 60_000);
});
