/**
 * 手写 recognition: accuracy and speed of the handwriting recogniser (zinnia + the tegaki
 * simplified-Chinese model, in the helper native/handwriting/, its first 50 candidates re-ranked by
 * an order- and direction-free shape matcher over hanzi-writer-data's medians).
 *
 * 1. Accuracy: every GB 2312 level-1 character (3,755, rows 16–55, listed with iconv-lite) written
 *    as synthetic strokes (bench/handwriting-strokes-kit.ts: the stroke medians of hanzi-writer-data,
 *    Arphic Public License, scaled, slanted, displaced, resampled like pointer events, jittered with
 *    seeded noise), recognised by the core's HandwritingRecogniser over the real helper process.
 *    Top-1 and top-5, for zinnia alone and for zinnia + the shape re-ranking. Target: top-5 ≥ 90 %.
 *    Read the two together: zinnia was trained on other data than the strokes are drawn from, so
 *    its figure does not grade itself; the re-ranker's references ARE the medians these strokes
 *    are drawn from, so it only orders what zinnia proposes (the share of characters in zinnia's
 *    first 50 is printed: the hybrid cannot exceed it), and its gain over zinnia is an upper bound
 *    for real hands.
 * 2. Time per recognition end to end: the demo terminal (real core, real WebSocket IPC, the helper),
 *    the built renderer in Chromium with the CPU throttled 4× (CDP), characters written on the
 *    form keyboard's handwriting pad with pointer events. Measured in the page: the recognition
 *    call's round trip (the pad's `handwriting-recognition` measure) and pen-up of the last stroke
 *    → candidates on screen (which includes the pad's 120 ms debounce). Target: p95 ≤ 100 ms
 *    for the round trip.
 * Run: npx vite build --config renderer/vite.config.ts && node --import tsx bench/handwriting-accuracy.ts
 *      (CHARACTERS_E2E=n: how many characters to write in Chromium, default 40; CPU_THROTTLING=1 unthrottled)
 */
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { percentile } from './bench-stats.ts';
import { gb2312Level1, syntheticStrokes, type Strokes } from './handwriting-strokes-kit.ts';
import { HandwritingRecogniser } from '../electron/core/handwriting/handwriting-recogniser.ts';
import { CANDIDATE_POOL } from '../electron/core/handwriting/shape-reranker.ts';
import { createLogger } from '../electron/core/logging/logger.ts';
import { SERVICE_IDS } from '../electron/core/config/config-schema.ts';
import { startDemoStack } from '../electron/shells/browser/demo/demo-stack.ts';
import { sampleCards } from '../native/simulators/sample-cards.ts';

const THROTTLE = Number(process.env.CPU_THROTTLING ?? 4);
const E2E_CHARACTERS = Number(process.env.CHARACTERS_E2E ?? 40);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = resolve(import.meta.dirname, '..');

