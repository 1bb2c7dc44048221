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
import { kb, launchKiosk, RENDERER_DIR, requireBuild, stats } from './renderer-kit.ts';

const RUNS = Number(process.env.RUNS ?? 10);

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
 * all on the page's clock (0 = navigation start).
 */
function markScreens(): void {
  const marks: Record<string, number> = {};
  (window as unknown as { __marks: Record<string, number> }).__marks = marks;
  addEventListener('pointerdown', (event) => (marks.tap ??= event.timeStamp), true);
  const painted = (name: string) => requestAnimationFrame(() => setTimeout(() => (marks[name] ??= performance.now()), 0));
  new MutationObserver(() => {
    if (marks.attract === undefined && document.querySelector('[data-testid="attract"]')) painted('attract');
    if (marks.home === undefined && document.querySelector('[data-testid^="tile-"]')) painted('home');
  }).observe(document, { subtree: true, childList: true });
}

const toAttract: number[] = [];
const toHome: number[] = [];
const kiosk = await launchKiosk({ cpuThrottling: 4 });
try {
  for (let run = 0; run < RUNS; run += 1) {
    // A fresh page each time; the server sends no-store, so nothing comes from the HTTP cache.
    const page = await kiosk.context.newPage();
    const cdp = await kiosk.context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.routeWebSocket(/\/kiosk-api$/, (await import('./renderer-kit.ts')).scriptedCore);
    await page.addInitScript(markScreens);
    await page.goto(kiosk.url);
    await page.getByTestId('attract').waitFor();
    await page.waitForFunction(() => (window as unknown as { __marks: Record<string, number> }).__marks.attract !== undefined);
    await page.getByTestId('attract').click();
    await page.waitForFunction(() => (window as unknown as { __marks: Record<string, number> }).__marks.home !== undefined);
    const marks = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);
    toAttract.push(Math.round(marks.attract ?? Number.NaN));
    toHome.push(Math.round((marks.attract ?? Number.NaN) + (marks.home ?? Number.NaN) - (marks.tap ?? Number.NaN)));
    await page.close();
  }
} finally {
  await kiosk.close();
}
const a = stats(toAttract);
const h = stats(toHome);
console.log(`\nNavigation to interactive screens, Chromium, CPU 4× throttled (${RUNS} runs)`);
console.log(`  attract screen       median ${a.median} ms   p95 ${a.p95} ms`);
console.log(`  home screen (1 tap)  median ${h.median} ms   p95 ${h.p95} ms   target ≤ 1000 ms  ${h.median <= 1000 ? 'OK' : 'OVER'}`);
console.log('  (home = navigation → attract painted, plus the tap → tiles rendered; no human think time)');
