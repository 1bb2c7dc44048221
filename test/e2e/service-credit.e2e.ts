/**
 * 信用查询: enterprise credit by unified social credit code typed on the on-screen keyboard (the
 * GB 32100 check character caught on the screen), and the personal record in elder mode; both
 * printed, rated (好差评: a bad rating needs a reason) and wiped at the end.
 */
import { expect } from '@playwright/test';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, removeCard, startSession, typeOnKeyboard } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const ENTERPRISE = '91110105MA01K3Q7R7';

for (const [locale, elder] of [
  ['zh-CN', false],
  ['en-US', true],
] as const) {
  test(`enterprise credit by code, printed and rated (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    await removeCard(stack);
    await startSession(page, stack, { locale, elder });
    await openService(page, 'credit-query');
    await expect(page.getByTestId('place-card')).toBeVisible();
    await page.getByTestId('enterprise-switch').click();
    await expect(page.getByTestId('enterprise-entry')).toBeVisible();
    await checkScreen(page, 'enterprise code entry', { elder });

    // A wrong check character is caught before anything is sent.
    const enterpriseCalls = () => stack.upstream.requests.filter((r) => r.path === '/api/v1/credit/enterprise').length;
    const callsBefore = enterpriseCalls();
    const wrong = `${ENTERPRISE.slice(0, 17)}8`;
    await typeOnKeyboard(page, wrong);
    await expect(page.getByTestId('keyboard-value')).toHaveText(wrong);
    await page.getByTestId('query-button').click();
    await expect(page.getByTestId('code-error')).toBeVisible();
    expect(enterpriseCalls()).toBe(callsBefore);

    await page.getByTestId('keyboard').locator('[data-key="Backspace"]').click();
    await typeOnKeyboard(page, ENTERPRISE.slice(17));
    await page.getByTestId('query-button').click();
    await expect(page.getByTestId('enterprise-result')).toBeVisible();
    await expect(page.getByTestId('entity-name')).toHaveText('北京示例科技有限公司');
    await expect(page.getByTestId('credit-code')).toHaveText(ENTERPRISE);
    await checkScreen(page, 'enterprise result', { elder });

    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
    expect(stack.printer.receipts.at(-1)?.lines.join('\n')).toContain(ENTERPRISE);

    // 好差评: a bad rating needs at least one reason.
    await page.getByTestId('rating-dissatisfied').click();
    await page.getByTestId('evaluation-submit').click();
    await expect(page.getByTestId('evaluation-error')).toBeVisible();
    await page.getByTestId('reason-too-slow').click();
    await checkScreen(page, 'evaluation with reasons', { elder });
    await page.getByTestId('evaluation-submit').click();
    await expect(page.getByTestId('evaluation-thanks')).toBeVisible();

    await finishAndCheckWiped(page, stack, [ENTERPRISE, '北京示例科技有限公司']);
  });
}

test('personal credit in elder mode: result, rating, and nothing personal left afterwards', async ({ page, stack }) => {
  await startSession(page, stack, { elder: true });
  stack.idCard.presentCard(card);
  await openService(page, 'credit-query');
  await expect(page.getByTestId('credit-result')).toBeVisible();
  await expect(page.getByTestId('card-name')).toHaveText(card.name);
  await checkScreen(page, 'personal credit result', { elder: true });
  await page.getByTestId('rating-very-satisfied').click();
  await page.getByTestId('evaluation-submit').click();
  await expect(page.getByTestId('evaluation-thanks')).toBeVisible();
  await finishAndCheckWiped(page, stack, [card.name, card.idNumber, maskIdNumber(card.idNumber), card.address]);
});
