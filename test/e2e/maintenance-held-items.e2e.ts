/**
 * The Queue screen in real Chromium (issue 10): items sealed with a key this terminal lacks hold
 * their stream; staff can look again, and can set them aside only after reading what it means
 * (a second, explicit button). Set-aside items stay listed and counted. On the overview, staff
 * acknowledge a gap in the outbox sequence: its alert goes, its record stays.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { closeDatabase, openDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { Outbox } from '../../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../../electron/core/outbox/outbox-key.ts';
import { provisionStaffPinSync } from '../support/staff-pin.ts';
import { demoTest } from './demo-fixture.ts';
import { tapCornerSequence } from './kiosk-helpers.ts';

const zh = JSON.parse(readFileSync(new URL('../../resources/locales/maintenance/zh-CN.json', import.meta.url), 'utf8')) as {
  queue: { setAsideExplain: string; setAsideTag: string };
};
const PIN = '602413';
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-held-'));
provisionStaffPinSync(dataDir, PIN);
// Two submissions sealed with a key this terminal will never have.
const db = openDatabase(join(dataDir, 'kiosk.db'), { migrations });
const seeded = new Outbox(db, { keys: new OutboxKey(Buffer.alloc(32, 0x5c)) });
for (const n of [1, 2]) seeded.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n } });
closeDatabase(db);
// The ledger says four were acknowledged to citizens: #3-#4 are missing from this database.
writeFileSync(join(dataDir, 'outbox-sequence.json'), JSON.stringify({ acknowledged: 4, delivered: 0, gaps: [] }));
const test = demoTest({ dataDir });

test('held items: look again, then set aside after confirming; they stay listed and counted', async ({ page, stack }) => {
  await page.goto(stack.launchUrl);
  await expect(page.getByTestId('attract')).toBeVisible();
  await tapCornerSequence(page);
  await expect(page.getByTestId('mt-pin')).toBeVisible();
  for (const digit of PIN) await page.getByTestId(`pin-key-${digit}`).click();
  await page.getByTestId('pin-submit').click();

  const gapAlert = page.getByTestId('mt-overview-alert-outbox-lost:3-4');
  await expect(gapAlert).toBeVisible();
  await gapAlert.getByTestId('mt-overview-acknowledge-gap').click();
  await expect(gapAlert).toHaveCount(0);
  expect(stack.core.outbox.sequenceGaps()).toMatchObject([{ from: 3, to: 4, acknowledgedBy: 'staff' }]);

  await page.getByTestId('mt-nav-queue').click();
  await expect(page.getByTestId('mt-queue')).toBeVisible();

  // The worker holds the stream when it reaches the items; refresh until the screen says so.
  await expect(async () => {
    await page.getByTestId('mt-refresh').click();
    await expect(page.getByTestId('mt-queue-held')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('mt-queue-held')).toContainText('forms');
  await page.getByTestId('mt-queue-retry-held').click();
  await expect(page.getByTestId('mt-queue-notice')).toContainText('forms');

  // Asked twice: the first button only shows what setting aside means.
  await page.getByTestId('mt-queue-set-aside').click();
  await expect(page.getByTestId('mt-queue-set-aside-explain')).toHaveText(zh.queue.setAsideExplain);
  expect(stack.core.outbox.outbox.count('pending')).toBe(2);
  await page.getByTestId('mt-queue-set-aside-confirm').click();
  await expect(page.getByTestId('mt-queue-notice')).toContainText('2');
  await expect(page.getByTestId('mt-queue-set-aside-count')).toContainText('2');
  await expect(page.getByTestId('mt-queue-undecryptable')).toHaveCount(0);
  await expect(page.getByTestId('mt-queue-held')).toHaveCount(0);
  await expect(page.getByTestId('mt-queue-tab-failed')).toContainText('(2)');
  await expect(page.locator('[data-testid^="mt-queue-item-"]')).toHaveCount(2);
  await expect(page.locator('[data-testid^="mt-queue-item-"]').first()).toContainText(zh.queue.setAsideTag);
  expect(stack.core.outbox.outbox.countSetAside()).toBe(2);
});
