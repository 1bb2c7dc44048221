/**
 * The fleet list with 10,000 terminals: the built console UI in Debian's Chromium at 4× CPU
 * throttling, logged in to the real console (SQLite registry filled through its own ingest, the
 * page polling /api/terminals?since= as it does). Times
 *  - filter: a key typed in the search box → the table shows the matching rows (count and first row);
 *  - sort: a click on a column header → the table shows the new first row;
 * each from the input event's timestamp to the first frame painted after the table changed
 * (a MutationObserver on the table, then the next animation frame). Expected answers come from
 * the UI's own list functions over the same /api/terminals answer. Also prints how long the
 * server takes to answer /api/terminals for the whole fleet, and a change-only poll (?since=).
 * Target: p95 ≤ 100 ms.
 *   npx vite build --config console/ui/vite.config.ts   (or CONSOLE_UI_DIR=<a build>)
 *   node --import tsx bench/console-fleet-list.ts [--terminals=10000] [--rounds=3]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { silentLogger } from '../electron/core/logging/logger.ts';
import { consoleConfigSchema } from '../console/server/config/console-config.ts';
import { startConsoleServer } from '../console/server/console-server.ts';
import type { TerminalChanges, TerminalView } from '../console/shared/api-types.ts';
import { ADMIN, apiClient } from '../console/test-support/console-fixture.ts';
import { filterFleet, prepareFleet, sortFleet, type SortKey } from '../console/ui/src/fleet-list.ts';
import { startMosquitto } from '../test/support/mosquitto-broker.ts';
import { waitFor } from '../test/support/wait.ts';
import { percentile, row } from './bench-stats.ts';
import { heartbeatPayload, statusPayload, terminalIdOf } from './console-fleet-kit.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const terminals = arg('terminals', 10_000);
const rounds = arg('rounds', 3);
const TARGET_MS = 100;
const ROW_PX = 36; // FleetPage's row height: the table's inner height is rows × 36 px
const UI_DIR = resolve(process.env.CONSOLE_UI_DIR ?? join(import.meta.dirname, '..', 'dist', 'console-ui'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(join(UI_DIR, 'index.html'))) {
  console.error(`${UI_DIR} has no build: run \`npx vite build --config console/ui/vite.config.ts\` first`);
  process.exit(2);
}

/** In the page: resolves with input event → first frame painted after the table shows `expected`. */
const PROBE = `
  window.__arm = (expected, trigger) => {
    window.__pending = new Promise((resolve, reject) => {
      let t0 = null;
      const table = document.querySelector('.fleet-table');
      const shows = () => {
        const inner = table.querySelector('.virtual > div');
        const first = table.querySelector('.virtual [data-terminal]');
        return inner !== null && inner.style.height === expected.height + 'px' && (first ? first.getAttribute('data-terminal') : '') === expected.first;
      };
      const painted = () => requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - t0);
        channel.port2.postMessage(null);
      });
      const observer = new MutationObserver(() => {
        if (t0 === null || !shows()) return;
        observer.disconnect();
        clearTimeout(timer);
        painted();
      });
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('the table never showed ' + JSON.stringify(expected))); }, 10000);
      document.addEventListener(trigger, (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      observer.observe(table, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  };
`;

