/**
 * 自助取证 in Debian's Chromium against the demo stack: the ID card on the simulated reader, the
 * holder's waiting certificates from the reference upstream, one handed out by the simulated card
 * dispenser over its PTY (read back, dispensed, taken from the mouth) and a refusal the screen
 * explains when the slot holds another card. zh-CN and en-US, normal and elder mode, axe on every
 * screen; nothing personal left in the page afterwards. (人证核验 itself: person-check.e2e.ts; this
 * terminal is configured without it, as demo-fixture.ts explains.)
 */
import { expect } from '@playwright/test';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { sampleCertificates } from '../upstream/certificate-routes.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, startSession } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const personal = [card.name, card.idNumber, maskIdNumber(card.idNumber)];
const mine = sampleCertificates.filter((c) => c.holderIdNumber === card.idNumber);

for (const [index, [locale, elder]] of ([
  ['zh-CN', false],
  ['en-US', true],
] as const).entries()) {
  test(`certificate pickup: list, hand-out, taken (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    const certificate = mine[index]!;
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'certificate-pickup');
    const choose = page.getByTestId('pickup-choose');
    await expect(choose).toBeVisible();
    const button = choose.locator(`[data-certificate="${certificate.certificateId}"]`);
    await expect(button).toContainText(certificate.certificateNumber.slice(-4));
    await expect(choose).not.toContainText(certificate.certificateNumber);
    await checkScreen(page, 'pickup choose', { elder });

    // The citizen takes the card a moment after it reaches the mouth.
    stack.dispenser.citizen = () => 300;
    await button.click();
    const outcome = page.getByTestId('pickup-outcome');
    await expect(outcome).toHaveAttribute('data-outcome', 'taken', { timeout: 15_000 });
    expect(stack.dispenser.exits.filter((e) => e.cardNumber === certificate.certificateNumber)).toHaveLength(1);
    await checkScreen(page, 'pickup outcome', { elder });
    await finishAndCheckWiped(page, stack, personal);
  });
}

test('certificate pickup: a card that is not the expected one is refused and explained', async ({ page, stack }) => {
  const certificate = mine[2]!;
  stack.dispenser.load(certificate.slot, 'JSZ-NOT-THIS-ONE-0000');
  await startSession(page, stack, { locale: 'zh-CN' });
  stack.idCard.presentCard(card);
  await openService(page, 'certificate-pickup');
  await page.getByTestId('pickup-choose').locator(`[data-certificate="${certificate.certificateId}"]`).click();
  const outcome = page.getByTestId('pickup-outcome');
  await expect(outcome).toHaveAttribute('data-outcome', 'refused', { timeout: 15_000 });
  await expect(outcome.getByRole('alert')).toHaveText('证件核对不一致，未发放，已通知工作人员');
  expect(stack.dispenser.exits.map((e) => e.cardNumber)).not.toContain('JSZ-NOT-THIS-ONE-0000');
  await checkScreen(page, 'pickup refused');
  await finishAndCheckWiped(page, stack, personal);
});
