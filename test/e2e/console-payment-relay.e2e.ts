/**
 * The payment notification relay seen from the desk: a real console (mosquitto, SQLite, HTTP API,
 * built web UI, the relay key) and a real terminal core (console/server/dev/terminal-cores.ts)
 * whose fleet agent subscribes to its payments/notify topic. A channel's notification posted to
 * the terminal's notify URL is forwarded (the terminal's PUBACK) and a refused one counted; the
 * terminal page shows both per channel, an administrator has the terminal's tag shown for its
 * provisioning config (and the audit log has it); a terminal the console does not know still gets
 * its page; the rollout form notes where the tag comes from instead of offering it.
 *
 * Builds the console UI itself (npm test builds only the kiosk renderer), so it never tests a stale build.
 */
import { expect, test, type Page } from '@playwright/test';
import { buildConsoleUi } from './console-ui-build.ts';
import { ADMIN, TEST_RELAY_KEY, startConsoleFixture, type ConsoleFixture } from '../../console/test-support/console-fixture.ts';
import { startTerminalCore, type TerminalCoreHandle } from '../../console/server/dev/terminal-cores.ts';
import { notifyTagFor } from '../../console/server/payment-relay/relay-tag.ts';
import { expectAccessible } from './kiosk-helpers.ts';

const TERMINAL = 'PAYR-0001';
const TAG = notifyTagFor(TEST_RELAY_KEY, TERMINAL);

let fixture: ConsoleFixture;
let terminal: TerminalCoreHandle;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const uiDir = await buildConsoleUi();
  fixture = await startConsoleFixture({ uiDir });
  terminal = await startTerminalCore({ terminalId: TERMINAL, brokerUrl: fixture.broker.url, heartbeatSeconds: 5 });
  await expect.poll(async () => (await fixture.server.fleet.getTerminal(TERMINAL))?.online, { timeout: 60_000 }).toBe(1);
});

test.afterAll(async () => {
  await terminal?.stop();
  await fixture?.close();
});

async function logIn(page: Page, path: string) {
  await page.goto(`${fixture.server.url}${path}`);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
}

const notify = (channel: string, body: string, contentType: string) =>
  fetch(`${fixture.server.url}/pay/notify/${channel}/${TERMINAL}/${TAG}`, { method: 'POST', headers: { 'content-type': contentType }, body }).then(async (r) => [r.status, await r.text()] as const);

test('a notification relayed to a real terminal and a refused one are counted on its page; an administrator has its tag shown', async ({ page }) => {
  test.setTimeout(90_000);
  await logIn(page, `/terminals/${TERMINAL}`);
  const relay = page.getByTestId('payment-relay');
  await expect(relay.getByRole('heading', { name: '支付通知中转' })).toBeVisible();
  await expect(relay.locator('[data-field="relay-state"]')).toHaveText('已开启');
  await expect(relay).toContainText('此终端尚无转发或拒绝的通知。');
  await expect(relay.locator('[data-field="last-forwarded"]')).toHaveText('从未');

  // Forwarded only with the terminal's PUBACK (its engine journaled it): the channel's own "received".
  expect(await notify('alipay', 'out_trade_no=NOSUCHORDER&trade_status=TRADE_SUCCESS&sign=x', 'application/x-www-form-urlencoded; charset=utf-8')).toEqual([200, 'success']);
  // Refused after the tag proved the terminal: counted against it (415, wrong media type).
  expect((await notify('alipay', '{}', 'application/json'))[0]).toBe(415);
  // A wrong tag: counted for the whole console, not this terminal.
  const wrong = await fetch(`${fixture.server.url}/pay/notify/alipay/${TERMINAL}/${'A'.repeat(22)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
  expect(wrong.status).toBe(404);

  const row = relay.locator('tr[data-channel="alipay"]');
  await expect(row.locator('th')).toHaveText('支付宝', { timeout: 15_000 });
  await expect(row.locator('[data-count="forwarded"]')).toHaveText('1 / 1');
  await expect(row.locator('[data-count="failed"]')).toHaveText('0 / 0');
  await expect(row.locator('[data-count="refused"]')).toHaveText('1 / 1');
  await expect(relay.locator('[data-field="last-forwarded"]')).not.toHaveText('从未');
  await expect(relay.locator('[data-field="unattributed"]')).toContainText('标签错误被拒 1 次');
  await expectAccessible(page, 'console terminal page with payment relay counts');

  await relay.getByRole('button', { name: '显示通知标签' }).click();
  await expect(relay.getByTestId('notify-tag')).toContainText(`"notifyTag": "${TAG}"`);
  await expect(relay).toContainText(`/pay/notify/<channel>/${TERMINAL}/${TAG}`);
  await expectAccessible(page, 'console terminal page with the notify tag shown');
  const audit = (await page.evaluate(async () => (await fetch('/api/audit')).json())) as { entries: { action: string; details: { terminalId?: string } }[] };
  expect(audit.entries.filter((e) => e.action === 'payment-relay.tag-shown').map((e) => e.details.terminalId)).toEqual([TERMINAL]);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(relay.getByRole('heading', { name: 'Payment notification relay' })).toBeVisible();
  await expect(row.locator('th')).toHaveText('Alipay');
  await expect(relay.locator('[data-field="relay-state"]')).toHaveText('on');
  await expectAccessible(page, 'console terminal page with payment relay counts (en-US)');
  await page.getByRole('button', { name: '中文' }).click();
});

test('a terminal the console does not know still gets its page, with no counts and no tag to show', async ({ page }) => {
  await logIn(page, '/terminals/NOPE-0001');
  const relay = page.getByTestId('payment-relay');
  await expect(relay).toContainText('管理台不认识终端 NOPE-0001');
  await expect(relay).toContainText('此终端尚无转发或拒绝的通知。');
  await expect(relay.getByRole('button', { name: '显示通知标签' })).toHaveCount(0);
  await expectAccessible(page, 'console page of an unknown terminal');
});

test('the rollout form does not offer payments.notifyTag and says where each terminal’s tag comes from', async ({ page }) => {
  await logIn(page, '/rollouts');
  await expect(page.getByRole('heading', { name: '配置发布', level: 1 })).toBeVisible();
  await page.locator('[data-path="payments"]').getByRole('button', { name: '设置缴费支付' }).click();
  await expect(page.locator('[data-path="payments.notifyBaseUrl"]')).toBeVisible();
  await expect(page.locator('[data-path="payments.notifyTag"]')).toHaveCount(0);
  await expect(page.locator('[data-per-terminal="payments.notifyTag"]')).toContainText('显示通知标签');
  await expectAccessible(page, 'rollout form with the per-terminal note');
});
