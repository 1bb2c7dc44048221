/**
 * 信用承诺: ID card → matter → the commitment text → "I commit" → signature on the touch screen
 * (a PNG data URL) → submitted through the outbox → acceptance receipt with a progress QR code,
 * printed, rated, and the citizen's data wiped.
 */
import { expect } from '@playwright/test';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, scribble, startSession } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;

for (const [locale, elder] of [
  ['zh-CN', true],
  ['en-US', false],
] as const) {
  test(`credit commitment signed on the screen (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'credit-commitment');
    await expect(page.getByTestId('commitment-list')).toBeVisible();
    await checkScreen(page, 'commitment list', { elder });

    await page.getByTestId('matter-individual-business-registration').click();
    const text = page.getByTestId('commitment-text');
    await expect(text).toContainText(locale === 'zh-CN' ? '个体工商户登记告知承诺书' : 'Individual Business Registration');
    await expect(page.getByTestId('commit-next')).toBeDisabled();
    await page.getByTestId('agree').click();
    await expect(page.getByTestId('agree')).toHaveAttribute('aria-checked', 'true');
    await checkScreen(page, 'commitment text', { elder });
    await page.getByTestId('commit-next').click();

    await expect(page.getByTestId('commitment-sign')).toBeVisible();
    await expect(page.getByTestId('commit-submit')).toBeDisabled();
    await scribble(page, 'signature-pad');
    await expect(page.getByTestId('commit-submit')).toBeEnabled();
    await checkScreen(page, 'signature', { elder });
    await page.getByTestId('commit-submit').click();

    await expect(page.getByTestId('receipt')).toBeVisible();
    const receiptNo = (await page.getByTestId('receipt-no').textContent())?.trim() ?? '';
    expect(receiptNo).not.toBe('');
    await expect(page.getByTestId('progress-qr')).toHaveAttribute('data-ready', 'true');
    await checkScreen(page, 'commitment receipt', { elder });

    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
    const printed = stack.printer.receipts.at(-1)?.lines.join('\n') ?? '';
    expect(printed).toContain(receiptNo);
    expect(printed).not.toContain(card.idNumber);

    await page.getByTestId('rating-satisfied').click();
    await page.getByTestId('evaluation-submit').click();
    await expect(page.getByTestId('evaluation-thanks')).toBeVisible();
    await finishAndCheckWiped(page, stack, [card.name, card.idNumber, maskIdNumber(card.idNumber), card.address]);
  });
}
