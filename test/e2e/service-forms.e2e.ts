/**
 * 自助填表: forms rendered from the schemas in resources/forms, prefilled from the ID card (the
 * ID number locked and masked), typed on the on-screen keyboard (pinyin candidates, digit pad),
 * checked on the screen and by the core (the schema's own pattern message), reviewed, submitted
 * through the outbox, with a receipt and its progress QR code; nothing personal left afterwards.
 */
import { expect, type Page } from '@playwright/test';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, startSession, typeOnKeyboard } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const PHONE = '13800138000';
const BANK_CARD = '6222020200112233445';

async function fill(page: Page, field: string, keys: string): Promise<void> {
  await page.getByTestId(`edit-${field}`).click();
  await expect(page.getByTestId('field-editor')).toBeVisible();
  await typeOnKeyboard(page, keys, 'field-keyboard');
  await page.getByTestId('field-done').click();
  await expect(page.getByTestId('field-editor')).toBeHidden();
}

/** Types pinyin syllables and picks the given candidate after each. */
async function pinyin(page: Page, parts: Array<[letters: string, pick: string]>): Promise<void> {
  const keyboard = page.getByTestId('field-keyboard');
  for (const [letters, pick] of parts) {
    if (/^\d+$/.test(letters)) {
      await typeOnKeyboard(page, letters, 'field-keyboard');
      continue;
    }
    await typeOnKeyboard(page, letters, 'field-keyboard');
    await expect(page.getByTestId('field-keyboard-composing')).toHaveText(letters);
    await keyboard.locator(`[data-candidate="${pick}"]`).click();
  }
}

test('residence permit form: prefilled from the card, pinyin address, review, receipt (zh-CN)', async ({ page, stack }) => {
  await startSession(page, stack);
  stack.idCard.presentCard(card);
  await openService(page, 'form-filling');
  await expect(page.getByTestId('form-list')).toBeVisible();
  await checkScreen(page, 'form list');
  await page.getByTestId('form-residence-permit').click();

  await expect(page.getByTestId('form-editor')).toBeVisible();
  // Prefilled from the card: the name as is, the ID number locked and masked until "show".
  await expect(page.getByTestId('edit-name')).toContainText(card.name);
  await expect(page.getByTestId('edit-idNumber')).toBeDisabled();
  await expect(page.getByTestId('edit-idNumber')).not.toContainText(card.idNumber);
  await expect(page.getByTestId('option-gender-female')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('edit-birthDate')).toContainText('1949-12-31');
  await checkScreen(page, 'form editor');

  // Going on with empty required fields shows what is missing, in words.
  await page.getByTestId('to-review').click();
  await expect(page.getByTestId('form-errors')).toBeVisible();
  await expect(page.getByTestId('field-error-residenceAddress')).toContainText('此项必填');

  await page.getByTestId('edit-residenceAddress').click();
  await expect(page.getByTestId('field-editor')).toBeVisible();
  await pinyin(page, [
    ['beijing', '北京'],
    ['shi', '市'],
    ['chao', '朝'],
    ['yang', '阳'],
    ['qu', '区'],
    ['8', ''],
    ['hao', '号'],
  ]);
  await expect(page.getByTestId('field-keyboard-value')).toHaveText('北京市朝阳区8号');
  await checkScreen(page, 'pinyin keyboard');
  await page.getByTestId('field-done').click();

  await page.getByTestId('edit-residenceSince').click();
  await typeOnKeyboard(page, '20200101', 'field-keyboard');
  await expect(page.getByTestId('date-preview')).toHaveText('2020-01-01');
  await checkScreen(page, 'digit pad');
  await page.getByTestId('field-done').click();

  await page.getByTestId('option-reason-employment').click();
  // A wrong phone number is caught as soon as it is entered.
  await fill(page, 'phone', '12345');
  await expect(page.getByTestId('field-error-phone')).toBeVisible();
  await page.getByTestId('edit-phone').click();
  await page.getByTestId('field-keyboard-clear').click();
  await typeOnKeyboard(page, PHONE, 'field-keyboard');
  await page.getByTestId('field-done').click();
  await expect(page.getByTestId('field-error-phone')).toBeHidden();
  await page.getByTestId('option-truthful-yes').click();

  await page.getByTestId('to-review').click();
  await expect(page.getByTestId('form-review')).toBeVisible();
  await expect(page.getByTestId('review-residenceAddress')).toHaveText('北京市朝阳区8号');
  await expect(page.getByTestId('review-idNumber')).not.toContainText(card.idNumber);
  await checkScreen(page, 'form review');
  await page.getByTestId('form-submit').click();

  await expect(page.getByTestId('receipt')).toBeVisible();
  const receiptNo = (await page.getByTestId('receipt-no').textContent())?.trim() ?? '';
  expect(receiptNo).not.toBe('');
  await expect(page.getByTestId('progress-qr')).toHaveAttribute('data-ready', 'true');
  expect(await page.getByTestId('progress-qr').getAttribute('data-value')).toContain(receiptNo);
  await page.getByTestId('print-button').click();
  await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
  expect(stack.printer.receipts.at(-1)?.qrCodes.some((q) => q.includes(receiptNo))).toBe(true);

  await finishAndCheckWiped(page, stack, [card.name, card.idNumber, maskIdNumber(card.idNumber), card.address, '北京市朝阳区8号', PHONE]);
});

test('flexible employment form in elder mode: the schema pattern message from the core (en-US)', async ({ page, stack }) => {
  await startSession(page, stack, { locale: 'en-US', elder: true });
  stack.idCard.presentCard(card);
  await openService(page, 'form-filling');
  await page.getByTestId('form-flexible-employment-insurance').click();
  await expect(page.getByTestId('form-editor')).toBeVisible();
  await expect(page.getByTestId('edit-name')).toContainText(card.name);
  await checkScreen(page, 'form editor', { elder: true });

  await page.getByTestId('option-hukouType-urban').click();
  await fill(page, 'phone', PHONE);
  await page.getByTestId('option-schemes-pension').click();
  await fill(page, 'startMonth', '2026-13');
  await page.getByTestId('edit-bankCard').click();
  await typeOnKeyboard(page, BANK_CARD, 'field-keyboard');
  // Sensitive: shown masked while typed.
  await expect(page.getByTestId('field-keyboard-value')).not.toContainText(BANK_CARD);
  await checkScreen(page, 'digit pad', { elder: true });
  await page.getByTestId('field-done').click();

  // Only the core knows this pattern: its message comes from the form's schema.
  await page.getByTestId('to-review').click();
  await expect(page.getByTestId('field-error-startMonth')).toContainText('Enter year-month, for example 2026-03');
  await page.getByTestId('edit-startMonth').click();
  await page.getByTestId('field-keyboard-clear').click();
  await typeOnKeyboard(page, '2026-03', 'field-keyboard');
  await page.getByTestId('field-done').click();
  await page.getByTestId('to-review').click();

  await expect(page.getByTestId('form-review')).toBeVisible();
  await expect(page.getByTestId('review-bankCard')).not.toContainText(BANK_CARD);
  await checkScreen(page, 'form review', { elder: true });
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await expect(page.getByTestId('delivery')).toHaveAttribute('data-delivery', /delivered|queued/);
  await finishAndCheckWiped(page, stack, [card.name, card.idNumber, maskIdNumber(card.idNumber), card.address, PHONE, BANK_CARD]);
});
