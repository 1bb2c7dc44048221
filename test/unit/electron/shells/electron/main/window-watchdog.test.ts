/**
 * The Electron glue of the renderer watchdog, on a stand-in BrowserWindow (no Electron binary
 * here): a page made to hang never answers its ping, so the renderer is killed and reloaded, and
 * after the brake engages the out-of-service page is loaded.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RENDERER_POLICY } from '../../../../../../electron/shells/shared/watchdog/renderer-watchdog.ts';
import { APP_ENTRY_URL } from '../../../../../../electron/shells/electron/main/app-origin.ts';
import { watchKioskWindow } from '../../../../../../electron/shells/electron/main/window-watchdog.ts';

type PageBehaviour = 'healthy' | 'hung' | 'blank';

class FakeWebContents extends EventEmitter {
  behaviour: PageBehaviour = 'healthy';
  crashes = 0;
  executeJavaScriptInIsolatedWorld(): Promise<unknown> {
    if (this.behaviour === 'hung') return new Promise(() => {});
    return Promise.resolve(this.behaviour === 'healthy');
  }
  forcefullyCrashRenderer(): void {
    this.crashes++;
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
}

class FakeWindow extends EventEmitter {
  webContents = new FakeWebContents();
  loaded: string[] = [];
  isDestroyed() {
    return false;
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
}

const logger = { warn: vi.fn(), error: vi.fn() };
let fake: FakeWindow;
let stop: () => void;
const healthy = vi.fn();
const outOfService = vi.fn();

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  fake = new FakeWindow();
  healthy.mockClear();
  outOfService.mockClear();
  ({ stop } = watchKioskWindow({
    window: fake as unknown as BrowserWindow,
    logger,
    pingIntervalMs: 1000,
    pingTimeoutMs: 500,
    policy: { ...DEFAULT_RENDERER_POLICY, maxMissedPings: 3, loadGraceMs: 2000, brake: { maxRestarts: 2, windowMs: 600_000 } },
    onHealthy: healthy,
    onOutOfService: outOfService,
  }));
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('Electron window watchdog', () => {
  it('reports the first answered ping as the healthy start', async () => {
    await vi.advanceTimersByTimeAsync(3000);
    expect(healthy).toHaveBeenCalledTimes(1);
    expect(fake.loaded).toEqual([]);
  });

  it('kills and reloads a hung page; its own kill is not counted as a second crash', async () => {
    await vi.advanceTimersByTimeAsync(1500);
    fake.webContents.behaviour = 'hung';
    await vi.advanceTimersByTimeAsync(4000);
    expect(fake.webContents.crashes).toBe(1);
    expect(fake.loaded).toEqual([APP_ENTRY_URL]);
    fake.webContents.behaviour = 'healthy';
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.loaded).toEqual([APP_ENTRY_URL]);
  });

  it('a page that keeps hanging ends on the out-of-service page, not in a restart storm', async () => {
    await vi.advanceTimersByTimeAsync(1500);
    fake.webContents.behaviour = 'hung';
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.webContents.crashes).toBe(2);
    expect(fake.loaded.slice(0, 2)).toEqual([APP_ENTRY_URL, APP_ENTRY_URL]);
    expect(fake.loaded).toHaveLength(3);
    expect(fake.loaded[2]).toMatch(/^data:text\/html;charset=utf-8,/);
    expect(decodeURIComponent(fake.loaded[2] ?? '')).toContain('暂停服务');
    expect(outOfService).toHaveBeenCalledTimes(1);
    // Stays there: no more reloads while out of service.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.loaded).toHaveLength(3);
  });

  it('a crashed renderer process is reloaded; a white screen counts as a missed ping', async () => {
    await vi.advanceTimersByTimeAsync(1500);
    fake.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    expect(fake.loaded).toEqual([APP_ENTRY_URL]);
    fake.webContents.behaviour = 'blank';
    await vi.advanceTimersByTimeAsync(6000);
    expect(fake.webContents.crashes).toBe(1);
    expect(fake.loaded).toEqual([APP_ENTRY_URL, APP_ENTRY_URL]);
  });

  it('Chromium "unresponsive" alone does not kill a page that still answers its ping', async () => {
    await vi.advanceTimersByTimeAsync(1500);
    fake.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(DEFAULT_RENDERER_POLICY.unresponsiveGraceMs + 5000);
    expect(fake.webContents.crashes).toBe(0);
    fake.webContents.behaviour = 'hung';
    fake.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.webContents.crashes).toBe(1);
  });
});
