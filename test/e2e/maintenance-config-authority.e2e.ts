/**
 * The maintenance configuration screen in real Chromium (issue 10): fleet-only fields (upstream,
 * keys, fleet connection, staff policy) are shown read-only with the fleet notice and no way to
 * edit them; staff fields keep their controls.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { provisionStaffPinSync } from '../support/staff-pin.ts';
import { demoTest } from './demo-fixture.ts';
import { tapCornerSequence } from './kiosk-helpers.ts';

const zhMaintenance = JSON.parse(readFileSync(new URL('../../resources/locales/maintenance/zh-CN.json', import.meta.url), 'utf8')) as {
  config: { fleetOnly: string };
};
const PIN = '602413';
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-config-authority-'));
provisionStaffPinSync(dataDir, PIN);
const test = demoTest({ dataDir });

test('fleet-only fields are read-only on the configuration screen', async ({ page, stack }) => {
  await page.goto(stack.launchUrl);
  await expect(page.getByTestId('attract')).toBeVisible();
  await tapCornerSequence(page);
  await expect(page.getByTestId('mt-pin')).toBeVisible();
  for (const digit of PIN) await page.getByTestId(`pin-key-${digit}`).click();
  await page.getByTestId('pin-submit').click();
  await page.getByTestId('mt-nav-config').click();
  await expect(page.getByTestId('mt-config')).toBeVisible();

  for (const path of ['upstream.baseUrl', 'publicKeys', 'fleet.brokerUrl', 'staff.maxPinAttempts', 'terminalId']) {
    const row = page.getByTestId(`mt-field-${path}`);
    await expect(row, path).toHaveAttribute('data-readonly', 'true');
    await expect(row.getByTestId('mt-field-fleet-only'), path).toHaveText(zhMaintenance.config.fleetOnly);
    await expect(row.locator('button'), path).toHaveCount(0);
  }
  await expect(page.getByTestId('mt-field-upstream.baseUrl').getByTestId('mt-field-value')).toHaveText(stack.core.config().upstream.baseUrl);

  const staffRow = page.getByTestId('mt-field-timeouts.inactivitySeconds');
  await expect(staffRow).not.toHaveAttribute('data-readonly', 'true');
  await expect(staffRow.getByTestId('mt-field-edit')).toBeVisible();
});
