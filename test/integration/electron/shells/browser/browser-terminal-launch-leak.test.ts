/**
 * A spent launch code presented again means the launch URL leaked: the real browser terminal (core
 * + shell on loopback, token kept in its data directory) puts it on the alert board that the
 * maintenance overview, the heartbeat and the fleet events read, and takes it down once a fresh
 * kiosk browser has replaced the token the leaked link gave away.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../../../electron/core/alerts/alert-board.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { LAUNCH_URL_LEAK_ALERT, startBrowserTerminal, type BrowserTerminal } from '../../../../../electron/shells/browser/browser-terminal.ts';

const root = resolve(import.meta.dirname, '../../../../..');
const work = mkdtempSync(join(tmpdir(), 'kiosk-launch-leak-'));
let terminal: BrowserTerminal;
const raised: Alert[] = [];

beforeAll(async () => {
  const staticDir = join(work, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  terminal = await startBrowserTerminal({
    dataDir: join(work, 'data'),
    resourcesDir: join(root, 'resources'),
    staticDir,
    port: 0,
    logger: createLogger({ level: 'error', write: () => undefined }),
    deviceIsolation: 'in-process',
    keepToken: true,
  });
  terminal.core.outbox.alerts.on('raised', (alert) => raised.push(alert));
}, 60_000);
afterAll(async () => {
  await terminal?.close();
  rmSync(work, { recursive: true, force: true });
});

async function exchange(launchUrl: string): Promise<{ status: number; token?: string }> {
  const url = new URL(launchUrl);
  const response = await fetch(new URL('/kiosk-launch', url), {
    method: 'POST',
    headers: { Origin: url.origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: url.hash.replace('#code=', '') }),
  });
  return response.ok ? { status: response.status, token: ((await response.json()) as { token: string }).token } : { status: response.status };
}

describe('leaked launch URL', () => {
  it('raises a critical alert on the board when a spent code comes back, without the token in it, and clears it when the token is replaced', async () => {
    const launchUrl = terminal.shell.issueLaunchUrl();
    const first = await exchange(launchUrl);
    expect(first.status).toBe(200);
    expect(terminal.core.outbox.alerts.get(LAUNCH_URL_LEAK_ALERT)).toBeUndefined();

    expect((await exchange(launchUrl)).status).toBe(409);
    const alert = terminal.core.outbox.alerts.get(LAUNCH_URL_LEAK_ALERT);
    expect(alert).toMatchObject({ kind: 'launch-url-leaked', severity: 'critical' });
    expect(alert?.detail).toContain('Restart the kiosk browser');
    expect(alert?.detail).not.toContain(first.token);
    expect(raised.map((a) => a.kind)).toEqual(['launch-url-leaked']);

    // A second replay keeps one alert (same id), not two.
    expect((await exchange(launchUrl)).status).toBe(409);
    expect(terminal.core.outbox.alerts.list().filter((a) => a.kind === 'launch-url-leaked')).toHaveLength(1);

    // The kiosk browser restarted by staff (no page connected) gets a new token: the leaked one is worthless.
    const relaunch = await exchange(terminal.shell.issueLaunchUrl());
    expect(relaunch.status).toBe(200);
    expect(relaunch.token).not.toBe(first.token);
    expect(terminal.core.outbox.alerts.get(LAUNCH_URL_LEAK_ALERT)).toBeUndefined();
  }, 30_000);
});
