/**
 * The foundation journey, end to end in real Chromium against the browser shell: attract → home →
 * 信用查询 → card on the simulated SAM reader → record from the reference upstream → receipt on
 * the simulated ESC/POS printer → inactivity warning, extension, timeout → everything wiped.
 */
import { expect, type Page } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { demoTest, e2eTimeouts } from './demo-fixture.ts';
import { idleFor } from './kiosk-helpers.ts';

const test = demoTest();
const card = sampleCards.resident;

async function personalDataLeft(page: Page): Promise<string[]> {
  return page.evaluate(
    async ({ name, id, masked }) => {
      const found: string[] = [];
      const html = document.documentElement.outerHTML;
      if (html.includes(name)) found.push('name in DOM');
      if (html.includes(id)) found.push('id in DOM');
      if (html.includes(masked)) found.push('masked id in DOM');
      const stores = [window.localStorage, window.sessionStorage];
      for (const store of stores) {
        for (let i = 0; i < store.length; i += 1) {
          const key = store.key(i) ?? '';
          const value = store.getItem(key) ?? '';
          if ([name, id, masked].some((s) => value.includes(s) || key.includes(s))) found.push(`storage:${key}`);
        }
      }
      const dbs = (await indexedDB.databases?.()) ?? [];
      if (dbs.length > 0) found.push(`indexedDB:${dbs.map((d) => d.name).join(',')}`);
      return found;
    },
    { name: card.name, id: card.idNumber, masked: maskIdNumber(card.idNumber) },
  );
}

test('credit query with an ID card, printed, then wiped after inactivity', async ({ page, stack }) => {
  await page.clock.install();
  await page.goto(stack.launchUrl);

  await expect(page.getByTestId('attract')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByTestId('attract').click();
  await expect(page.getByTestId('home')).toBeVisible();

  await page.getByTestId('tile-credit-query').click();
  await expect(page.getByTestId('place-card')).toBeVisible();
  stack.idCard.presentCard(card);

  await expect(page.getByTestId('card-name')).toHaveText(card.name);
  await expect(page.getByTestId('card-id-masked')).toHaveText(maskIdNumber(card.idNumber));
  // The reader walked the SAM sequence: find → select → read.
  const commands = stack.idCard.commandsReceived.join(' ');
  expect(commands).toMatch(/2001.*2002.*3001/);

  await expect(page.getByTestId('credit-result')).toBeVisible();
  const reportNo = (await page.getByTestId('report-no').textContent())?.trim() ?? '';
  expect(reportNo).not.toBe('');
  const creditCall = stack.upstream.requests.find((r) => r.path === '/api/v1/credit/personal');
  expect(creditCall?.headers['x-terminal-id']).toBe('DEMO-0001');

  await page.getByTestId('print-button').click();
  await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
  expect(stack.printer.receipts).toHaveLength(1);
  const receipt = stack.printer.receipts[0]!;
  const text = receipt.lines.join('\n');
  expect(text).toContain('个人信用查询回执');
  expect(text).toContain(reportNo);
  expect(text).toContain(maskIdNumber(card.idNumber));
  expect(text).not.toContain(card.idNumber);
  expect(receipt.qrCodes).toHaveLength(1);
  expect(receipt.qrCodes[0]).toMatch(/^https?:\/\//);
  expect(receipt.cut).toBe(true);
  expect(Buffer.from(stack.printer.received).includes(Buffer.from(card.idNumber))).toBe(false);

  // Inactivity: the warning appears with a countdown and one tap extends the session.
  await idleFor(page, e2eTimeouts.inactivitySeconds * 1000 + 500);
  await expect(page.getByTestId('timeout-warning')).toBeVisible();
  await expect(page.getByTestId('timeout-countdown')).toContainText(/\d/);
  await page.getByTestId('continue-button').click();
  await expect(page.getByTestId('timeout-warning')).toBeHidden();
  await expect(page.getByTestId('credit-result')).toBeVisible();

  // Left alone again: warning, countdown to zero, session wiped, back to attract.
  await idleFor(page, e2eTimeouts.inactivitySeconds * 1000 + 500);
  await expect(page.getByTestId('timeout-warning')).toBeVisible();
  await page.clock.fastForward(e2eTimeouts.warningSeconds * 1000 + 500);
  await expect(page.getByTestId('attract')).toBeVisible();
  await expect.poll(() => stack.core.sessions.current()).toBeUndefined();
  expect(await personalDataLeft(page)).toEqual([]);
});

test('en-US: no card placed in time gives a localised error, and a retry reads the card', async ({ page, stack }) => {
  stack.idCard.removeCard();
  await page.goto(stack.launchUrl);
  await page.getByTestId('attract').click();
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await expect(page.getByTestId('tile-credit-query')).toContainText(/credit/i);
  await page.getByTestId('tile-credit-query').click();
  await expect(page.getByTestId('place-card')).toContainText(/ID card/i);
  // Nobody places a card: the core's read times out after idCardReadSeconds (real time).
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'CARD_TIMEOUT', {
    timeout: (e2eTimeouts.idCardReadSeconds + 5) * 1000,
  });
  await expect(page.getByTestId('error-message')).toContainText('No ID card detected');
  await page.getByTestId('retry-button').click();
  await expect(page.getByTestId('place-card')).toBeVisible();
  stack.idCard.presentCard(card);
  await expect(page.getByTestId('card-name')).toHaveText(card.name);
  await page.getByTestId('finish-button').click();
  await expect.poll(() => stack.core.sessions.current()).toBeUndefined();
});
