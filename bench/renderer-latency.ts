/**
 * Touch-to-feedback latency under a 4× throttled CPU, from the finger going down (pointerdown's
 * timestamp) to the first frame that shows the control pressed, and from the tap (finger up) to
 * the first frame that shows the screen's answer, as Chromium's Event Timing reports them:
 * on the home screen a tile opens its service and "home" comes back; on the form keyboard a key
 * appears in the field and a candidate is picked. Target: p95 ≤ 50 ms for the touch feedback.
 * Touches are real touch events (CDP), not synthetic DOM events.
 * Run: npx vite build --config renderer/vite.config.ts && node --import tsx bench/renderer-latency.ts
 */
import type { CDPSession, Locator, Page } from '@playwright/test';
import { FEEDBACK_PROBE, launchKiosk, stats, takeFeedback, type Feedback } from './renderer-kit.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 40);

/** A finger's touch: down, held for DWELL_MS as a person's is, then up (CDP touch events). */
const DWELL_MS = 80;
async function touch(cdpSession: CDPSession, target: Locator): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('target not visible');
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await cdpSession.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await new Promise((resolve) => setTimeout(resolve, DWELL_MS));
  await cdpSession.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** One tap, then the Event Timing entries it produced (they arrive after the frame is shown). */
async function tapAndMeasure(page: Page, target: Locator, then?: Locator): Promise<Feedback> {
  await takeFeedback(page);
  await touch(kiosk.cdp, target);
  if (then) await then.waitFor();
  await page.waitForTimeout(SETTLE_MS);
  return takeFeedback(page);
}
const SETTLE_MS = 250;

const kiosk = await launchKiosk({ cpuThrottling: 4, touch: true });
const { page } = kiosk;
const home: Feedback[] = [];
const keys: Feedback[] = [];
try {
  await page.addInitScript(FEEDBACK_PROBE);
  await page.goto(kiosk.url);
  await page.getByTestId('attract').tap();
  await page.getByTestId('tile-credit-query').waitFor();
  await takeFeedback(page);

  for (let round = 0; round < ROUNDS; round += 1) {
    home.push(await tapAndMeasure(page, page.getByTestId('tile-credit-query'), page.getByTestId('credit-result')));
    home.push(await tapAndMeasure(page, page.getByTestId('nav-home'), page.getByTestId('home')));
  }

  await page.getByTestId('tile-form-filling').tap();
  await page.getByTestId('form-bench-form').tap();
  await page.getByTestId('edit-address').tap();
  const keyboard = page.getByTestId('field-keyboard');
  await keyboard.waitFor();
  for (let round = 0; round < ROUNDS / 2; round += 1) {
    for (const letter of 'bei') keys.push(await tapAndMeasure(page, keyboard.locator(`[data-key="${letter}"]`)));
    keys.push(await tapAndMeasure(page, keyboard.locator('[data-candidate="北"]')));
    if (round % 10 === 9) {
      await tapAndMeasure(page, page.getByTestId('field-keyboard-clear'));
    }
  }
} finally {
  await kiosk.close();
}

const line = (label: string, values: number[], target: boolean) => {
  const s = stats(values);
  const verdict = target ? `   target p95 ≤ 50 ms  ${s.p95 <= 50 ? 'OK' : 'OVER'}` : '';
  console.log(`    ${label.padEnd(24)} median ${s.median.toFixed(1).padStart(6)} ms   p95 ${s.p95.toFixed(1).padStart(6)} ms   max ${s.max.toFixed(1).padStart(6)} ms   (n=${s.n})${verdict}`);
};
console.log('Touch → feedback painted, Chromium, CPU 4× throttled');
for (const [label, samples] of [
  ['home screen (tile, home button)', home],
  ['form keyboard (keys, candidate)', keys],
] as const) {
  console.log(`  ${label}`);
  line('touch shown (pressed)', samples.map((s) => s.press), true);
  line("screen's answer", samples.map((s) => s.answer), false);
}
