/**
 * 办事指南: themes → guides → a guide with its QR code for the phone (drawn in the page by the
 * lazily loaded qrcode chunk), printed on the receipt printer, and "do it here" into the service.
 */
import { expect } from '@playwright/test';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, openService, removeCard, startSession } from './kiosk-helpers.ts';

const test = sharedDemoTest();

for (const [locale, elder] of [
  ['zh-CN', false],
  ['en-US', true],
] as const) {
  test(`guide by theme with a phone QR code and a printout (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    await removeCard(stack);
    await startSession(page, stack, { locale, elder });
    await openService(page, 'service-guide');
    await expect(page.getByTestId('guide-themes')).toBeVisible();
    await checkScreen(page, 'guide themes', { elder });

    await page.getByTestId('theme-credit').click();
    await expect(page.getByTestId('guide-list')).toBeVisible();
    await checkScreen(page, 'guide list', { elder });

    await page.getByTestId('guide-credit-report').click();
    const detail = page.getByTestId('guide-detail');
    await expect(detail).toBeVisible();
    await expect(detail).toContainText(locale === 'zh-CN' ? '公共信用信息报告' : 'Public credit information report');
    const qr = page.getByTestId('guide-qr');
    await expect(qr).toHaveAttribute('data-ready', 'true');
    await expect(qr.locator('svg path')).toHaveCount(1);
    expect(await qr.getAttribute('data-value')).toMatch(/^https?:\/\/.+credit-report/);
    await checkScreen(page, 'guide detail', { elder });

    const before = stack.printer.receipts.length;
    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
    expect(stack.printer.receipts).toHaveLength(before + 1);
    expect(stack.printer.receipts.at(-1)?.qrCodes.length).toBeGreaterThan(0);

    // The guide's own service starts from here, with the same session.
    await page.getByTestId('start-service').click();
    await expect(page.getByTestId('place-card')).toBeVisible();
    await page.getByTestId('nav-home').click();
    await expect(page.getByTestId('home')).toBeVisible();
  });
}
