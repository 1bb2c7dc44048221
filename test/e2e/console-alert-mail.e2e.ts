/**
 * Alert mail, seen from the desk: a real console (mosquitto, SQLite, HTTP API, built web UI) with
 * an `email` section pointing at a real SMTP server on loopback, and a real terminal core
 * (console/server/dev/terminal-cores.ts) whose printer simulator reports its paper near the end.
 * The paper-low alert appears with its e-mail state; the mail has arrived; the administrator sees
 * the channel and sends a test mail; paper back, the resolution is mailed too. Nothing special is
 * configured beyond the `email` section. Then the administrator changes who gets the mail on the
 * same page (an invalid address is refused beside its field first), and the next paper-low mail
 * goes to the new recipients.
 */
import { expect, test } from '@playwright/test';
import { buildConsoleUi } from './console-ui-build.ts';
import { ADMIN, startConsoleFixture, type ConsoleFixture } from '../../console/test-support/console-fixture.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../console/test-support/smtp-test-server.ts';
import { startTerminalCore, type TerminalCoreHandle } from '../../console/server/dev/terminal-cores.ts';
import { expectAccessible } from './kiosk-helpers.ts';

const TERMINAL = 'MAIL-0001';
const SITE = { region: '昆明市', hall: '盘龙区政务服务中心', tags: [] };

let smtp: SmtpTestServer;
let fixture: ConsoleFixture;
let terminal: TerminalCoreHandle;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const uiDir = await buildConsoleUi();
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

test('an administrator changes the recipients on the alerts page and the next alert mail goes to them', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(fixture.server.url);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '告警' }).click();

  const panel = page.getByTestId('notify-settings');
  await expect(panel.getByTestId('notify-settings-source')).toHaveText('当前生效：配置文件中的收件人（尚未在管理台修改）。');
  await expect(panel.getByTestId('notify-transport')).toContainText(`127.0.0.1:${smtp.port}`);
  await expect(panel.getByTestId('notify-transport')).toContainText('kiosk-console@example.gov.cn');
  const defaults = panel.getByLabel('默认收件人');
  await expect(defaults).toHaveValue('duty@example.gov.cn');

  // A typo is refused beside its field, and nothing is saved.
  await defaults.fill('oncall@example.gov.cn\noncall.example.gov.cn');
  await panel.getByRole('button', { name: '保存收件人' }).click();
  await expect(panel.getByRole('alert')).toHaveText('未保存：请改正标出的内容。');
  await expect(panel.locator('#notify-default-problem')).toHaveText('不是有效的邮箱地址："oncall.example.gov.cn"');
  await expect(defaults).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'console notification settings with a refused address');
  expect((await fixture.server.notifySettings.get()).version).toBe(0);

  await defaults.fill('oncall@example.gov.cn');
  await panel.getByLabel('纸将尽 (提示)', { exact: true }).selectOption({ label: '单独名单' });
  await panel.getByLabel('纸将尽 (提示) 的收件人').fill('hall-2@example.gov.cn');
  await panel.getByRole('button', { name: '保存收件人' }).click();
  await expect(panel.getByRole('status')).toHaveText('已保存为第 1 版：所有管理台实例从下一封邮件起使用。');
  await expect(panel.getByTestId('notify-settings-source')).toContainText('当前生效：管理台设置的收件人，第 1 版，由 admin 于');
  await expect(panel.getByTestId('notify-history')).toContainText('默认收件人: duty@example.gov.cn → oncall@example.gov.cn');
  await expect(panel.getByTestId('notify-history')).toContainText('按规则 · 纸将尽: （使用上一级名单） → hall-2@example.gov.cn');
  await expect(panel.getByTestId('notify-file-lists')).toHaveText('配置文件中的默认收件人（未生效）：duty@example.gov.cn');
  await expectAccessible(page, 'console notification settings saved');

  // The next alert mail: paper low again on the real terminal core.
  const before = smtp.received.length;
  await terminal.printer({ paperNearEnd: true });
  const alert = page.locator('[data-alert="paper-low"]', { hasText: TERMINAL }).first();
  await expect(alert.locator('[data-notify="email-raised"]')).toHaveText('邮件 · 告警: 已发送', { timeout: 30_000 });
  const mails = smtp.received.slice(before).filter((m) => m.subject.includes('告警：') && m.subject.includes('纸将尽'));
  expect(mails.map((m) => m.to)).toEqual([['hall-2@example.gov.cn']]);
  // And the test mail goes to the new default list.
  await page.getByTestId('notify-channels').locator('[data-channel="email"]').getByRole('button', { name: '发送测试邮件' }).click();
  await expect(page.getByTestId('notify-channels').getByRole('status')).toHaveText('测试邮件已发出。');
  expect(smtp.received.at(-1)?.to).toEqual(['oncall@example.gov.cn']);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(panel.getByTestId('notify-settings-source')).toContainText('In force: the lists set in the console, version 1 by admin');
  await expect(panel.getByLabel('Default recipients')).toHaveValue('oncall@example.gov.cn');
  await expectAccessible(page, 'console notification settings (en-US)');
  await page.getByRole('button', { name: '中文' }).click();
  await terminal.printer({ paperNearEnd: false });
});
