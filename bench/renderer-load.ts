/**
 * Renderer weight and start-up: JavaScript shipped (gzip), the initial bundle versus the lazy
 * chunks (services, QR code, keyboard), and the time from navigation to an interactive home screen
 * in Chromium with the CPU throttled 4× (CDP Emulation.setCPUThrottlingRate), against a scripted
 * core that answers at once. Targets: ≤ 250 KB gzip initial JS, ≤ 1 s to the home screen.
 * Run: npx vite build --config renderer/vite.config.ts && node --import tsx bench/renderer-load.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { kb, launchKiosk, RENDERER_DIR, requireBuild, scriptedCore, stats, type CacheMode } from './renderer-kit.ts';

const RUNS = Number(process.env.RUNS ?? 10);
const THROTTLE = Number(process.env.CPU_THROTTLING ?? 4);

requireBuild();
const html = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? ''));
const assets = readdirSync(join(RENDERER_DIR, 'assets'));
const gz = (file: string) => gzipSync(readFileSync(join(RENDERER_DIR, file))).length;
let initialJs = 0;
let lazyJs = 0;
let css = 0;
const lazy: Array<[string, number]> = [];
for (const name of assets) {
  const file = `assets/${name}`;
  if (name.endsWith('.css')) css += gz(file);
  if (!name.endsWith('.js')) continue;
  if (initial.has(file)) initialJs += gz(file);
  else {
    lazyJs += gz(file);
    lazy.push([name, gz(file)]);
  }
}
console.log('Renderer shipped (gzip)');
console.log(`  initial JS           ${kb(initialJs).padStart(10)}   target ≤ 250 KB  ${initialJs <= 250 * 1024 ? 'OK' : 'OVER'}`);
console.log(`  lazy JS (${String(lazy.length).padStart(2)} chunks) ${kb(lazyJs).padStart(10)}`);
console.log(`  CSS                  ${kb(css).padStart(10)}`);
for (const [name, size] of lazy.sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`    ${name.padEnd(40)} ${kb(size)}`);

/**
 * In-page marks, so Playwright's own polling is not in the figures: when the attract screen and
 * the home tiles were first painted (the frame after they entered the DOM), and when the tap came,
 * all on the page's clock (0 = navigation start). A string, not a function: tsx would decorate a
 * function's inner helpers with names the page does not have.
 */
const MARK_SCREENS = `
  const marks = {};
  window.__marks = marks;
  addEventListener('pointerdown', (event) => { marks.tap ??= event.timeStamp; }, true);
  const painted = (name) => requestAnimationFrame(() => setTimeout(() => { marks[name] ??= performance.now(); }, 0));
  new MutationObserver(() => {
    if (marks.attract === undefined && document.querySelector('[data-testid="attract"]')) painted('attract');
    if (marks.home === undefined && document.querySelector('[data-testid^="tile-"]')) painted('home');
  }).observe(document, { subtree: true, childList: true });
`;

interface Run {
  attract: number;
  home: number;
  dcl: number;
  fcp: number;
}

/** RUNS navigations in fresh pages of one browser context (so only the HTTP cache carries over). */
async function measure(cache: CacheMode): Promise<Run[]> {
  const kiosk = await launchKiosk({ cache });
  const runs: Run[] = [];
  try {
    for (let run = 0; run < RUNS + WARMUP[cache]; run += 1) {
      const page = await kiosk.context.newPage();
      const cdp = await kiosk.context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      await page.routeWebSocket(/\/kiosk-api$/, scriptedCore);
      await page.addInitScript(MARK_SCREENS);
      await page.goto(kiosk.url);
      await page.waitForFunction(() => (window as unknown as { __marks: Record<string, number> }).__marks.attract !== undefined);
      await page.getByTestId('attract').click();
      await page.waitForFunction(() => (window as unknown as { __marks: Record<string, number> }).__marks.home !== undefined);
      const marks = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);
      const nav = await page.evaluate(() => {
        const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return { dcl: entry?.domContentLoadedEventEnd ?? 0, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0 };
      });
      const attract = marks.attract ?? Number.NaN;
      if (run >= WARMUP[cache]) {
        runs.push({ attract: Math.round(attract), home: Math.round(attract + (marks.home ?? Number.NaN) - (marks.tap ?? Number.NaN)), dcl: Math.round(nav.dcl), fcp: Math.round(nav.fcp) });
      }
      await page.close();
    }
  } finally {
    await kiosk.close();
  }
  return runs;
}

/** Loads before measuring: V8 caches a script's code from its second load and uses it from the third. */
const WARMUP: Record<CacheMode, number> = { none: 0, revalidate: 2 };

console.log(`\nNavigation to interactive screens, Chromium, CPU ${THROTTLE}× throttled (${RUNS} runs each; the tap itself is not timed)`);
for (const [cache, label] of [
  ['none', 'cold: no cache, every byte fetched and compiled'],
  ['revalidate', 'warm: ETag + 304, as a kiosk reloads'],
] as const) {
  const runs = await measure(cache);
  const pick = (key: keyof Run) => stats(runs.map((r) => r[key]));
  const home = pick('home');
  console.log(`  ${label}`);
  console.log(`    attract painted      median ${pick('attract').median} ms   p95 ${pick('attract').p95} ms   (DOMContentLoaded ${pick('dcl').median} ms, FCP ${pick('fcp').median} ms)`);
  console.log(`    home tiles painted   median ${home.median} ms   p95 ${home.p95} ms   target ≤ 1000 ms  ${home.median <= 1000 ? 'OK' : 'OVER'}`);
}
