/**
 * The fleet console end to end: a real console (mosquitto, SQLite, HTTP API, built web UI), a
 * real terminal fleet agent connected through a cuttable proxy, and Chromium. Logs in, sees the
 * terminal online, pulls its cable, sees it go offline by its last will, and, once it has been
 * offline long enough, the alert that an operator acknowledges.
 *
 * Builds the console UI itself (npm test builds only the kiosk renderer), so it never tests a stale build.
 */
import { expect, test } from '@playwright/test';
import { buildConsoleUi } from './console-ui-build.ts';
import { ADMIN, startConsoleFixture, type ConsoleFixture } from '../../console/test-support/console-fixture.ts';
import { startTestTerminal, type TestTerminal } from '../../console/test-support/terminal-agent.ts';
import { startProxy, type CuttableProxy } from '../support/mosquitto-broker.ts';

let fixture: ConsoleFixture;
/** The console's injected clock runs this far ahead, so "offline for 5 minutes" needs no waiting. */
let clockAheadMs = 0;
let proxy: CuttableProxy;
let terminal: TestTerminal;

test.beforeAll(async () => {
  const uiDir = await buildConsoleUi();
  fixture = await startConsoleFixture({ uiDir, now: () => new Date(Date.now() + clockAheadMs) });
  proxy = await startProxy(fixture.broker.port);
  terminal = await startTestTerminal({ brokerUrl: proxy.url, terminalId: 'KM-E2E-01', topicPrefix: 'kiosk', heartbeatMs: 1000 });
});

test.afterAll(async () => {
  await terminal?.stop();
  await proxy?.close();
  await fixture?.close();
});

test('logs in, sees a terminal online, and sees it go offline when its connection is cut', async ({ page }) => {
  await page.goto(fixture.server.url);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill('wrong password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('用户名、密码或验证码错误');
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();

  const row = page.locator('[data-terminal="KM-E2E-01"]');
  await expect(row.locator('[data-status]')).toHaveText('在线');
  await expect(row).toContainText('0.1.0-test / test-1');

  // The cable pulled for good: the broker publishes the agent's last will.
  await proxy.close();
  await expect(row.locator('[data-status]')).toHaveText('离线');

  await row.getByRole('link', { name: 'KM-E2E-01' }).click();
  await expect(page).toHaveURL(/\/terminals\/KM-E2E-01$/);
  const history = page.getByRole('table', { name: '状态历史' });
  await expect(history.locator('tbody tr').first()).toContainText('connection-lost');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: /Terminal KM-E2E-01/ })).toContainText('offline');

  // Five minutes later (the console's clock, not a sleep): the offline alert, acknowledged by hand.
  clockAheadMs = 6 * 60_000;
  await page.getByRole('link', { name: 'Alerts' }).click();
  const alert = page.locator('[data-alert="offline"]');
  await expect(alert).toContainText('KM-E2E-01');
  await expect(alert).toContainText('terminal offline');
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alert).toContainText('acknowledged · admin');
});
