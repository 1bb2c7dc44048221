/**
 * Staff entry with a staff card in real Chromium against the demo terminal: corner taps, then
 * "刷工作证" on the PIN pad; the simulated ID-card reader gets a stranger's card (refused, with
 * the attempts left), a wait is cancelled, and the registered engineer's card asks for the PIN
 * (two factors: the card alone opens nothing); card + PIN opens maintenance mode. The card is registered in the data directory before the core starts (the file the staff
 * CLI's `add-card` writes); the PIN is provisioned too, as on a real terminal.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { OTHER_CARD, registerStaffCardSync, STAFF_CARD, STAFF_CARD_LABEL } from '../support/staff-card.ts';
import { provisionStaffPinSync } from '../support/staff-pin.ts';
import { demoTest } from './demo-fixture.ts';
import { tapCornerSequence } from './kiosk-helpers.ts';

const zh = JSON.parse(readFileSync(new URL('../../resources/locales/maintenance/zh-CN.json', import.meta.url), 'utf8')) as {
  pin: { hint: string };
  card: { use: string; place: string; notRegistered: string; pinRequired: string };
};
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-staff-card-'));
provisionStaffPinSync(dataDir, '602413');
registerStaffCardSync(dataDir, STAFF_CARD.idNumber, STAFF_CARD_LABEL);
const test = demoTest({ dataDir });

test('corner taps, then the staff card: a stranger’s card is refused, a wait is cancelled, the engineer’s card + PIN opens maintenance', async ({ page, stack }) => {
  stack.idCard.removeCard();
  await page.goto(stack.launchUrl);
  await expect(page.getByTestId('attract')).toBeVisible();
  await tapCornerSequence(page);
  await expect(page.getByTestId('mt-pin')).toBeVisible();
  await expect(page.getByTestId('pin-card')).toHaveText(zh.card.use);

  // A card that is not registered: refused, and it counts (10 failures before the long lockout → 9 left).
  await page.getByTestId('pin-card').click();
  await expect(page.getByTestId('card-wait')).toContainText(zh.card.place);
  await expect(page.getByTestId('card-countdown')).toContainText(/\d+/);
  await expect(page.getByTestId('pin-key-1')).toBeHidden();
  stack.idCard.presentCard(OTHER_CARD);
  await expect(page.getByTestId('pin-notice')).toHaveText(zh.card.notRegistered.replace('{{count}}', '9'));
  await expect(page.getByTestId('card-wait')).toBeHidden();
  stack.idCard.removeCard();
  // The failure makes the next attempt wait a second.
  await expect.poll(() => stack.core.maintenance.staffAuth.status().locked).toBe(false);

  // The countdown runs, and cancel stops the wait: the PIN keys come back.
  await page.getByTestId('pin-card').click();
  const countdown = page.getByTestId('card-countdown');
  const first = Number((await countdown.textContent())?.match(/\d+/)?.[0]);
  await expect.poll(async () => Number((await countdown.textContent())?.match(/\d+/)?.[0]), { timeout: 5000 }).toBeLessThan(first);
  await page.getByTestId('card-cancel').click();
  await expect(page.getByTestId('card-wait')).toBeHidden();
  await expect(page.getByTestId('pin-notice')).toHaveText(zh.pin.hint);
  await expect(page.getByTestId('pin-key-1')).toBeEnabled();

  // The engineer's registered card asks for the PIN; the card alone opens nothing.
  await page.getByTestId('pin-card').click();
  await expect(page.getByTestId('card-wait')).toBeVisible();
  stack.idCard.presentCard(STAFF_CARD);
  await expect(page.getByTestId('pin-notice')).toHaveText(zh.card.pinRequired.replace('{{seconds}}', '60'));
  await expect(page.getByTestId('mt-overview')).toBeHidden();
  await expect(page.getByTestId('pin-card')).toBeDisabled();
  for (const digit of '602413') await page.getByTestId(`pin-key-${digit}`).click();
  await page.getByTestId('pin-submit').click();
  await expect(page.getByTestId('mt-overview')).toBeVisible();
  await expect(page.getByTestId('mt-overview-terminal')).toContainText('DEMO-0001');
  stack.idCard.removeCard();
  await page.getByTestId('mt-exit').click();
  await expect(page.getByTestId('maintenance')).toBeHidden();

  const entries = stack.core.maintenance.audit.tail(50);
  expect(entries.filter((e) => e.action === 'staff.card-refused').map((e) => e.details)).toEqual([
    { remainingAttempts: 9, method: 'card', card: maskIdNumber(OTHER_CARD.idNumber) },
  ]);
  expect(entries.filter((e) => e.action === 'staff.card-accepted').map((e) => e.details)).toEqual([
    { method: 'card', card: maskIdNumber(STAFF_CARD.idNumber), label: STAFF_CARD_LABEL },
  ]);
  expect(entries.filter((e) => e.action === 'staff.entry').map((e) => e.details)).toEqual([{ method: 'card+pin', label: STAFF_CARD_LABEL }]);
  expect(stack.core.maintenance.audit.verify()).toMatchObject({ ok: true });
  // Nothing of either card reached the page.
  const html = await page.content();
  expect(html).not.toContain(STAFF_CARD.idNumber);
  expect(html).not.toContain(OTHER_CARD.idNumber);
});