const broker = await startMosquitto();
const dir = mkdtempSync(join(tmpdir(), 'bench-fleet-list-'));
const server = await startConsoleServer({
  config: consoleConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, mqtt: { url: broker.url } }),
  database: { dialect: 'sqlite', file: join(dir, 'console.sqlite') },
  logger: silentLogger,
  initialAdmin: ADMIN,
  uiDir: UI_DIR,
});
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
let failed = false;
try {
  // The fleet through the console's own ingest: every 37th terminal offline, heartbeats spread over 100 s.
  const now = Date.now();
  const ingest = (index: number, kind: 'status' | 'heartbeat', payload: string) => server.registry.ingest({ terminalId: terminalIdOf(index), kind }, payload);
  const indexes = Array.from({ length: terminals }, (_v, i) => i);
  await Promise.all(indexes.map((i) => ingest(i, 'status', statusPayload(i, i % 37 === 0 ? 'offline' : 'online', new Date(now), i % 37 === 0 ? 'connection-lost' : undefined))));
  await Promise.all(indexes.map((i) => ingest(i, 'heartbeat', heartbeatPayload(i, new Date(now - ((i * 7919) % 100_000)), now - 86_400_000))));

  const admin = apiClient(server.url);
  await admin.login(ADMIN.username, ADMIN.password);
  const timedList = async () => {
    const began = performance.now();
    const answer = await admin.call('GET', '/api/terminals');
    return { answer, ms: performance.now() - began };
  };
  // The first answer parses every stored heartbeat; later ones reuse what has not changed (views.ts).
  const { answer: listed, ms: coldMs } = await timedList();
  const { ms: warmMs } = await timedList();
  // What the page polls: the whole fleet once, then only what changed since its cursor (terminal-changes.ts).
  const first = (await admin.call('GET', '/api/terminals?since=')).body as unknown as TerminalChanges;
  const deltaBegan = performance.now();
  const delta = await admin.call('GET', `/api/terminals?since=${encodeURIComponent(first.cursor)}`);
  const deltaMs = performance.now() - deltaBegan;
  const fleet = listed.body as unknown as TerminalView[];
  if (fleet.length !== terminals) throw new Error(`the console lists ${fleet.length} terminals, not ${terminals}`);
  const prepared = prepareFleet(fleet);
  const expect = (query: string, sort: SortKey) => {
    const visible = filterFleet(sortFleet(prepared, sort), query);
    return { height: visible.length * ROW_PX, first: visible[0]?.id ?? '' };
  };

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  const table = page.locator('.fleet-table .virtual > div');
  await waitFor(async () => (await table.getAttribute('style').catch(() => ''))?.includes(`height: ${terminals * ROW_PX}px`) ?? false, 60_000, 'the fleet table with every terminal', { intervalMs: 100 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  const search = page.getByRole('searchbox');
  let state = expect('', 'status');
  /** Does one input and times it when it changes what the table shows (an input that changes nothing is only done). */
  const timed = async (expected: { height: number; first: string }, trigger: string, act: () => Promise<void>, into: number[]) => {
    const changes = expected.height !== state.height || expected.first !== state.first;
    state = expected;
    if (!changes) {
      await act();
      return;
    }
    await page.evaluate(([e, t]) => (globalThis as unknown as { __arm(e: unknown, t: string): void }).__arm(e, t), [expected, trigger] as const);
    await act();
    into.push(await page.evaluate(() => (globalThis as unknown as { __pending: Promise<number> }).__pending));
  };

  const filter: number[] = [];
  const sort: number[] = [];
  const words = ['km-04271', 'hall-12', '1.4.10', '盘龙'];
  for (let round = 0; round < rounds; round++) {
    for (const word of words) {
      await search.focus();
      let typed = '';
      for (const char of word) {
        typed += char;
        // Han characters arrive from an input method as text, not as key presses.
        const ascii = char.charCodeAt(0) < 128;
        await timed(expect(typed, 'status'), ascii ? 'keydown' : 'input', () => (ascii ? page.keyboard.press(char) : page.keyboard.insertText(char)), filter);
      }
      while (typed.length > 0) {
        typed = typed.slice(0, -1);
        await timed(expect(typed, 'status'), 'keydown', () => page.keyboard.press('Backspace'), filter);
      }
    }
    await search.blur();
    for (const [column, key] of [['终端编号', 'id'], ['版本', 'version'], ['最近心跳', 'heartbeat'], ['状态', 'status']] as const) {
      await timed(expect('', key), 'click', () => page.getByRole('columnheader', { name: column }).getByRole('button').click(), sort);
    }
    // Back to the page's default order for the next round.
    await page.getByRole('columnheader', { name: '状态' }).getByRole('button').click();
    state = expect('', 'status');
  }

  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const describe = (values: number[]) => {
    const v = sorted(values);
    return `p50 ${percentile(v, 50).toFixed(0)} ms  p95 ${percentile(v, 95).toFixed(0)} ms  max ${(v.at(-1) ?? Number.NaN).toFixed(0)} ms  (n=${v.length})`;
  };
  console.log(`${terminals} terminals, Chromium at 4× CPU throttling`);
  row('GET /api/terminals (whole fleet): first / next', `${coldMs.toFixed(0)} ms / ${warmMs.toFixed(0)} ms, ${(JSON.stringify(fleet).length / 1024 / 1024).toFixed(1)} MB`);
  row('GET /api/terminals?since=<cursor>, nothing changed', `${deltaMs.toFixed(0)} ms, ${JSON.stringify(delta.body).length} bytes`);
  row('filter: key typed → table shows the matches', describe(filter));
  row('sort: header clicked → table shows the new order', describe(sort));
  console.log(`target: p95 ≤ ${TARGET_MS} ms`);
  const worst = Math.max(percentile(sorted(filter), 95), percentile(sorted(sort), 95));
  if (!(worst <= TARGET_MS)) {
    console.log(`MISSED: p95 ${worst.toFixed(0)} ms`);
    failed = true;
  }
} finally {
  await browser.close();
  await server.stop();
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
