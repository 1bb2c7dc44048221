/**
 * Alert mail, seen from the desk: a real console (mosquitto, SQLite, HTTP API, built web UI) with
 * an `email` section pointing at a real SMTP server on loopback, and a real terminal core
 * (console/server/dev/terminal-cores.ts) whose printer simulator reports its paper near the end.
 * The paper-low alert appears with its e-mail state; the mail has arrived; the administrator sees
 * the channel and sends a test mail; paper back, the resolution is mailed too. Nothing special is
 * configured beyond the `email` section.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { build } from 'vite';
import { ADMIN, startConsoleFixture, type ConsoleFixture } from '../../console/test-support/console-fixture.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../console/test-support/smtp-test-server.ts';
import { startTerminalCore, type TerminalCoreHandle } from '../../console/server/dev/terminal-cores.ts';
import { expectAccessible } from './kiosk-helpers.ts';

const uiDir = fileURLToPath(new URL('../../dist/console-ui', import.meta.url));
const TERMINAL = 'MAIL-0001';
const SITE = { region: '昆明市', hall: '盘龙区政务服务中心', tags: [] };

let smtp: SmtpTestServer;
let fixture: ConsoleFixture;
let terminal: TerminalCoreHandle;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await build({ configFile: fileURLToPath(new URL('../../console/ui/vite.config.ts', import.meta.url)), logLevel: 'warn' });
  if (!existsSync(`${uiDir}/index.html`)) throw new Error(`the console UI build left no ${uiDir}/index.html`);
  smtp = await startSmtpTestServer();
  fixture = await startConsoleFixture({
    uiDir,
    config: { email: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'kiosk-console@example.gov.cn', recipients: { default: ['duty@example.gov.cn'] }, consoleUrl: 'https://console.example.gov.cn' } } as never,
  });
  terminal = await startTerminalCore({ terminalId: TERMINAL, brokerUrl: fixture.broker.url, site: SITE, heartbeatSeconds: 5 });
});

test.afterAll(async () => {
  await terminal?.stop();
  await fixture?.close();
  await smtp?.close();
});

test('a printer low on paper: the alert shows its mail as sent, the admin sees the e-mail channel and sends a test mail', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(fixture.server.url);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator(`[data-terminal="${TERMINAL}"] [data-status]`)).toHaveText('在线', { timeout: 30_000 });

  await terminal.printer({ paperNearEnd: true });
  await page.getByRole('link', { name: '告警' }).click();
  const alert = page.locator('[data-alert="paper-low"]', { hasText: TERMINAL });
  await expect(alert).toContainText('纸将尽', { timeout: 30_000 });
  await expect(alert.locator('[data-notify="email-raised"]')).toHaveText('邮件 · 告警: 已发送', { timeout: 15_000 });
  expect(smtp.received.map((m) => m.subject)).toContainEqual(`[便民终端] 告警：${TERMINAL} 纸将尽（提示） / Alert: ${TERMINAL} paper low (notice)`);
  expect(smtp.received.find((m) => m.subject.includes('纸将尽'))?.text).toContain(`营业厅：${SITE.region} / ${SITE.hall}`);

  const channels = page.getByTestId('notify-channels');
  const email = channels.locator('[data-channel="email"]');
  await expect(email).toContainText(`smtp 127.0.0.1:${smtp.port} (none)`);
  await expect(email).toContainText('待发 0 · 已发 1 · 失败 0', { timeout: 15_000 });
  await expect(channels.locator('[data-channel="webhook"]')).toContainText('未配置');
  await expectAccessible(page, 'console alerts with notification channels');

  await email.getByRole('button', { name: '发送测试邮件' }).click();
  await expect(channels.getByRole('status')).toHaveText('测试邮件已发出。');
  expect(smtp.received.map((m) => m.subject)).toContain('[便民终端] 测试邮件 / Test mail');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(alert.locator('[data-notify="email-raised"]')).toHaveText('e-mail · alert: sent');
  await expect(page.getByRole('heading', { name: 'Notification channels' })).toBeVisible();
  await expectAccessible(page, 'console alerts with notification channels (en-US)');
  await page.getByRole('button', { name: '中文' }).click();

  // Paper back: the alert clears by itself and its resolution is mailed.
  await terminal.printer({ paperNearEnd: false });
  await page.getByLabel('显示已解决').check();
  const resolved = page.locator('[data-alert="paper-low"]', { hasText: TERMINAL });
  await expect(resolved.locator('[data-notify="email-resolved"]')).toHaveText('邮件 · 恢复: 已发送', { timeout: 30_000 });
  expect(smtp.received.map((m) => m.subject)).toContain(`[便民终端] 已恢复：${TERMINAL} 纸将尽 / Resolved: ${TERMINAL} paper low`);
});
