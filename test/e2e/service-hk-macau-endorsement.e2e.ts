/**
 * 往来港澳二次签注 in Debian's Chromium against the demo stack: the ID card on the simulated reader,
 * the permit typed on the on-screen keyboard (an old booklet refused with its reason first), the
 * types the reference upstream allows (one refused, greyed), the confirmation with the upstream's
 * fee, the pay step with the demo's reference payment server (the citizen's payment code shown to
 * the simulated scanner, or the terminal's code paid by the "phone"), the application through the
 * outbox with the order inside, the receipt with the payment lines and the progress QR, and its
 * slip on the simulated printer. zh-CN and en-US, normal and elder mode, axe on every screen (the
 * pay step and the receipt included); nothing personal left in the page afterwards. Leaving the pay
 * step submits nothing. A keyboard-wedge scan of the permit's machine-readable line: a misread one
 * (wrong check digit) is asked again, a good one goes on. A terminal without payments keeps the fee
 * due at the counter (service-hk-macau-endorsement-counter.e2e.ts). (人证核验 itself:
 * person-check.e2e.ts; this terminal is configured without it, as demo-fixture.ts explains.)
 */
import { expect, type Page } from '@playwright/test';
import type { DemoStack } from '../../electron/shells/browser/demo/demo-stack.ts';
import { SAMPLE_PAYMENT_CODE } from '../../electron/shells/browser/demo/sample-scans.ts';
import { scanUntilCharged } from './pay-helpers.ts';
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
const paidWith = { 'zh-CN': '支付方式: 微信支付', 'en-US': 'Paid with: Alipay' } as const;
const PURPOSE = 'hk-macau-endorsement-fee';

/** The order the pay step just started for the endorsement fee (the terminal's code waiting for the phone). */
function waitingOrder(stack: DemoStack): string | undefined {
  return stack.core.payments!.journal.open().find((o) => o.purpose === PURPOSE && o.state === 'awaiting' && o.method === 'native')?.orderNo;
}

/** Everything the outbox holds: leaving the pay step must not add to it. */
const outboxTotal = (stack: DemoStack): number => (['pending', 'delivered', 'failed', 'acknowledged'] as const).reduce((n, status) => n + stack.core.outbox.outbox.count(status), 0);

for (const [locale, elder, way] of [
  ['zh-CN', false, 'scan'],
  ['en-US', true, 'phone'],
] as const) {
  test(`HK/Macau endorsement: permit, type, fee, pay (${way}), receipt, slip (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
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
    const fee = confirm.getByTestId('endorsement-fee');
    await expect(fee).toHaveAttribute('data-pay-at', 'terminal');
    await expect(fee).toContainText('15.00');
    await checkScreen(page, 'endorsement confirm', { elder });
    await page.getByTestId('endorsement-submit').click();

    const pay = page.getByTestId('pay-step');
    await expect(pay).toHaveAttribute('data-phase', 'choose');
    await expect(page.getByTestId('pay-amount')).toContainText('15.00');
    await checkScreen(page, 'endorsement pay step', { elder });
    const charges = stack.paymentServer.ledger.charges.length;
    if (way === 'scan') {
      await expect.poll(() => stack.core.devices.isReady('scanner'), { timeout: 10_000 }).toBe(true);
      await page.getByTestId('pay-scan').click();
      await expect(page.getByTestId('pay-scan-prompt')).toBeVisible();
      await checkScreen(page, 'endorsement pay by code', { elder });
      await scanUntilCharged(page, stack, charges, 15_000);
    } else {
      await page.getByTestId('pay-native-alipay').click();
      await expect(page.getByTestId('pay-qr')).toBeVisible();
      await checkScreen(page, 'endorsement pay by phone', { elder });
      await expect.poll(() => waitingOrder(stack)).toBeDefined();
      stack.paymentServer.ledger.payNative('alipay', waitingOrder(stack)!);
    }

    await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 15_000 });
    const receiptNo = (await page.getByTestId('receipt-no').textContent())?.trim() ?? '';
    const orderNo = (await page.getByTestId('paid-order-no').textContent())?.trim() ?? '';
    const transactionNo = (await page.getByTestId('paid-transaction-no').textContent())?.trim() ?? '';
    expect(receiptNo).not.toBe('');
    await expect(page.getByTestId('paid-amount')).toContainText('15.00');
    await expect(page.getByTestId('endorsement-paid')).toBeVisible();
    await expect(page.getByTestId('payment-reference')).toHaveCount(0);
    expect(stack.core.payments!.journal.get(orderNo)?.state).toBe('delivered');
    expect(stack.paymentServer.ledger.charges.filter((c) => c.orderNo === orderNo)).toHaveLength(1);
    await expect(page.getByTestId('progress-qr')).toHaveAttribute('data-ready', 'true');
    await checkScreen(page, 'endorsement receipt (paid)', { elder });

    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
    const printed = stack.printer.receipts.at(-1)?.lines.join('\n') ?? '';
    expect(printed).toContain(receiptNo);
    expect(printed).toContain(orderNo);
    expect(printed).toContain(transactionNo);
    expect(printed).toContain(paidWith[locale]);
    expect(printed).not.toContain(SAMPLE_PAYMENT_CODE);
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
  const pay = page.getByTestId('pay-step');
  await expect(pay).toHaveAttribute('data-phase', 'choose');

  // The citizen leaves at the pay step: nothing charged, nothing submitted, back at the confirmation.
  const charges = stack.paymentServer.ledger.charges.length;
  const queued = outboxTotal(stack);
  await pay.getByRole('button', { name: '返回' }).click();
  await expect(page.getByTestId('endorsement-confirm')).toBeVisible();
  expect(stack.paymentServer.ledger.charges.length).toBe(charges);
  expect(outboxTotal(stack)).toBe(queued);
  await page.getByTestId('back-button').click();
  await expect(page.getByTestId('endorsement-choose')).toBeVisible();
  await page.getByTestId('back-button').click();
  await page.getByTestId('back-button').click();
  await expect(page.getByTestId('home')).toBeVisible();
});
