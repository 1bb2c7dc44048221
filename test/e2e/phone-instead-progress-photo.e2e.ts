/**
 * Issue 12: 办件查询 and 证件照 with the receipt printer out of paper (the printer simulator's
 * condition): print is disabled with the reason and the result's public page is offered as a QR
 * code instead, as the credit services do. The pages are the upstream's (reference upstream):
 * a case's progress page, one code per case when the card finds several; the photo receipt's page
 * by its 回执号, never the photo or the person. zh-CN in elder mode and en-US in normal mode.
 */
import { expect, type Page } from '@playwright/test';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import type { DemoStack } from '../../electron/shells/browser/demo/demo-stack.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, startSession, typeOnKeyboard } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const RECEIPT = 'BJCY-20260105-000127';
const paperOutText = { 'zh-CN': '打印机缺纸', 'en-US': 'out of paper' } as const;

/** Runs `body` with the printer out of paper, and gives the paper back whatever happens. */
async function withoutPaper(stack: DemoStack, body: () => Promise<void>): Promise<void> {
  stack.printer.setCondition({ paperOut: true });
  try {
    await body();
  } finally {
    stack.printer.setCondition({ paperOut: false, coverOpen: false, paperNearEnd: false });
  }
}

async function printBlocked(page: Page, locale: keyof typeof paperOutText): Promise<void> {
  await expect(page.getByTestId('print-button')).toBeDisabled();
  await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'blocked');
  await expect(page.getByTestId('print-status')).toContainText(paperOutText[locale]);
}

/** What no QR code may carry. */
const personal = [card.idNumber, card.idNumber.toLowerCase(), encodeURIComponent(card.name), card.name, 'data:'];

for (const [locale, elder] of [
  ['zh-CN', true],
  ['en-US', false],
] as const) {
  const mode = `${locale}${elder ? ', elder mode' : ''}`;

  test(`progress with the printer out of paper: the case's page as a QR code, one per case by card (${mode})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'progress-query');
    await page.getByTestId('progress-by-typing').click();
    await typeOnKeyboard(page, RECEIPT);
    await page.getByTestId('query-button').click();
    await expect(page.getByTestId('progress-result')).toBeVisible();

    await withoutPaper(stack, async () => {
      await printBlocked(page, locale);
      const qr = page.getByTestId('print-phone-qr');
      await expect(qr).toHaveCount(1);
      await expect(qr).toHaveAttribute('data-ready', 'true');
      const url = (await qr.getAttribute('data-value')) ?? '';
      expect(new URL(url).pathname).toBe(`/p/${RECEIPT}`);
      for (const value of personal) expect(url).not.toContain(value);
      await checkScreen(page, 'progress: print disabled, QR instead', { elder });

      // By card: the holder's cases, one code each under its receipt number.
      await page.getByTestId('query-another').click();
      await page.getByTestId('progress-by-card').click();
      await expect(page.getByTestId('progress-result')).toBeVisible();
      const cases = await page.getByTestId('progress-receipt-no').allTextContents();
      expect(cases.length).toBeGreaterThan(1);
      await expect(page.getByTestId('print-phone-qr')).toHaveCount(cases.length);
      const urls = await page.getByTestId('print-phone-qr').evaluateAll((codes) => codes.map((c) => c.getAttribute('data-value') ?? ''));
      expect(urls.map((u) => decodeURIComponent(new URL(u).pathname))).toEqual(cases.map((no) => `/p/${no.trim()}`));
      for (const u of urls) for (const value of personal) expect(u).not.toContain(value);
      await expect(page.getByTestId('print-phone')).toContainText(cases[0]!.trim());
      await checkScreen(page, 'progress by card: QR codes instead', { elder });
    });

    // Paper back: print is offered again and the codes go.
    await expect(page.getByTestId('print-button')).toBeEnabled();
    await expect(page.getByTestId('print-phone')).toHaveCount(0);
    await finishAndCheckWiped(page, stack, [card.name, card.idNumber, maskIdNumber(card.idNumber)]);
  });

  test(`ID photo with the printer out of paper: the receipt's page as a QR code, never the photo (${mode})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'id-photo');
    await expect(page.getByTestId('camera')).toHaveAttribute('data-camera', 'live');
    await page.getByTestId('capture-button').click();
    await expect(page.getByTestId('photo-preview')).toBeVisible();
    await page.getByTestId('use-photo').click();
    await expect(page.getByTestId('photo-result')).toHaveAttribute('data-accepted', 'true');
    const receiptNo = (await page.getByTestId('photo-receipt-no').textContent())?.trim() ?? '';
    expect(receiptNo).toMatch(/^ZP\d+/);

    await withoutPaper(stack, async () => {
      await printBlocked(page, locale);
      const qr = page.getByTestId('print-phone-qr');
      await expect(qr).toHaveAttribute('data-ready', 'true');
      const url = (await qr.getAttribute('data-value')) ?? '';
      expect(new URL(url).pathname).toBe(`/photo/${receiptNo}`);
      expect(url.length).toBeLessThan(200);
      for (const value of personal) expect(url).not.toContain(value);
      // The page itself: the receipt number, nothing of the photo.
      const answer = await page.request.get(url);
      expect(answer.status()).toBe(200);
      expect(await answer.json()).toEqual(expect.objectContaining({ receiptNo, status: 'accepted' }));
      await checkScreen(page, 'photo result: print disabled, QR instead', { elder });
    });

    await expect(page.getByTestId('print-button')).toBeEnabled();
    await finishAndCheckWiped(page, stack, [card.name, card.idNumber, maskIdNumber(card.idNumber), 'data:image/jpeg']);
  });
}
