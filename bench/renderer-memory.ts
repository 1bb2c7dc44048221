/**
 * Renderer memory over a kiosk's working day: complete citizen sessions, one after another, with
 * readings after 10, 100, 300 and 1,000 of them. A session: touch to start → personal credit
 * (card, record, rating, printed receipt) → every other time a form with pinyin typing → finish
 * or exit → wiped back to the attract screen. Target: memory after 1,000 sessions ≤ 10 % above
 * the baseline, i.e. citizens' sessions leave nothing behind.
 *
 * Each reading, after forced garbage collection (CDP HeapProfiler.collectGarbage):
 *  - JS heap: V8's used heap (Runtime.getHeapUsage), everything, raw;
 *  - a heap snapshot split into V8 code (bytecode, optimised code and their bookkeeping: what
 *    V8 makes of the program) and app objects (everything else: the app's data, closures, DOM
 *    wrappers, the browser's own objects); DOM nodes and JS event listeners (Memory.getDOMCounters);
 *  - per name (constructor, function, V8 internal), which groups of the snapshot grew.
 *
 * Why more than one comparison. V8 compiles a function to optimised code only once it has run
 * hot, so during the first ~100 sessions the heap grows by the app's compiled code: a one-off
 * cost bounded by the size of the program (each function is compiled once per tier; unused code
 * is flushed again), not memory kept per citizen. Against a baseline taken after 10 sessions
 * that warm-up dominates the whole-heap figure. So the output gives:
 *  - raw whole JS heap, 10 → 1,000 (printed, not the verdict: cold JIT vs warm JIT);
 *  - whole JS heap, 100 → 1,000: the same raw measure once the JIT has warmed up;
 *  - app objects, 10 → 1,000: data kept, whatever the JIT does;
 *  - growth per 100 sessions between readings: a leak keeps a slope, warm-up flattens out.
 * The verdict needs both the warmed whole heap and the app objects within 10 %.
 *
 * The stand-in core runs on a real WebSocket and sessions run in the page 100 at a time: both
 * Playwright's routeWebSocket (per frame) and page.evaluate (per call) leave a script in V8's
 * script list, which would count the harness's memory as the renderer's.
 *
 * Run: npx vite build --config renderer/vite.config.ts && node --import tsx bench/renderer-memory.ts
 * Env: SESSIONS (default 1000) to shorten; JS_FLAGS for V8 (e.g. --jitless, as a control: no
 * compiled code at all); RENDERER_DIR for a build elsewhere (see renderer-kit.ts).
 */
import type { CDPSession, Page } from '@playwright/test';
import { takeSnapshot, topGrowers, totals, type Summary } from './heap-kit.ts';
import { kb, launchKiosk } from './renderer-kit.ts';

const SESSIONS = Number(process.env.SESSIONS ?? 1000);
const BASELINE = 10;
/** Sessions after which V8's optimising compilers have caught up (see the slopes printed). */
const WARM = 100;
/** Readings in between show whether growth keeps a slope (a leak) or flattens (warm-up). */
const CHECKPOINTS = [...new Set([BASELINE, WARM, 300, 1000, SESSIONS])].filter((n) => n <= SESSIONS).sort((a, b) => a - b);
const TOP = 15;
const TARGET_PCT = 10;

/**
 * The citizen, inside the page (a Playwright round trip per click would make 1,000 sessions take
 * an hour). A string: tsx would decorate a function's inner helpers with names the page lacks.
 */
const DRIVER = `
  window.__session = async (withForm) => {
    const until = (selector) => new Promise((resolve, reject) => {
      const started = performance.now();
      const look = () => {
        const el = document.querySelector(selector);
        if (el) resolve(el);
        else if (performance.now() - started > 5000) reject(new Error('timed out waiting for ' + selector));
        else requestAnimationFrame(look);
      };
      look();
    });
    const tap = async (testId) => (await until('[data-testid="' + testId + '"]:not(:disabled)')).click();
    await tap('attract');
    await tap('tile-credit-query');
    await until('[data-testid="credit-result"]');
    await tap('rating-very-satisfied');
    await tap('evaluation-submit');
    await until('[data-testid="evaluation-thanks"]');
    await tap('print-button');
    await until('[data-testid="print-status"][data-status="printed"]');
    if (withForm) {
      await tap('nav-home');
      await tap('tile-form-filling');
      await tap('form-bench-form');
      await tap('edit-address');
      for (const key of 'bei') (await until('[data-testid="field-keyboard"] [data-key="' + key + '"]')).click();
      (await until('[data-candidate="北"]')).click();
      await tap('field-done');
      await tap('nav-home');
      await tap('exit-button');
    } else {
      await tap('finish-button');
      await tap('done-button');
    }
    await until('[data-testid="attract"]');
  };
`;

/**
 * Sessions from..to, run in the page a hundred at a time: each page.evaluate leaves a script in
 * V8's script list, which the benchmark must not count as the renderer's.
 */
async function runSessions(page: Page, from: number, to: number): Promise<void> {
  for (let n = from; n < to; ) {
    const until = Math.min(to, (Math.floor(n / 100) + 1) * 100);
    await page.evaluate(
      async ([a, b]) => {
        const driver = window as unknown as { __session(withForm: boolean): Promise<void> };
        for (let i = a; i < b; i += 1) await driver.__session(i % 2 === 1);
      },
      [n, until] as const,
    );
    n = until;
    if (n % 100 === 0) process.stdout.write(`  ${n} sessions\n`);
  }
}

