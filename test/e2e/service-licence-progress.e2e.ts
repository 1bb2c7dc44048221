/**
 * 扫码亮证 and 办件查询 on a terminal with no scanner of its own (the stack starts without its
 * serial scanner), so codes arrive the way a keyboard-wedge scanner delivers them (a burst of keys
 * and Enter); the core verifies them with the reference upstream. The verified business licence
 * then fills a form (一表通用). The serial scanner's journeys are in service-scanner.e2e.ts.
 */
import { expect, type Page } from '@playwright/test';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { ALL_SERVICES, demoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, startSession, typeOnKeyboard, expectLicenceFillsForm } from './kiosk-helpers.ts';

// A stack of its own: the shared one has a serial scanner, which the screens would wait on instead.
const test = demoTest({ scanner: false, configOverride: { services: { enabled: ALL_SERVICES } } });
const card = sampleCards.resident;
const BUSINESS_LICENCE = 'https://elicence.example.gov.cn/v/BL-4H8N3P';
const RECEIPT = 'BJCY-20260105-000127';

/** What a keyboard-wedge scanner does: the code as fast key presses, then Enter. */
async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

for (const [locale, elder] of [
  ['zh-CN', false],
  ['en-US', true],
] as const) {
  test(`e-licence shown to the scanner, then used to fill a form (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    await openService(page, 'e-licence');
    await expect(page.getByTestId('licence-scan')).toBeVisible();
    await checkScreen(page, 'licence scan prompt', { elder });

    await wedgeScan(page, BUSINESS_LICENCE);
    await expect(page.getByTestId('licence-result')).toBeVisible();
    await expect(page.getByTestId('licence-status')).toHaveAttribute('data-status', 'valid');
    await expect(page.getByTestId('licence-name')).toContainText(locale === 'zh-CN' ? '营业执照' : /licence/i);
    await checkScreen(page, 'licence result', { elder });

    await expectLicenceFillsForm(page, stack, card.name);
  });
}

test('progress by typed receipt number, printed for pickup (zh-CN)', async ({ page, stack }) => {
  await startSession(page, stack);
  await openService(page, 'progress-query');
  await expect(page.getByTestId('progress-choose')).toBeVisible();
  await checkScreen(page, 'progress choose');
  await page.getByTestId('progress-by-typing').click();
  await expect(page.getByTestId('progress-typing')).toBeVisible();
  await typeOnKeyboard(page, RECEIPT);
  await checkScreen(page, 'receipt number keyboard');
  await page.getByTestId('query-button').click();
  await expect(page.getByTestId('progress-result')).toBeVisible();
  await expect(page.getByTestId('progress-item')).toHaveAttribute('data-status', 'ready-for-pickup');
  await expect(page.getByTestId('progress-item')).toContainText('一窗出件');
  await checkScreen(page, 'progress result');
  await page.getByTestId('print-button').click();
  await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
  expect(stack.printer.receipts.at(-1)?.lines.join('\n')).toContain(RECEIPT);
  await finishAndCheckWiped(page, stack, [RECEIPT]);
});

test('progress by ID card and by a scanned receipt QR code, elder mode (en-US)', async ({ page, stack }) => {
  await startSession(page, stack, { locale: 'en-US', elder: true });
  stack.idCard.presentCard(card);
  await openService(page, 'progress-query');
  await page.getByTestId('progress-by-card').click();
  await expect(page.getByTestId('progress-result')).toBeVisible();
  // The card holder's applications: the upstream's samples, and anything filed earlier on this terminal.
  await expect(page.getByTestId('progress-item').filter({ hasText: RECEIPT })).toHaveCount(1);
  await expect(page.getByTestId('progress-item').filter({ hasText: 'BJCY-20260112-000388' })).toHaveAttribute('data-status', 'needs-materials');
  await checkScreen(page, 'progress by card', { elder: true });

  await page.getByTestId('query-another').click();
  await page.getByTestId('progress-by-scanning').click();
  await expect(page.getByTestId('progress-scan')).toBeVisible();
  await wedgeScan(page, `https://gov.example.test/p/${RECEIPT}`);
  await expect(page.getByTestId('progress-result')).toBeVisible();
  await expect(page.getByTestId('progress-receipt-no')).toHaveText(RECEIPT);
  await page.getByTestId('rating-basically-satisfied').click();
  await page.getByTestId('evaluation-submit').click();
  await expect(page.getByTestId('evaluation-thanks')).toBeVisible();
  await finishAndCheckWiped(page, stack, [card.name, card.idNumber, maskIdNumber(card.idNumber), RECEIPT]);
});
