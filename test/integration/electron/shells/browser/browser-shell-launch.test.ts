/**
 * The token hand-over of the browser shell: a real server on loopback exchanges one-time launch
 * codes (POST, same Origin, JSON) for the per-launch token; the launch URL file a launcher reads
 * is 0600 in a 0700 directory and never holds the token; the demo's simulator panel checks Host.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ApiHost } from '../../../../../electron/core/api/dispatcher.ts';
import type { DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import { startSimPanel } from '../../../../../electron/shells/browser/demo/sim-panel.ts';
import { launchUrlFilePath, writeLaunchUrlFile } from '../../../../../electron/shells/browser/launch-url-file.ts';
import { LAUNCH_PATH, startBrowserShell, type BrowserShell } from '../../../../../electron/shells/browser/server.ts';

const work = mkdtempSync(join(tmpdir(), 'kiosk-launch-'));
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The launch exchange never reaches the core: an ApiHost that answers nothing is enough here. */
const idleApiHost: ApiHost = {
  dispatch: async () => ({ ok: false, error: { code: 'INTERNAL', message: 'not used in this test' } }),
  onEvent: () => () => undefined,
};

async function shell(options: { ttlMs?: number; now?: () => number; onRedeemed?: () => void; onReplayed?: () => void } = {}) {
  const staticDir = join(work, 'renderer');
  await mkdir(staticDir, { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  const warnings: string[] = [];
  const started: BrowserShell = await startBrowserShell({
    port: 0,
    apiHost: idleApiHost,
    staticDir,
    logger: { info: () => undefined, warn: (message) => void warnings.push(message) },
    launchCodes: { ...(options.ttlMs ? { ttlMs: options.ttlMs } : {}), ...(options.now ? { now: options.now } : {}) },
    ...(options.onRedeemed ? { onLaunchCodeRedeemed: options.onRedeemed } : {}),
    ...(options.onReplayed ? { onLaunchCodeReplayed: options.onReplayed } : {}),
  });
  closers.push(() => started.close());
  return { shell: started, warnings, origin: started.url.slice(0, -1) };
}

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += String(chunk)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const codeOf = (launchUrl: string) => new URL(launchUrl).hash.replace('#code=', '');

describe('browser shell: one-time launch codes', () => {
  it('exchanges a code from the launch URL once for the token, uncached; the URL itself never holds the token', async () => {
    const redeemed: number[] = [];
    const { shell: s, origin } = await shell({ onRedeemed: () => redeemed.push(1) });
    const launchUrl = s.issueLaunchUrl();
    expect(launchUrl.startsWith(`${s.url}#code=`)).toBe(true);
    expect(launchUrl).not.toContain(s.token);
    const answer = await post(`${s.url}${LAUNCH_PATH.slice(1)}`, JSON.stringify({ code: codeOf(launchUrl) }), {
      Origin: origin,
      'Content-Type': 'application/json',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ token: s.token });
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(redeemed).toEqual([1]);
  });

  it('refuses the same code a second time (409), warns that the launch URL may have leaked and reports it', async () => {
    const replays: number[] = [];
    const { shell: s, origin, warnings } = await shell({ onReplayed: () => replays.push(1) });
    const body = JSON.stringify({ code: codeOf(s.issueLaunchUrl()) });
    const headers = { Origin: origin, 'Content-Type': 'application/json' };
    expect((await post(`${s.url}kiosk-launch`, body, headers)).status).toBe(200);
    const replay = await post(`${s.url}kiosk-launch`, body, headers);
    expect(replay.status).toBe(409);
    expect(replay.body).not.toContain(s.token);
    expect(warnings).toContain('launch code presented a second time: the launch URL may have leaked');
    expect(replays).toEqual([1]);
  });

  it('refuses an expired code with 410 (injected clock)', async () => {
    let now = 5_000;
    const { shell: s, origin } = await shell({ ttlMs: 1_000, now: () => now });
    const code = codeOf(s.issueLaunchUrl());
    now += 1_001;
    const answer = await post(`${s.url}kiosk-launch`, JSON.stringify({ code }), { Origin: origin, 'Content-Type': 'application/json' });
    expect(answer.status).toBe(410);
  });

  it.each([
    ['a foreign Origin', (_own: string) => ({ Origin: 'http://evil.example', 'Content-Type': 'application/json' }), 403],
    ['no Origin', (_own: string) => ({ 'Content-Type': 'application/json' }), 403],
    ['a form post', (own: string) => ({ Origin: own, 'Content-Type': 'application/x-www-form-urlencoded' }), 415],
  ])('refuses %s and does not spend the code', async (_name, headersFor, status) => {
    const { shell: s, origin } = await shell();
    const code = codeOf(s.issueLaunchUrl());
    const refused = await post(`${s.url}kiosk-launch`, JSON.stringify({ code }), headersFor(origin));
    expect(refused.status).toBe(status);
    expect(refused.body).not.toContain(s.token);
    const later = await post(`${s.url}kiosk-launch`, JSON.stringify({ code }), { Origin: origin, 'Content-Type': 'application/json' });
    expect(later.status).toBe(200);
  });

  it.each(['', 'not json', '{"code": 42}', '[]', JSON.stringify({ code: 'x'.repeat(400) })])('answers a bad body %j with 400', async (body) => {
    const { shell: s, origin } = await shell();
    const answer = await post(`${s.url}kiosk-launch`, body, { Origin: origin, 'Content-Type': 'application/json' });
    expect(answer.status).toBe(400);
  });

  it('answers an unknown code with 403 and other methods with 405', async () => {
    const { shell: s, origin } = await shell();
    const unknown = await post(`${s.url}kiosk-launch`, JSON.stringify({ code: 'A'.repeat(32) }), { Origin: origin, 'Content-Type': 'application/json' });
    expect(unknown.status).toBe(403);
    const get = await fetch(`${s.url}kiosk-launch`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('launch URL file', () => {
  it('is 0600 in a 0700 directory, holds the one-time URL, and is replaced whole', () => {
    const dataDir = join(work, 'data');
    const path = writeLaunchUrlFile(dataDir, 'http://127.0.0.1:8780/#code=first');
    expect(path).toBe(launchUrlFilePath(dataDir));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'run')).mode & 0o777).toBe(0o700);
    writeLaunchUrlFile(dataDir, 'http://127.0.0.1:8780/#code=second');
    expect(readFileSync(path, 'utf8')).toBe('http://127.0.0.1:8780/#code=second\n');
  });
});

describe('demo simulator panel', () => {
  // The panel's Host check runs before it touches the stack; a stand-in stack with an empty printer suffices.
  const standInStack = { printer: { receipts: [] }, scanner: undefined } as unknown as DemoStack;

  it('answers requests naming it in Host and refuses other names (DNS rebinding) with 421', async () => {
    const panel = await startSimPanel(standInStack);
    closers.push(() => panel.close());
    const port = new URL(panel.url).port;
    const ok = await fetch(`${panel.url}printer/receipts`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ receipts: [] });
    for (const host of [`evil.example:${port}`, 'localhost', `127.0.0.2:${port}`]) {
      const refused = await new Promise<number>((resolve, reject) => {
        const req = request(panel.url, { method: 'GET', headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(refused).toBe(421);
    }
  });
});
