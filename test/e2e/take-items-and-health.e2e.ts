/**
 * Issue 12: take your card / take your receipt, and failures shown before the citizen tries.
 * On the demo stack (simulated reader and printer on PTYs, the reference upstream with its faults):
 *   - a session ended with the card on the reader shows 请取走您的身份证 until the card is taken;
 *   - a printer out of paper disables "print" with the reason and offers the result as a QR code;
 *     a printed receipt is reminded for a few seconds after the session ends;
 *   - with the upstream unreachable, query tiles say 暂不可用 and why, submission tiles say they
 *     will be delivered later, and the tiles come back by themselves when it returns.
 * zh-CN in elder mode and en-US in normal mode, axe on every new screen.
 */
import { expect, type Page } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import type { DemoStack } from '../../electron/shells/browser/demo/demo-stack.ts';
import { ALL_SERVICES, demoTest } from './demo-fixture.ts';
import { checkScreen, openService, removeCard, scribble, startSession } from './kiosk-helpers.ts';

const test = demoTest({ configOverride: { services: { enabled: ALL_SERVICES } } });
const card = sampleCards.resident;

const text = {
  'zh-CN': {
    card: '请取走您的身份证',
    both: '请取走您的身份证和凭条',
    receipt: '请取走您的凭条',
    notNow: '暂不可用',
    offline: '网络连接中断',
    later: '网络恢复后自动提交',
    paperOut: '打印机缺纸',
  },
  'en-US': {
    card: 'Please take your ID card',
    both: 'Please take your ID card and your receipt',
    receipt: 'Please take your receipt',
    notNow: 'Not available right now',
    offline: 'The network is down',
    later: 'sent when the network is back',
    paperOut: 'out of paper',
  },
} as const;

/** Probes until the terminal sees the link in `state` (its own schedule is seconds apart). */
async function linkBecomes(stack: DemoStack, state: 'online' | 'offline'): Promise<void> {
  const { monitor } = stack.core.outbox;
  await expect
    .poll(async () => {
      await monitor.probeNow();
      return monitor.state;
    })
    .toBe(state);
}

/** Reads the card in the commitment journey: the reader then reports it present. */
async function cardReadInJourney(page: Page, stack: DemoStack): Promise<void> {
  // A card left by an earlier test is not this citizen's.
  await removeCard(stack);
  stack.idCard.presentCard(card);
  await openService(page, 'credit-commitment');
  await expect(page.getByTestId('commitment-list')).toBeVisible();
  await expect.poll(() => stack.core.devices.status('idCard')?.flags.includes('card-present') ?? false).toBe(true);
}

for (const [locale, elder] of [
  ['zh-CN', true],
  ['en-US', false],
] as const) {
  const say = text[locale];
  const mode = `${locale}${elder ? ', elder mode' : ''}`;

  test(`a session left with the card on the reader says take your card until it is taken (${mode})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    await cardReadInJourney(page, stack);
    await expect(page.getByTestId('take-items')).toHaveCount(0);

    // Exit from the home screen: the session ends, the card is still there.
    await page.getByTestId('nav-home').click();
    await page.getByTestId('exit-button').click();
    await expect(page.getByTestId('attract')).toBeVisible();
    const reminder = page.getByTestId('take-items');
    await expect(reminder).toBeVisible();
    await expect(reminder).toHaveAttribute('data-left', 'card');
    // The attract screen returns to the terminal's language; the citizen walking away is asked in theirs.
    await expect(reminder).toContainText(say.card);
    await expect(reminder).toHaveAttribute('lang', locale);
    await expect(reminder).toHaveAttribute('role', 'alert');
    // The attract screen is the next citizen's: elder mode was the last citizen's choice.
    await checkScreen(page, 'take-your-card reminder');
    // Nothing personal in the reminder.
    expect(await reminder.textContent()).not.toContain(card.name);

    // It stays while the card stays (the reader keeps reporting it present).
    await expect.poll(() => stack.core.devices.status('idCard')?.flags.includes('card-present')).toBe(true);
    await expect(reminder).toBeVisible();

    await removeCard(stack);
    await expect(page.getByTestId('take-items')).toHaveCount(0);
  });

  test(`a printer out of paper disables print with the reason and offers a QR code; the receipt is reminded (${mode})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    await cardReadInJourney(page, stack);
    await page.getByTestId('matter-individual-business-registration').click();
    await page.getByTestId('agree').click();
    await page.getByTestId('commit-next').click();
    await scribble(page, 'signature-pad');
    await page.getByTestId('commit-submit').click();
    await expect(page.getByTestId('receipt')).toBeVisible();
    const progressUrl = await page.getByTestId('progress-qr').getAttribute('data-value');
    expect(progressUrl).toMatch(/^https?:\/\//);

    stack.printer.setCondition({ paperOut: true });
    try {
      await expect(page.getByTestId('print-button')).toBeDisabled();
      await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'blocked');
      await expect(page.getByTestId('print-status')).toContainText(say.paperOut);
      const qr = page.getByTestId('print-phone-qr');
      await expect(qr).toHaveAttribute('data-ready', 'true');
      // The result's public page, never personal data.
      await expect(qr).toHaveAttribute('data-value', progressUrl ?? '');
      expect(progressUrl).not.toContain(card.idNumber);
      await checkScreen(page, 'print disabled, QR instead', { elder });
    } finally {
      stack.printer.setCondition({ paperOut: false, coverOpen: false, paperNearEnd: false });
    }

    // Paper back: print is offered again, without reloading anything.
    await expect(page.getByTestId('print-button')).toBeEnabled();
    await expect(page.getByTestId('print-phone')).toHaveCount(0);
    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');

    await page.getByTestId('finish-button').click();
    const reminder = page.getByTestId('take-items');
    await expect(reminder).toHaveAttribute('data-left', 'card-and-receipt');
    await expect(reminder).toContainText(say.both);
    await checkScreen(page, 'take-your-card-and-receipt reminder', { elder });
    await removeCard(stack);
    await expect(reminder).toHaveAttribute('data-left', 'receipt');
    // The printer cannot tell when the paper is taken: the receipt reminder ends by itself.
    await expect(page.getByTestId('take-items')).toHaveCount(0, { timeout: 20_000 });
  });

  test(`with the upstream down, query tiles say not available and why, submission tiles say delivered later (${mode})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    await linkBecomes(stack, 'online');
    await expect(page.getByTestId('tile-credit-query')).toBeEnabled();

    stack.upstream.setFault('reset');
    try {
      await linkBecomes(stack, 'offline');
      // Pushed to the screen by the core's networkState event: no navigation needed.
      const query = page.getByTestId('tile-credit-query');
      await expect(query).toBeDisabled();
      await expect(query).toContainText(say.notNow);
      await expect(page.getByTestId('tile-credit-query-reason')).toContainText(say.offline);
      await expect(page.getByTestId('tile-progress-query')).toBeDisabled();
      const submission = page.getByTestId('tile-credit-commitment');
      await expect(submission).toBeEnabled();
      await expect(page.getByTestId('tile-credit-commitment-later')).toContainText(say.later);
      await expect(page.getByTestId('tile-service-guide')).toBeEnabled();
      await expect(page.getByTestId('tile-service-guide-later')).toHaveCount(0);
      await checkScreen(page, 'home with the upstream down', { elder });
    } finally {
      stack.upstream.setFault('none');
    }

    await linkBecomes(stack, 'online');
    await expect(page.getByTestId('tile-credit-query')).toBeEnabled();
    await expect(page.getByTestId('tile-credit-commitment-later')).toHaveCount(0);
  });
}
