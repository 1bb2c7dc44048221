/**
 * Spoken prompts from the voice packs (no OS voice: Debian's headless Chromium has none), in
 * zh-CN and en-US, normal and elder mode; the inactivity warning's length and its prompt; volume
 * and mute; and a card lifted just before a card service is reopened.
 */
import { expect } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { demoTest, e2eTimeouts } from './demo-fixture.ts';
import { checkScreen, expectAccessible, idleFor, openService, removeCard, startSession, type Locale } from './kiosk-helpers.ts';
import { playedKeys, playedPrompts, recordPrompts } from './voice-helpers.ts';

const test = demoTest();
const card = sampleCards.resident;

const modes: { locale: Locale; elder: boolean }[] = [
  { locale: 'zh-CN', elder: false },
  { locale: 'zh-CN', elder: true },
  { locale: 'en-US', elder: false },
  { locale: 'en-US', elder: true },
];

for (const { locale, elder } of modes) {
  const mode = `${locale}${elder ? ', elder mode' : ''}`;

  test(`${mode}: each screen speaks its prompt once, from the ${elder ? 'slow' : 'normal'} pack`, async ({ page, stack }) => {
    await removeCard(stack);
    await recordPrompts(page);
    await startSession(page, stack, { locale, elder });
    const folder = elder ? `voice/${locale}/slow` : `voice/${locale}`;
    // (Elder mode is switched on from home, after its prompt: the next screen is the slow one.)
    await expect.poll(async () => (await playedPrompts(page)).at(-1)?.src).toBe(`voice/${locale}/screen.home.ogg`);
    await checkScreen(page, `home with voice controls (${mode})`, { elder });

    await openService(page, 'credit-query');
    await expect(page.getByTestId('place-card')).toBeVisible();
    await expect.poll(async () => (await playedPrompts(page)).at(-1)?.src).toBe(`${folder}/step.placeCard.ogg`);
    const last = (await playedPrompts(page)).at(-1)!;
    expect(last.key).toBe('step.placeCard');
    expect(last.rate).toBe(1);
    // The file is real audio that Chromium decodes and starts.
    await expect.poll(async () => (await playedPrompts(page)).at(-1)?.playing).toBe(true);

    // A re-render (the countdown ticking) is not a screen change: no second prompt.
    const count = (await playedKeys(page)).length;
    const shown = await page.getByTestId('card-countdown').textContent();
    await expect(page.getByTestId('card-countdown')).not.toHaveText(shown ?? '');
    expect((await playedKeys(page)).length).toBe(count);
    expect((await playedKeys(page)).filter((k) => k === 'step.placeCard')).toHaveLength(1);
  });

  test(`${mode}: the inactivity warning lasts ${elder ? 30 : 20} s and is spoken`, async ({ page, stack }) => {
    await recordPrompts(page);
    await startSession(page, stack, { locale, elder, clock: true });
    await idleFor(page, e2eTimeouts.inactivitySeconds * 1000 + 500);
    await expect(page.getByTestId('timeout-warning')).toBeVisible();
    await expect(page.getByTestId('timeout-countdown')).toHaveText(String(elder ? e2eTimeouts.elderWarningSeconds : e2eTimeouts.warningSeconds));
    await expect.poll(async () => (await playedPrompts(page)).at(-1)?.src).toBe(`voice/${locale}/${elder ? 'slow/' : ''}timeout.ogg`);
    await expectAccessible(page, `timeout warning (${mode})`);
    await page.getByTestId('continue-button').click();
    await expect(page.getByTestId('timeout-warning')).toBeHidden();
    await expect(page.getByTestId('home')).toBeVisible();
  });
}

test('volume and mute: the volume reaches the audio element, muted plays nothing, and the next citizen hears again', async ({ page, stack }) => {
  await removeCard(stack);
  await recordPrompts(page);
  await startSession(page, stack);
  await expect.poll(() => playedKeys(page)).toContain('screen.home');
  const audio = page.getByTestId('voice-prompt');
  await expect(page.getByTestId('volume-level')).toHaveText('音量 3/4');
  await page.getByTestId('volume-down').click();
  await expect(page.getByTestId('volume-level')).toHaveText('音量 2/4');
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.volume)).toBe(0.5);

  await page.getByTestId('mute-toggle').click();
  await expect(page.getByTestId('mute-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('volume-level')).toHaveText('已静音');
  const before = (await playedKeys(page)).length;
  await openService(page, 'credit-query');
  await expect(page.getByTestId('place-card')).toBeVisible();
  await page.getByTestId('back-button').click();
  await expect(page.getByTestId('home')).toBeVisible();
  expect((await playedKeys(page)).length).toBe(before);

  // Louder unmutes; the prompt of the next screen plays at the chosen volume.
  await page.getByTestId('volume-up').click();
  await expect(page.getByTestId('mute-toggle')).toHaveAttribute('aria-pressed', 'false');
  await openService(page, 'credit-query');
  await expect.poll(async () => (await playedPrompts(page)).at(-1)?.key).toBe('step.placeCard');
  expect((await playedPrompts(page)).at(-1)?.volume).toBe(0.75);
  await page.getByTestId('back-button').click();
});

test('a card lifted just before a card service is reopened: the screen asks for the card again, with its countdown and idle timer', async ({ page, stack }) => {
  await startSession(page, stack, { clock: true });
  stack.idCard.presentCard(card);
  await openService(page, 'credit-query');
  await expect(page.getByTestId('credit-result')).toBeVisible();

  // Lift the card and reopen the service at once, before the reader has confirmed the removal.
  stack.idCard.removeCard();
  await page.getByTestId('nav-home').click();
  await openService(page, 'credit-query');
  await expect(page.getByTestId('place-card')).toBeVisible();

  // Whatever the reader said at first, the step settles on "place your card" with its countdown.
  await expect(page.getByTestId('card-countdown')).toBeVisible({ timeout: 5000 });
  await expect(page.getByTestId('place-card').getByRole('status')).not.toContainText('正在读取');
  await expect.poll(() => stack.core.devices.status('idCard')?.flags.includes('card-present') ?? false).toBe(false);
  // And the idle timer runs again: the warning comes instead of a silent wait for the read to fail.
  // The page learns of the removal over the WebSocket a moment after the core confirms it, and the
  // timer restarts from then: advance the page's clock in steps until the warning shows, never
  // further than one inactivity period past a restart that happened before the loop ended.
  const step = 5000;
  const steps = Math.ceil((e2eTimeouts.inactivitySeconds * 1000) / step) * 2;
  let advanced = 0;
  await expect
    .poll(
      async () => {
        if (await page.getByTestId('timeout-warning').isVisible()) return true;
        if (advanced >= steps) return false;
        advanced += 1;
        await page.clock.fastForward(step);
        return page.getByTestId('timeout-warning').isVisible();
      },
      { intervals: [100], timeout: 30_000 },
    )
    .toBe(true);
  await expect(page.getByTestId('timeout-warning')).toBeVisible();
  await page.getByTestId('continue-button').click();
  await expect(page.getByTestId('timeout-warning')).toBeHidden();
});
