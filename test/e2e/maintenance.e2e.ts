/**
 * The on-terminal maintenance mode in real Chromium against the demo terminal: the hidden entry
 * (corner taps), the PIN pad, the overview, a self-test page on the simulated printer, taking the
 * terminal out of service (the citizen screen shows the notice), back in service, and exit.
 *
 * The staff PIN is provisioned in the terminal's data directory before the core starts (the file
 * the staff CLI's `set-pin` writes); no PIN ships with the app.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { SELF_TEST_TITLE } from '../../electron/core/maintenance/self-test-page.ts';
import { provisionStaffPinSync } from '../support/staff-pin.ts';
import { demoTest } from './demo-fixture.ts';
import { tapCornerSequence } from './kiosk-helpers.ts';

const zhMaintenance = JSON.parse(readFileSync(new URL('../../resources/locales/maintenance/zh-CN.json', import.meta.url), 'utf8')) as {
  serviceMode: { in: string; presets: { printer: string } };
};
const PIN = '602413';
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-maint-'));
provisionStaffPinSync(dataDir, PIN);
const test = demoTest({ dataDir });

async function enterPin(page: Page, pin: string): Promise<void> {
  await expect(page.getByTestId('mt-pin')).toBeVisible();
  for (const digit of pin) await page.getByTestId(`pin-key-${digit}`).click();
  await page.getByTestId('pin-submit').click();
}

test('corner taps, PIN, overview, self-test print, out of service and back, exit', async ({ page, stack }) => {
  await page.goto(stack.launchUrl);
  await expect(page.getByTestId('attract')).toBeVisible();

  // A wrong PIN is refused with the attempts left (before the long lockout) and makes the next
  // attempt wait a second; then the right one opens maintenance mode.
  await tapCornerSequence(page);
  await enterPin(page, '111111');
  await expect(page.getByTestId('pin-notice')).toContainText('9');
  await expect.poll(() => stack.core.maintenance.staffAuth.status().locked).toBe(false);
  await enterPin(page, PIN);
  await expect(page.getByTestId('mt-overview')).toBeVisible();
  await expect(page.getByTestId('mt-overview-terminal')).toContainText('DEMO-0001');
  await expect(page.getByTestId('mt-overview-service-mode')).toContainText(zhMaintenance.serviceMode.in);

  // Self-test print through the real driver: the page comes out of the simulated printer.
  stack.printer.clear();
  await page.getByTestId('mt-nav-devices').click();
  await page.getByTestId('mt-selftest-printer').click();
  await expect(page.getByTestId('mt-selftest-result')).toHaveAttribute('data-outcome', 'passed');
  expect(stack.printer.receipts).toHaveLength(1);
  expect(stack.printer.receipts[0]!.lines.join('\n')).toContain(SELF_TEST_TITLE);

  // Camera preview (Chromium's fake camera): what it finds becomes the core's record of the camera.
  await page.getByTestId('mt-selftest-camera').click();
  await expect(page.getByTestId('mt-camera-preview')).toHaveAttribute('data-camera', 'live');
  await expect(page.getByTestId('mt-device-camera')).toHaveClass(/mt-state-ready/);
  await page.getByTestId('mt-camera-close').click();
  await expect(page.getByTestId('mt-camera-preview')).toBeHidden();

  // Out of service with a prepared notice.
  await page.getByTestId('mt-nav-service').click();
  await page.getByTestId('mt-preset-printer').click();
  await page.getByTestId('mt-service-out').click();
  await expect(page.getByTestId('mt-service-state')).toHaveAttribute('data-out-of-service', 'true');

  // Leaving maintenance mode, citizens see the notice instead of the service screens.
  await page.getByTestId('mt-exit').click();
  await expect(page.getByTestId('maintenance')).toBeHidden();
  await expect(page.getByTestId('out-of-service')).toBeVisible();
  await expect(page.getByTestId('out-of-service-message')).toHaveText(zhMaintenance.serviceMode.presets.printer);
  // It survives a reload (the state is the core's, not the page's).
  await page.reload();
  await expect(page.getByTestId('out-of-service-message')).toHaveText(zhMaintenance.serviceMode.presets.printer);

  // The corner entry works over the notice; back in service, then exit.
  await tapCornerSequence(page);
  await enterPin(page, PIN);
  await page.getByTestId('mt-nav-service').click();
  await page.getByTestId('mt-service-in').click();
  await expect(page.getByTestId('mt-service-state')).toHaveAttribute('data-out-of-service', 'false');
  await page.getByTestId('mt-exit').click();
  await expect(page.getByTestId('maintenance')).toBeHidden();
  await expect(page.getByTestId('out-of-service')).toBeHidden();
  await expect(page.locator('[data-testid="attract"], [data-testid="home"]').first()).toBeVisible();

  // Every step is in the tamper-evident audit log.
  const actions = stack.core.maintenance.audit.tail(100).map((e) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining(['staff.pin-failed', 'staff.entry', 'device.self-test', 'service-mode.changed', 'staff.exit']),
  );
  expect(stack.core.maintenance.audit.verify()).toMatchObject({ ok: true });
});