interface Reading {
  sessions: number;
  heap: number;
  code: number;
  objects: number;
  nodes: number;
  listeners: number;
  summary: Summary;
}

async function measure(cdp: CDPSession, sessions: number): Promise<Reading> {
  for (let i = 0; i < 3; i += 1) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const summary = await takeSnapshot(cdp);
  return { sessions, heap: usedSize, ...totals(summary), nodes: counters.nodes, listeners: counters.jsEventListeners, summary };
}

type Figure = 'heap' | 'objects' | 'code' | 'nodes' | 'listeners';
const signed = (value: number, digits = 1) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
const growth = (from: Reading, to: Reading, key: Figure) => (to[key] / from[key] - 1) * 100;
const verdict = (pct: number) => (pct <= TARGET_PCT ? 'OK' : 'OVER');

function growers(title: string, readings: readonly Reading[], kind: 'objects' | 'code', limit: number): void {
  console.log(`\n  ${title} (self size KB / count at ${readings.map((r) => r.sessions).join(', ')} sessions):`);
  for (const row of topGrowers(readings.map((r) => r.summary), kind, limit)) {
    const grown = ((row.sizes.at(-1) ?? 0) - (row.sizes[0] ?? 0)) / 1024;
    const sizes = row.sizes.map((size) => (size / 1024).toFixed(1)).join(' / ');
    console.log(`    ${signed(grown).padStart(8)} KB  ${row.key.padEnd(48)} ${sizes}   (${row.counts.join(' / ')})`);
  }
}

function report(readings: readonly Reading[], seconds: number): void {
  const first = readings[0]!;
  const last = readings.at(-1)!;
  const warm = readings.find((r) => r.sessions === WARM);
  const pct = (from: Reading, key: Figure) => `${signed(growth(from, last, key))} %`;
  console.log(`\nRenderer memory after complete sessions (forced GC before each reading; ${seconds.toFixed(0)} s)`);
  for (const r of readings) {
    console.log(
      `  after ${String(r.sessions).padStart(4)} sessions  JS heap ${kb(r.heap).padStart(10)}   snapshot: app objects ${kb(r.objects).padStart(9)}, V8 code ${kb(r.code).padStart(9)}   DOM nodes ${r.nodes}   listeners ${r.listeners}`,
    );
  }
  for (const from of warm && warm !== last ? [first, warm] : [first]) {
    console.log(`  growth ${String(from.sessions).padStart(3)} → ${last.sessions}   JS heap ${pct(from, 'heap')}   app objects ${pct(from, 'objects')}   V8 code ${pct(from, 'code')}   DOM nodes ${pct(from, 'nodes')}   listeners ${pct(from, 'listeners')}`);
  }
  console.log('\n  Growth per 100 sessions between readings (a leak keeps a steady slope; warm-up flattens out):');
  for (let i = 1; i < readings.length; i += 1) {
    const a = readings[i - 1]!;
    const b = readings[i]!;
    const per100 = (key: 'heap' | 'objects' | 'code') => `${signed((((b[key] - a[key]) / (b.sessions - a.sessions)) * 100) / 1024)} KB`;
    console.log(`    ${String(a.sessions).padStart(4)} → ${String(b.sessions).padStart(4)}   JS heap ${per100('heap').padStart(10)}   app objects ${per100('objects').padStart(9)}   V8 code ${per100('code').padStart(9)}`);
  }
  growers('Top growers, app objects', readings, 'objects', TOP);
  console.log('    (Performance*Timing, LayoutShift*, DOMRectReadOnly: the browser\'s performance timeline, capped at 150–200 entries each)');
  growers('Top growers, V8 code', readings, 'code', TOP);
  if (warm && warm !== last) growers(`Top growers after warm-up, app objects`, readings.filter((r) => r.sessions >= WARM), 'objects', 10);

  const objects = growth(first, last, 'objects');
  console.log(`\n  Target ≤ ${TARGET_PCT} % over ${last.sessions} sessions:`);
  if (warm && warm !== last) {
    const heap = growth(warm, last, 'heap');
    console.log(`    whole JS heap ${WARM} → ${last.sessions} (JIT warmed up) ${signed(heap)} %: ${verdict(heap)}`);
  }
  console.log(`    app objects ${first.sessions} → ${last.sessions} ${signed(objects)} %: ${verdict(objects)}`);
  console.log(`    (raw whole JS heap ${first.sessions} → ${last.sessions}: ${signed(growth(first, last, 'heap'))} %, of which V8 code ${signed((last.code - first.code) / 1024)} KB: compiled while the first sessions run; see the slopes)`);
}

const jsFlags = process.env.JS_FLAGS;
const kiosk = await launchKiosk({ socketCore: true, ...(jsFlags ? { args: [`--js-flags=${jsFlags}`] } : {}) });
try {
  const { page, cdp } = kiosk;
  await cdp.send('HeapProfiler.enable');
  await page.addInitScript(DRIVER);
  await page.goto(kiosk.url);
  await page.getByTestId('attract').waitFor();
  if (jsFlags) console.log(`  V8 flags: ${jsFlags}`);
  const started = Date.now();
  const readings: Reading[] = [];
  let done = 0;
  for (const at of CHECKPOINTS) {
    await runSessions(page, done, at);
    done = at;
    readings.push(await measure(cdp, at));
  }
  report(readings, (Date.now() - started) / 1000);
} finally {
  await kiosk.close();
}