const build = spawnSync(process.execPath, [resolve(root, 'native/handwriting/build-helper.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const summary = (times: readonly number[]): string => {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (v: number): string => `${v.toFixed(1)} ms`;
  return `p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  max ${f(sorted.at(-1) ?? Number.NaN)}  (n=${sorted.length})`;
};
const pct = (n: number, of: number): string => `${((100 * n) / of).toFixed(1)} %`;

// ---- 1. accuracy over GB 2312 level 1 ----
const characters = gb2312Level1();
const quiet = createLogger({ level: 'error', write: () => {} });
const recogniser = new HandwritingRecogniser({ logger: quiet });
const zinniaOnly = new HandwritingRecogniser({ logger: quiet, reranker: false });
const tally = { zinnia: { top1: 0, top5: 0, times: [] as number[] }, hybrid: { top1: 0, top5: 0, times: [] as number[] } };
let inPool = 0;
let missing = 0;
const missed: string[] = [];
for (const [index, character] of characters.entries()) {
  const strokes = syntheticStrokes(character, index + 1);
  if (!strokes) {
    missing += 1;
    continue;
  }
  for (const [name, which] of [['zinnia', zinniaOnly], ['hybrid', recogniser]] as const) {
    const start = performance.now();
    const candidates = await which.recognise(strokes, name === 'zinnia' ? CANDIDATE_POOL : 10);
    tally[name].times.push(performance.now() - start);
    if (candidates[0] === character) tally[name].top1 += 1;
    if (candidates.slice(0, 5).includes(character)) tally[name].top5 += 1;
    else if (name === 'hybrid' && missed.length < 30) missed.push(`${character}→${candidates.slice(0, 3).join('')}`);
    if (name === 'zinnia' && candidates.includes(character)) inPool += 1;
  }
}
await Promise.all([recogniser.close(), zinniaOnly.close()]);
const written = characters.length - missing;
console.log('Handwriting accuracy: GB 2312 level 1, synthetic strokes (hanzi-writer-data medians + seeded noise)');
console.log(`  characters ${characters.length}, without stroke data ${missing}, written ${written}`);
console.log(`  zinnia alone:            top-1 ${pct(tally.zinnia.top1, written)}   top-5 ${pct(tally.zinnia.top5, written)}   in its first ${CANDIDATE_POOL} ${pct(inPool, written)}`);
console.log(`  zinnia + shape re-rank:  top-1 ${pct(tally.hybrid.top1, written)}   top-5 ${pct(tally.hybrid.top5, written)}   (target top-5 ≥ 90 %)`);
console.log('  NB the re-ranker compares with the same hanzi-writer-data medians the strokes are drawn from: it');
console.log(`     can only reorder zinnia's first ${CANDIDATE_POOL}, but within them it grades itself; expect less from real hands.`);
console.log(`  Node → helper → Node, unthrottled, zinnia alone (${CANDIDATE_POOL} candidates): ${summary(tally.zinnia.times)}`);
console.log(`  the same + shape re-rank (what the kiosk runs):  ${summary(tally.hybrid.times)}`);
console.log(`  some misses (written → first three candidates): ${missed.join(' ')}`);

// ---- 2. end to end in Chromium, 4× throttled ----
if (!existsSync(resolve(root, 'dist/renderer/index.html'))) {
  console.error('dist/renderer is missing: run `npx vite build --config renderer/vite.config.ts` first');
  process.exit(2);
}
const stack = await startDemoStack({
  logger: quiet,
  configOverride: { services: { enabled: [...SERVICE_IDS] }, personCheck: { required: false } },
});
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  // In-page probes (a string: this file is type-checked without the DOM library).
  await page.addInitScript(`
    window.__hw = { roundTrips: [], penUp: 0, ups: 0, answeredUps: 0, shown: [] };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__hw.roundTrips.push(entry.duration);
    }).observe({ type: 'measure' });
    document.addEventListener('pointerup', () => { window.__hw.penUp = performance.now(); window.__hw.ups += 1; }, true);
    new MutationObserver((changes) => {
      for (const change of changes) {
        const el = change.target;
        if (change.attributeName === 'aria-busy' && el.getAttribute('aria-busy') === 'false' && el.querySelector('[data-candidate]')) {
          const ups = window.__hw.ups;
          requestAnimationFrame(() => { window.__hw.shown.push(performance.now() - window.__hw.penUp); window.__hw.answeredUps = ups; });
        }
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
  `);
  await page.goto(stack.launchUrl);
  await page.getByTestId('attract').click();
  await page.getByTestId('home').waitFor();
  stack.idCard.presentCard(sampleCards.resident);
  await page.getByTestId('tile-form-filling').click();
  await page.getByTestId('form-residence-permit').click();
  await page.getByTestId('edit-residenceAddress').click();
  await page.getByTestId('field-keyboard-handwriting-toggle').click();
  const pad = page.getByTestId('field-keyboard-handwriting-pad');
  await pad.waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });

  const box = await pad.boundingBox();
  if (!box) throw new Error('no handwriting pad');
  const sample = characters.filter((_, i) => i % Math.max(1, Math.floor(characters.length / E2E_CHARACTERS)) === 0).slice(0, E2E_CHARACTERS);
  let shownRight = 0;
  const finalTrips: number[] = [];
  for (const [index, character] of sample.entries()) {
    const strokes: Strokes = syntheticStrokes(character, 10_000 + index) ?? [];
    for (const stroke of strokes) {
      const [first, ...rest] = stroke;
      if (!first) continue;
      await page.mouse.move(box.x + (first[0] / 1000) * box.width, box.y + (first[1] / 1000) * box.height);
      await page.mouse.down();
      for (const [x, y] of rest) await page.mouse.move(box.x + (x / 1000) * box.width, box.y + (y / 1000) * box.height);
      await page.mouse.up();
    }
    // Until the answer to the last stroke is on screen (answers to earlier strokes come meanwhile).
    await page.waitForFunction(() => {
      const probe = (globalThis as unknown as { __hw: { ups: number; answeredUps: number } }).__hw;
      return probe.answeredUps === probe.ups;
    });
    finalTrips.push(Number(await page.evaluate('window.__hw.roundTrips.at(-1)')));
    const first = await page.locator('[data-testid="field-keyboard-candidates"] [data-candidate]').allTextContents();
    if (first.slice(0, 5).includes(character)) shownRight += 1;
    await page.getByTestId('field-keyboard-handwriting-clear').click();
  }
  const roundTrips = (await page.evaluate('window.__hw.roundTrips')) as number[];
  const shown = (await page.evaluate('window.__hw.shown')) as number[];
  console.log(`\nHandwriting end to end: demo terminal, WebSocket IPC, helper; Chromium at ${THROTTLE}× CPU throttling`);
  console.log(`  characters written on the pad ${sample.length}, right one in the top five on screen ${pct(shownRight, sample.length)}`);
  console.log(`  recognition round trip (renderer → core → helper → renderer), after the last stroke: ${summary(finalTrips)}   (target p95 ≤ 100 ms)`);
  console.log(`  the same, every recognition (also those sent between strokes while the page replays the next): ${summary(roundTrips)}`);
  console.log(`  pen-up → candidates painted (includes the 120 ms debounce): ${summary(shown)}`);
} finally {
  await browser.close();
  await stack.close();
}
