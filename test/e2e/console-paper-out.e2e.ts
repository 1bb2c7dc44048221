/**
 * Out of paper, seen from the desk: a real console (mosquitto, SQLite, HTTP API, built web UI) and
 * a real terminal core (console/server/dev/terminal-cores.ts: the browser terminal with simulated
 * devices over PTYs, under the watchdog supervisor) whose fleet agent reports to the console's
 * broker. The printer simulator runs out of paper; Chromium shows the paper-out alert for that
 * terminal, the terminal's page shows the printer's state and the heartbeat's other fields, the
 * fleet list groups by hall; paper back, the alert clears by itself.
 *
 * Builds the console UI itself (npm test builds only the kiosk renderer), so it never tests a stale build.
 */
import { expect, test } from '@playwright/test';
import { buildConsoleUi } from './console-ui-build.ts';
import { ADMIN, startConsoleFixture, type ConsoleFixture } from '../../console/test-support/console-fixture.ts';
import { startTerminalCore, type TerminalCoreHandle } from '../../console/server/dev/terminal-cores.ts';
import { expectAccessible } from './kiosk-helpers.ts';

const TERMINAL = 'PAPER-0001';
const SITE = { region: '昆明市', hall: '五华区政务服务中心', tags: ['24h', 'credit-query'] };

let fixture: ConsoleFixture;
let terminal: TerminalCoreHandle;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const uiDir = await buildConsoleUi();
  fixture = await startConsoleFixture({ uiDir });
  terminal = await startTerminalCore({ terminalId: TERMINAL, brokerUrl: fixture.broker.url, site: SITE, heartbeatSeconds: 5 });
});

test.afterAll(async () => {
  await terminal?.stop();
  await fixture?.close();
});

test('the printer simulator runs out of paper: the console raises the alert for that terminal, and clears it when paper is back', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(fixture.server.url);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();

  // The real terminal in the fleet list, online, filed under its hall.
  const row = page.locator(`[data-terminal="${TERMINAL}"]`);
  await expect(row.locator('[data-status]')).toHaveText('在线');
  await expect(row).toContainText(`${SITE.region} · ${SITE.hall}`);
  await expect(row.locator('[data-field="queue"]')).toHaveText('0');
  await page.getByLabel('分组').selectOption('hall');
  await expect(page.getByRole('row', { name: new RegExp(`${SITE.hall}：1 台`) })).toBeVisible();
  await expectAccessible(page, 'console fleet list');

  await terminal.printer({ paperOut: true });
  await page.getByRole('link', { name: '告警' }).click();
  const alert = page.locator('[data-alert="paper-out"]', { hasText: TERMINAL });
  await expect(alert).toContainText('缺纸', { timeout: 30_000 });
  await expect(alert).toContainText('paper out: printer');
  await expectAccessible(page, 'console alerts');

  // The terminal's page: the printer's state and the heartbeat's extensions.
  await alert.getByRole('link', { name: TERMINAL }).click();
  await expect(page).toHaveURL(new RegExp(`/terminals/${TERMINAL}$`));
  await expect(page.getByRole('row', { name: /printer/ })).toContainText('paper-out');
  await expect(page.locator('[data-field="undecryptable"]')).toHaveText('0');
  await expect(page.locator('[data-field="watchdog-restarts"]')).toHaveText('0');
  await expect(page.locator('[data-field="moved-aside"]')).toHaveText('—');
  for (const tag of SITE.tags) await expect(page.locator('.tag', { hasText: tag })).toBeVisible();
  await expectAccessible(page, 'console terminal page');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText('Undecryptable items')).toBeVisible();
  await expect(page.getByText('Damaged databases moved aside')).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();

  // Paper back: the alert resolves by itself and leaves the list of open alerts.
  await terminal.printer({ paperOut: false });
  await page.getByRole('link', { name: '告警' }).click();
  await expect(page.locator('[data-alert="paper-out"]', { hasText: TERMINAL })).toHaveCount(0, { timeout: 30_000 });
  await page.getByLabel('显示已解决').check();
  await expect(page.locator('[data-alert="paper-out"]', { hasText: TERMINAL })).toContainText('已解决 · system');
});
