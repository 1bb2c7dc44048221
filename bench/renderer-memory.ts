/**
 * Renderer memory over a kiosk's working day: the JS heap (after forced garbage collection, CDP
 * HeapProfiler.collectGarbage + Runtime.getHeapUsage) and DOM counters after 10 complete citizen
 * sessions and after 1,000. A session: touch to start → personal credit (card, record, rating,
 * printed receipt) → every other time a form with pinyin typing → finish or exit → wiped back to
 * the attract screen. Target: growth ≤ 10 %.
 * Run: npx vite build --config renderer/vite.config.ts && node --import tsx bench/renderer-memory.ts
 */
import type { CDPSession, Page } from '@playwright/test';
import { kb, launchKiosk } from './renderer-kit.ts';

const SESSIONS = Number(process.env.SESSIONS ?? 1000);
const BASELINE = 10;

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

async function runSessions(page: Page, from: number, to: number): Promise<void> {
  for (let n = from; n < to; n += 1) {
    await page.evaluate((withForm) => (window as unknown as { __session(withForm: boolean): Promise<void> }).__session(withForm), n % 2 === 1);
    if ((n + 1) % 100 === 0) process.stdout.write(`  ${n + 1} sessions\n`);
  }
}

interface Reading {
  heap: number;
  /** Of the heap snapshot: compiled code (V8's JIT output) and everything else (the app's objects). */
  code: number;
  objects: number;
  nodes: number;
  listeners: number;
}

/** Self sizes of a heap snapshot, split into V8's compiled code and the rest. */
async function snapshotSplit(cdp: CDPSession): Promise<{ code: number; objects: number }> {
  const chunks: string[] = [];
  const onChunk = (event: { chunk: string }) => chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  let code = 0;
  let objects = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const size = snapshot.nodes[i + sizeAt] ?? 0;
    const type = typeNames[snapshot.nodes[i + typeAt] ?? 0];
    const name = snapshot.strings[snapshot.nodes[i + nameAt] ?? 0] ?? '';
    // V8's own bookkeeping of optimised code ("system / WeakArrayList" and the like) goes with the code.
    if (type === 'code' || name.startsWith('system / ')) code += size;
    else objects += size;
  }
  return { code, objects };
}

async function measure(cdp: CDPSession): Promise<Reading> {
  for (let i = 0; i < 3; i += 1) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const split = await snapshotSplit(cdp);
  return { heap: usedSize, ...split, nodes: counters.nodes, listeners: counters.jsEventListeners };
}

const kiosk = await launchKiosk();
try {
  const { page, cdp } = kiosk;
  await cdp.send('HeapProfiler.enable');
  await page.addInitScript(DRIVER);
  await page.goto(kiosk.url);
  await page.getByTestId('attract').waitFor();
  const started = Date.now();
  await runSessions(page, 0, BASELINE);
  const after10 = await measure(cdp);
  await runSessions(page, BASELINE, SESSIONS);
  const afterAll = await measure(cdp);
  const pct = (key: keyof Reading) => {
    const value = (afterAll[key] / after10[key] - 1) * 100;
    return `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;
  };
  const line = (label: string, r: Reading) =>
    `  ${label.padEnd(20)} JS heap ${kb(r.heap).padStart(10)}   snapshot: app objects ${kb(r.objects).padStart(9)}, V8 code ${kb(r.code).padStart(9)}   DOM nodes ${r.nodes}   listeners ${r.listeners}`;
  const objectGrowth = (afterAll.objects / after10.objects - 1) * 100;
  console.log(`\nRenderer memory after complete sessions (forced GC before each reading; ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  console.log(line(`after ${BASELINE} sessions`, after10));
  console.log(line(`after ${SESSIONS} sessions`, afterAll));
  console.log(`  growth               JS heap ${pct('heap')}   app objects ${pct('objects')}   V8 code ${pct('code')}   DOM nodes ${pct('nodes')}`);
  console.log(`  target ≤ 10 %: app objects ${objectGrowth <= 10 ? 'OK' : 'OVER'}; whole JS heap ${(afterAll.heap / after10.heap - 1) * 100 <= 10 ? 'OK' : 'OVER'}`);
  console.log('  (V8 code: optimised code and its bookkeeping, growing while V8 tunes a long-running page; not data kept from citizens)');
} finally {
  await kiosk.close();
}
