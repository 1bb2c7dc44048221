/**
 * The launch code hand-over in a real Chromium (/usr/bin/chromium) against the real browser
 * terminal (core + shell, no devices configured): the page opened with `#code=` trades it for the
 * token, drops the fragment, works across a reload, and a second browser given the same (spent)
 * URL gets no token. Needs the built renderer (`npm run build:renderer`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { defaultStaticDir, startBrowserTerminal, type BrowserTerminal } from '../../../../../electron/shells/browser/browser-terminal.ts';

const root = resolve(import.meta.dirname, '../../../../..');
// Page-side expressions as strings: this file is type-checked without the DOM library.
const STORED_TOKEN = "sessionStorage.getItem('kiosk.token')";
const work = mkdtempSync(join(tmpdir(), 'kiosk-launch-page-'));
let terminal: BrowserTerminal;
let browser: Browser;

beforeAll(async () => {
  terminal = await startBrowserTerminal({
    dataDir: join(work, 'data'),
    resourcesDir: join(root, 'resources'),
    staticDir: defaultStaticDir(root),
    port: 0,
    logger: createLogger({ level: 'error', write: () => undefined }),
    deviceIsolation: 'in-process',
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await terminal?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('one-time launch code in a real Chromium', () => {
  it('the page trades the code for the token, drops the fragment, starts a session, and keeps working after a reload', async () => {
    const launchUrl = terminal.shell.issueLaunchUrl();
    const page = await (await browser.newContext()).newPage();
    await page.goto(launchUrl);
    await page.getByTestId('attract').click();
    await page.getByTestId('home').waitFor({ state: 'visible', timeout: 15_000 });
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate(STORED_TOKEN)).toBe(terminal.shell.token);

    await page.reload();
    await page.getByTestId('attract').click();
    await page.getByTestId('home').waitFor({ state: 'visible', timeout: 15_000 });

    // Someone who read the URL (a process list, a shoulder) gets nothing from it now.
    const other = await (await browser.newContext()).newPage();
    const exchange = other.waitForResponse((response) => new URL(response.url()).pathname === '/kiosk-launch');
    await other.goto(launchUrl);
    expect((await exchange).status()).toBe(409);
    await other.waitForFunction("window.location.hash === ''");
    expect(await other.evaluate(STORED_TOKEN)).toBeNull();
  }, 60_000);
});
