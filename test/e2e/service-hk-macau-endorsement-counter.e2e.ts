/**
 * 往来港澳二次签注 on a terminal without a payments section (Debian's Chromium, the demo stack with
 * its payments taken out): the fee stays due at the counter as before the pay step existed: the
 * confirmation says where to pay, no pay step shows, and the receipt and slip carry the upstream's
 * payment reference. zh-CN, axe on the confirmation and the receipt.
 */
import { expect } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { samplePermits } from '../upstream/endorsement-routes.ts';
import { ALL_SERVICES, demoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, startSession, typeOnKeyboard } from './kiosk-helpers.ts';

const test = demoTest({ configOverride: { services: { enabled: ALL_SERVICES }, payments: undefined } });
const card = sampleCards.resident;
const permit = samplePermits.find((p) => p.holderIdNumber === card.idNumber)!;

test('HK/Macau endorsement without payments: fee due, payment reference on the receipt and the slip', async ({ page, stack }) => {
  expect(stack.core.payments).toBeUndefined();
  await startSession(page, stack, { locale: 'zh-CN' });
  stack.idCard.presentCard(card);
  await openService(page, 'hk-macau-endorsement');
  await expect(page.getByTestId('endorsement-permit')).toBeVisible();
  await typeOnKeyboard(page, permit.permitNumber, 'permit-keyboard');
  await page.getByTestId('permit-next').click();
  await page.getByTestId('endorsement-choose').locator('[data-type="L"]').click();

  const fee = page.getByTestId('endorsement-fee');
  await expect(fee).toHaveAttribute('data-pay-at', 'counter');
  await expect(fee).toContainText('15');
  await checkScreen(page, 'endorsement confirm (fee due)');
  await page.getByTestId('endorsement-submit').click();

  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('pay-step')).toHaveCount(0);
  const reference = (await page.getByTestId('payment-reference').textContent())?.trim() ?? '';
  expect(reference).toMatch(/^QZ-5678-\d+$/);
  await expect(page.getByTestId('endorsement-pay-due')).toBeVisible();
  await checkScreen(page, 'endorsement receipt (fee due)');

  await page.getByTestId('print-button').click();
  await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
  const printed = stack.printer.receipts.at(-1)?.lines.join('\n') ?? '';
  expect(printed).toContain(reference);
  expect(printed).toContain('尚未缴纳');
  await finishAndCheckWiped(page, stack, [card.name, card.idNumber, permit.permitNumber]);
});
