/**
 * Issue 12: the take-your-card reminder is said in full before the attract screen's welcome (or
 * any end-of-session prompt): the welcome used to cut it off once, and the citizen walking away
 * heard it only 6 s later. Real audio from the voice packs in Chromium; the play and end of every
 * prompt are recorded (voice-helpers.ts). zh-CN in elder mode (the slow pack: the longer prompt)
 * and en-US in normal mode.
 */
import { expect } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { ALL_SERVICES, demoTest } from './demo-fixture.ts';
import { openService, removeCard, startSession } from './kiosk-helpers.ts';
import { playedPrompts, recordPrompts } from './voice-helpers.ts';

const test = demoTest({ configOverride: { services: { enabled: ALL_SERVICES } } });

for (const [locale, elder] of [
  ['zh-CN', true],
  ['en-US', false],
] as const) {
  const mode = `${locale}${elder ? ', elder mode' : ''}`;

  test(`the take-your-card reminder plays whole before the welcome prompt (${mode})`, async ({ page, stack }) => {
    await removeCard(stack);
    await recordPrompts(page);
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(sampleCards.resident);
    await openService(page, 'credit-commitment');
    await expect(page.getByTestId('commitment-list')).toBeVisible();
    await expect.poll(() => stack.core.devices.status('idCard')?.flags.includes('card-present') ?? false).toBe(true);
    const before = (await playedPrompts(page)).length;

    await page.getByTestId('nav-home').click();
    await page.getByTestId('exit-button').click();
    await expect(page.getByTestId('attract')).toBeVisible();
    await expect(page.getByTestId('take-items')).toHaveAttribute('data-left', 'card');

    // The reminder plays to its end, then the welcome; nothing started in between. (Which comes
    // first, the attract screen or the reminder, depends on the reader's status answer: either way.)
    const after = async () => (await playedPrompts(page)).slice(before);
    await expect.poll(async () => (await after()).find((p) => p.key === 'takeItems.card')?.endedAt, { timeout: 20_000 }).toBeDefined();
    await expect.poll(async () => (await after()).map((p) => p.key), { timeout: 20_000 }).toContain('screen.attract');
    const played = await after();
    const reminder = played.findIndex((p) => p.key === 'takeItems.card');
    const first = played[reminder]!;
    expect(first.playing).toBe(true);
    expect(first.src).toBe(`voice/${locale}/${elder ? 'slow/' : ''}takeItems.card.ogg`);
    const next = played[reminder + 1];
    expect(next?.key).toBe('screen.attract');
    expect(next!.at).toBeGreaterThanOrEqual(first.endedAt!);
    // A welcome that had just begun when the reminder came was cut by it (and is said after it), never the reverse.

    await removeCard(stack);
    await expect(page.getByTestId('take-items')).toHaveCount(0);
  });
}
