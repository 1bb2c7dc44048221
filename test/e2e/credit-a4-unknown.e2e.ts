/**
 * An A4 credit report whose outcome is unknown, end to end in real Chromium against the demo
 * terminal: the system Chromium renders the report, then `lp` dies after taking the job (as when
 * it is killed on its timeout; no print server here, so `lp` is a stub). The citizen is told
 * gently that the outcome is unknown, not to print again, and to ask staff; no reprint is offered.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { demoTest } from './demo-fixture.ts';

const stubDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-lp-'));
const lpStub = join(stubDir, 'lp');
const lpCalls = join(stubDir, 'calls.log');
writeFileSync(lpStub, `#!/bin/sh\necho called >> '${lpCalls}'\nkill -KILL $$\n`);
chmodSync(lpStub, 0o755);

const test = demoTest({ lpCommand: lpStub, configOverride: { devices: { a4Printer: { enabled: true } } } });
test.afterAll(() => rmSync(stubDir, { recursive: true, force: true }));

test('an A4 report whose outcome is unknown says so gently and offers no reprint', async ({ page, stack }) => {
  await page.goto(stack.launchUrl);
  await page.getByTestId('attract').click();
  await page.getByTestId('tile-credit-query').click();
  await expect(page.getByTestId('place-card')).toBeVisible();
  stack.idCard.presentCard(sampleCards.resident);
  await expect(page.getByTestId('credit-result')).toBeVisible();

  await page.getByTestId('print-a4-button').click();
  const status = page.getByTestId('print-a4-status');
  await expect(status).toHaveAttribute('data-status', 'unknown', { timeout: 60_000 });
  await expect(status).toContainText('结果未知，请勿重复打印，请联系工作人员');
  await expect(status).not.toHaveClass(/print-status-bad/);
  await expect(page.getByTestId('print-a4-button')).toHaveCount(0);
  // Handed to lp once, and not again.
  expect(readFileSync(lpCalls, 'utf8').trim().split('\n')).toEqual(['called']);
  stack.idCard.removeCard();
});
