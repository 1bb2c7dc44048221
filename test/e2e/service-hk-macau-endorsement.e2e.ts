/**
 * 往来港澳二次签注 in Debian's Chromium against the demo stack: the ID card on the simulated reader,
 * the permit typed on the on-screen keyboard (an old booklet refused with its reason first), the
 * types the reference upstream allows (one refused, greyed), the confirmation with the fee due, the
 * application through the outbox, the receipt with the payment reference and the progress QR, and
 * its slip on the simulated printer. zh-CN and en-US, normal and elder mode, axe on every screen;
 * nothing personal left in the page afterwards. A keyboard-wedge scan of the permit's machine-readable
 * line: a misread one (wrong check digit) is asked again, a good one goes on. (人证核验 itself: person-check.e2e.ts; this
 * terminal is configured without it, as demo-fixture.ts explains.)
 */
import { expect, type Page } from '@playwright/test';
import { icaoCheckDigit } from '../../electron/contract/rules/hk-macau-permit.ts';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { samplePermits } from '../upstream/endorsement-routes.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, startSession, typeOnKeyboard } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const permit = samplePermits.find((p) => p.holderIdNumber === card.idNumber)!;
const personal = [card.name, card.idNumber, maskIdNumber(card.idNumber), permit.permitNumber];
const bookletMessage = { 'zh-CN': '旧版本式通行证', 'en-US': 'old booklet permit' } as const;
const typeName = { 'zh-CN': '个人旅游', 'en-US': 'Individual visit' } as const;

for (const [locale, elder] of [
  ['zh-CN', false],
  ['en-US', true],
] as const) {
  test(`HK/Macau endorsement: permit, type, confirm, receipt, slip (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'hk-macau-endorsement');

    const entry = page.getByTestId('endorsement-permit');
    await expect(entry).toBeVisible();
    await typeOnKeyboard(page, 'W12345678', 'permit-keyboard');
    await page.getByTestId('permit-next').click();
    const problem = page.getByTestId('permit-error');
    await expect(problem).toHaveAttribute('data-problem', 'old-booklet');
    await expect(problem).toContainText(bookletMessage[locale]);
    await checkScreen(page, 'endorsement permit refused', { elder });

    await page.getByTestId('permit-keyboard-clear').click();
    await typeOnKeyboard(page, permit.permitNumber, 'permit-keyboard');
    await page.getByTestId('permit-next').click();

    const choose = page.getByTestId('endorsement-choose');
    await expect(choose).toBeVisible();
    await expect(choose.locator('[data-type="S"]')).toBeDisabled();
    await expect(choose).not.toContainText(permit.permitNumber);
    await checkScreen(page, 'endorsement choose', { elder });
    await choose.locator('[data-type="L"]').click();

    const confirm = page.getByTestId('endorsement-confirm');
    await expect(confirm.getByTestId('endorsement-chosen')).toContainText(typeName[locale]);
    await expect(confirm.getByTestId('endorsement-fee')).toContainText('15');
    await checkScreen(page, 'endorsement confirm', { elder });
    await page.getByTestId('endorsement-submit').click();

    await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 15_000 });
    const receiptNo = (await page.getByTestId('receipt-no').textContent())?.trim() ?? '';
    const reference = (await page.getByTestId('payment-reference').textContent())?.trim() ?? '';
    expect(receiptNo).not.toBe('');
    expect(reference).toMatch(/^QZ-5678-\d+$/);
    await expect(page.getByTestId('progress-qr')).toHaveAttribute('data-ready', 'true');
    await checkScreen(page, 'endorsement receipt', { elder });

    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
    const printed = stack.printer.receipts.at(-1)?.lines.join('\n') ?? '';
    expect(printed).toContain(receiptNo);
    expect(printed).toContain(reference);
    expect(printed).not.toContain(permit.permitNumber);
    expect(printed).not.toContain(card.idNumber);
    await finishAndCheckWiped(page, stack, personal);
  });
}

/** What a keyboard-wedge scanner does: the code as fast key presses, then Enter. */
async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

test('HK/Macau endorsement: the permit scanned by a keyboard-wedge scanner, a misread line asked again', async ({ page, stack }) => {
  await startSession(page, stack, { locale: 'zh-CN' });
  stack.idCard.presentCard(card);
  await openService(page, 'hk-macau-endorsement');
  await expect(page.getByTestId('endorsement-permit')).toBeVisible();
  const digit = icaoCheckDigit(permit.permitNumber);
  await wedgeScan(page, `CS${permit.permitNumber}${(digit + 1) % 10}<3106304<<<<`);
  await expect(page.getByTestId('permit-error')).toHaveAttribute('data-problem', 'scan-unreadable');
  await wedgeScan(page, `CS${permit.permitNumber}${digit}<3106304<<<<`);
  await expect(page.getByTestId('endorsement-choose')).toBeVisible();
  await expect(page.getByTestId('endorsement-permit-meta')).toContainText('C*****678');
  await page.getByTestId('endorsement-choose').locator('[data-type="T"]').click();
  await page.getByTestId('endorsement-submit').click();
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 15_000 });
  await finishAndCheckWiped(page, stack, personal);
});
