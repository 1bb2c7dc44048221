/**
 * 打印缴费凭证 in Debian's Chromium against the demo stack: after the HK/Macau endorsement fee is
 * paid (the terminal's code "paid by the phone" at the reference payment server), the receipt
 * screen offers the payment slip through the shared print control. With the receipt printer out
 * of paper the button is disabled, says why, and notes that the slip has no QR code (nothing for
 * the phone); refilled, the slip prints, and the simulated printer's output holds the slip's title,
 * the amount, order number, channel and transaction number, nothing personal. zh-CN normal mode and
 * en-US elder mode, axe on each screen. (The traffic fine's done screen embeds the same control.)
 */
import { expect } from '@playwright/test';
import type { DemoStack } from '../../electron/shells/browser/demo/demo-stack.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { samplePermits } from '../upstream/endorsement-routes.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, startSession, typeOnKeyboard } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const permit = samplePermits.find((p) => p.holderIdNumber === card.idNumber)!;
const PURPOSE = 'hk-macau-endorsement-fee';
const say = {
  'zh-CN': { button: '打印缴费凭证', paperOut: '打印机缺纸', noQr: '缴费凭证没有手机二维码', title: '缴费凭证', paidWith: '支付方式: 支付宝', amount: '金额: 15.00 元' },
  'en-US': { button: 'Print the payment receipt', paperOut: 'out of paper', noQr: 'has no QR code', title: 'Payment Receipt', paidWith: 'Paid with: Alipay', amount: 'Amount: CNY 15.00' },
} as const;

/** The order the pay step just started for the endorsement fee (the terminal's code waiting for the phone). */
function waitingOrder(stack: DemoStack): string | undefined {
  return stack.core.payments!.journal.open().find((o) => o.purpose === PURPOSE && o.state === 'awaiting' && o.method === 'native')?.orderNo;
}

for (const [locale, elder] of [
  ['zh-CN', false],
  ['en-US', true],
] as const) {
  test(`payment slip: offered after paying, blocked without paper (no QR), printed (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    const s = say[locale];
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'hk-macau-endorsement');
    await expect(page.getByTestId('endorsement-permit')).toBeVisible();
    await typeOnKeyboard(page, permit.permitNumber, 'permit-keyboard');
    await page.getByTestId('permit-next').click();
    await page.getByTestId('endorsement-choose').locator('[data-type="L"]').click();
    await page.getByTestId('endorsement-submit').click();
    await expect(page.getByTestId('pay-step')).toHaveAttribute('data-phase', 'choose');
    await page.getByTestId('pay-native-alipay').click();
    await expect(page.getByTestId('pay-qr')).toBeVisible();
    await expect.poll(() => waitingOrder(stack)).toBeDefined();
    stack.paymentServer.ledger.payNative('alipay', waitingOrder(stack)!);

    await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 15_000 });
    const orderNo = (await page.getByTestId('paid-order-no').textContent())?.trim() ?? '';
    const transactionNo = (await page.getByTestId('paid-transaction-no').textContent())?.trim() ?? '';
    expect(orderNo).not.toBe('');
    const button = page.getByTestId('print-payment-button');
    await expect(button).toHaveText(s.button);
    await expect(button).toBeEnabled();
    await checkScreen(page, `payment slip offered (${locale})`, { elder });

    const before = stack.printer.receipts.length;
    stack.printer.setCondition({ paperOut: true });
    try {
      await expect(button).toBeDisabled();
      const status = page.getByTestId('print-payment-status');
      await expect(status).toHaveAttribute('data-status', 'blocked');
      await expect(status).toContainText(s.paperOut);
      await expect(page.getByTestId('print-payment-blocked-note')).toContainText(s.noQr);
      await expect(page.getByTestId('print-payment-phone')).toHaveCount(0);
      await checkScreen(page, `payment slip, printer out of paper (${locale})`, { elder });
    } finally {
      stack.printer.setCondition({ paperOut: false, coverOpen: false, paperNearEnd: false });
    }
    await expect(page.getByTestId('print-payment-blocked-note')).toHaveCount(0);
    expect(stack.printer.receipts.length).toBe(before);

    await button.click();
    await expect(page.getByTestId('print-payment-status')).toHaveAttribute('data-status', 'printed');
    await expect.poll(() => stack.printer.receipts.length).toBe(before + 1);
    const printed = stack.printer.receipts.at(-1)?.lines.join('\n') ?? '';
    expect(printed).toContain(s.title);
    expect(printed).toContain(s.amount);
    expect(printed).toContain(orderNo);
    expect(printed).toContain(transactionNo);
    expect(printed).toContain(s.paidWith);
    expect(printed).not.toContain(permit.permitNumber);
    expect(printed).not.toContain(card.idNumber);
    expect(printed).not.toContain(card.name);
    await checkScreen(page, `payment slip printed (${locale})`, { elder });
    await finishAndCheckWiped(page, stack, [card.name, card.idNumber, permit.permitNumber]);
  });
}
