/**
 * Configuration rollout end to end: a real console (mosquitto, SQLite, HTTP API, built web UI,
 * its signing key), three REAL terminal cores (the production browser terminal with its fleet
 * agent, each in its own process: console/server/dev/terminal-cores.ts) and Chromium.
 *
 * A publisher fills the form generated from the terminal's own schema (a bad value is refused
 * beside its field; the fleet-only fields that keep the terminals connected are filled in), sees
 * "unknown" for what the terminals run, targets them by hall and region, and a second publisher
 * approves: the canary first, then the rest, every acknowledgement on the page. A second rollout
 * shows the diff against what the console now knows they run, and is rolled back with one click.
 * Finally a forged command (unknown key) and an expired one, published straight to the broker by
 * the test, show on the commands page as refused by the terminal.
 */
import { expect, test, type Page } from '@playwright/test';
import { connectAsync } from 'mqtt';
import { buildConsoleUi } from './console-ui-build.ts';
import { generateSigningKeyPair, privateKeyFromPem } from '../../electron/core/config-bundle/ed25519-keys.ts';
import { signCommand } from '../../electron/core/fleet/signed-command.ts';
import { ADMIN, apiClient, startConsoleFixture, type ConsoleFixture } from '../../console/test-support/console-fixture.ts';
import { startTerminalCore, stopAll, type TerminalCoreHandle } from '../../console/server/dev/terminal-cores.ts';
import { expectAccessible } from './kiosk-helpers.ts';

const KEY_ID = 'console-e2e';
const keys = generateSigningKeyPair();
const PUBLISHERS = [
  { username: 'pub1', password: 'pub1 passphrase 1234' },
  { username: 'pub2', password: 'pub2 passphrase 1234' },
] as const;
const CANARY = 'KM-0101';
const REST = ['KM-0102', 'KM-0103'];

let fixture: ConsoleFixture;
const terminals: TerminalCoreHandle[] = [];

test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  const uiDir = await buildConsoleUi();
  fixture = await startConsoleFixture({ uiDir, signing: { keyId: KEY_ID, privateKey: privateKeyFromPem(keys.privateKeyPem) } });
  // One after another: three cores starting at once on two cores only race.
  for (const [terminalId, hall] of [[CANARY, 'hall-1'], [REST[0], 'hall-2'], [REST[1], 'hall-2']] as const) {
    terminals.push(
      await startTerminalCore({
        terminalId: terminalId ?? '',
        brokerUrl: fixture.broker.url,
        trustedKey: { id: KEY_ID, key: keys.publicKey },
        site: { region: 'kunming', hall, tags: [] },
        heartbeatSeconds: 5,
        supervised: false,
      }),
    );
  }
  const admin = apiClient(fixture.server.url);
  await admin.login(ADMIN.username, ADMIN.password);
  for (const p of PUBLISHERS) expect((await admin.call('POST', '/api/users', { username: p.username, role: 'publisher', password: p.password })).status).toBe(201);
  // Every terminal has reported its site and config version.
  await expect
    .poll(async () => (await fixture.server.fleet.listTerminals()).filter((t) => t.region === 'kunming' && t.config_version !== null).map((t) => t.id), { timeout: 60_000 })
    .toEqual([CANARY, ...REST]);
});

test.afterAll(async () => {
  await stopAll(terminals);
  await fixture?.close();
});

async function logIn(page: Page, who: (typeof PUBLISHERS)[number]) {
  await page.goto(`${fixture.server.url}/rollouts`);
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '配置发布', level: 1 })).toBeVisible();
}

async function logOut(page: Page) {
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page.getByLabel('用户名')).toBeVisible();
}

const field = (page: Page, path: string) => page.locator(`[data-path="${path}"]`);
const versionOf = async (id: string) => (await fixture.server.fleet.getTerminal(id))?.config_version;

test('rolls a configuration out to three real terminals, canary first, sees the acks and the diff, rolls back, and shows forged and expired commands as refused', async ({ page }) => {
  await logIn(page, PUBLISHERS[0]);
  const form = page.getByRole('form', { name: '准备配置发布' });
  await form.getByLabel('配置版本').fill('1.0.0');
  await form.getByLabel('试点终端').fill('hall:hall-1');
  await form.getByLabel('其余终端').fill('region:kunming');
  await form.getByLabel('试点观察（分钟）').fill('0');

  // A value the terminal schema refuses: named beside its field, nothing proposed.
  await field(page, 'timeouts.inactivitySeconds').fill('5');
  await form.getByRole('button', { name: '检查并对比' }).click();
  await expect(field(page, 'timeouts.inactivitySeconds')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#cfg-timeouts-inactivitySeconds-error')).toContainText('15');
  await expectAccessible(page, 'rollout form with a refused field');

  // The fleet-only fields that keep the terminals on this console, as the bundle replaces their override.
  await field(page, 'timeouts.inactivitySeconds').fill('90');
  await expect(page.locator('fieldset[data-path="fleet"] > legend')).toContainText('仅限远程');
  await field(page, 'fleet.enabled').check();
  await field(page, 'fleet.brokerUrl').fill(fixture.broker.url);
  await field(page, 'fleet.topicPrefix').fill('kiosk');
  await field(page, 'fleet.heartbeatSeconds').fill('5');
  await page.getByRole('button', { name: '向受信任的签名公钥添加一项' }).click();
  await field(page, 'publicKeys.0.id').fill(KEY_ID);
  await field(page, 'publicKeys.0.key').fill(keys.publicKey);
  await field(page, 'site.region').fill('kunming');
  await form.getByRole('button', { name: '检查并对比' }).click();
  const preview = page.getByRole('region', { name: '检查结果' });
  await expect(preview).toContainText(`试点：${CANARY}；其余：${REST.join(', ')}`);
  // The console never handed these terminals a config: what they run is unknown, not guessed.
  for (const id of [CANARY, ...REST]) await expect(preview.locator(`[data-diff="${id}"] [data-unknown]`)).toBeVisible();
  await form.getByRole('button', { name: '提交发布' }).click();
  await expect(page.getByRole('status')).toContainText('已提交 1.0.0');

  // The second publisher approves: canary, then the rest.
  await logOut(page);
  await logIn(page, PUBLISHERS[1]);
  const first = page.locator('[data-rollout="1.0.0"]');
  await expect(first).toContainText('hall:hall-1');
  await first.getByRole('button', { name: '批准发布' }).click();
  await expect(first.locator('[data-ack-count="canary/done"]')).toContainText('试点 · 已完成：1', { timeout: 60_000 });
  await expect(first.locator('[data-state]')).toHaveText('已完成', { timeout: 90_000 });
  await expect(first.locator('[data-ack-count="rest/done"]')).toContainText('全量 · 已完成：2');
  // Every terminal's own acknowledgement, in the rollout's details.
  await first.getByRole('button', { name: '详情' }).click();
  const acks = page.getByRole('table', { name: '各终端的确认' });
  await expect(acks.locator(`[data-ack="canary/${CANARY}"]`)).toContainText('已完成');
  for (const id of REST) await expect(acks.locator(`[data-ack="rest/${id}"]`)).toContainText('已完成');
  await first.getByRole('button', { name: '详情' }).click();
  expect(await versionOf(REST[1] ?? '')).toBe('1.0.0');

  // Second rollout from the first one's config: now the console knows what each runs.
  await form.getByLabel('起点').selectOption({ label: '1.0.0 的配置' });
  await expect(field(page, 'publicKeys.0.key')).toHaveValue(keys.publicKey);
  await form.getByLabel('配置版本').fill('1.1.0');
  await form.getByLabel('试点终端').fill(CANARY);
  await form.getByLabel('其余终端').fill(REST.join(', '));
  await form.getByLabel('试点观察（分钟）').fill('0');
  await field(page, 'timeouts.inactivitySeconds').fill('120');
  // An optional section, once touched, can be removed again: set 缴费支付, be refused, remove it.
  const payments = page.locator('fieldset[data-path="payments"]');
  await expect(payments).toHaveAttribute('data-not-set', '');
  await expect(payments).toContainText('缴费支付：未设置');
  await payments.getByRole('button', { name: '设置缴费支付' }).click();
  await expect(field(page, 'payments.timeoutMs')).toHaveValue('8000');
  await expect(payments.locator('fieldset[data-path="payments.wechatPay"]')).toHaveAttribute('data-not-set', '');
  await form.getByRole('button', { name: '检查并对比' }).click();
  await expect(field(page, 'payments.gatewayUrl')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'rollout form with an optional section set');
  await payments.getByRole('button', { name: '移除缴费支付（不设置）' }).click();
  await expect(payments).toHaveAttribute('data-not-set', '');
  await expect(field(page, 'payments.gatewayUrl')).toHaveCount(0);
  await form.getByRole('button', { name: '检查并对比' }).click();
  await expect(page.locator('.issues')).toHaveCount(0);
  for (const id of [CANARY, ...REST]) await expect(preview.locator(`[data-diff="${id}"] [data-change="timeouts.inactivitySeconds"]`)).toContainText('90 → 120');
  for (const id of [CANARY, ...REST]) await expect(preview.locator(`[data-diff="${id}"] [data-change^="payments."]`)).toHaveCount(0);
  await form.getByRole('button', { name: '提交发布' }).click();
  await expect(page.getByRole('status')).toContainText('已提交 1.1.0');
  await logOut(page);
  await logIn(page, PUBLISHERS[0]);
  const second = page.locator('[data-rollout="1.1.0"]');
  await second.getByRole('button', { name: '批准发布' }).click();
  await expect(second.locator('[data-state]')).toHaveText('已完成', { timeout: 90_000 });

  // One click back: the config of 1.0.0 under 1.1.1, to every terminal 1.1.0 reached.
  await second.getByRole('button', { name: '回滚' }).click();
  await expect(second.locator('[data-state]')).toHaveText('已回滚 → 1.1.1');
  await expect(second.locator('[data-ack-count="rollback/done"]')).toContainText('回滚 · 已完成：3', { timeout: 60_000 });
  await expect.poll(() => Promise.all([CANARY, ...REST].map(versionOf)), { timeout: 30_000 }).toEqual(['1.1.1', '1.1.1', '1.1.1']);
  await second.getByRole('button', { name: '详情' }).click();
  for (const id of [CANARY, ...REST]) await expect(page.getByRole('table', { name: '各终端的确认' }).locator(`[data-ack="rollback/${id}"]`)).toContainText('已完成');
  // The rollback is held too: against 1.1.0's config, each terminal now runs 90 again.
  await expect(page.getByRole('table', { name: '与各终端当前配置的差异' }).locator(`[data-diff="${CANARY}"] [data-change="timeouts.inactivitySeconds"]`)).toContainText('90 → 120');

  // A forged command (a key no terminal trusts) and an expired one (the console's key, past its expiry),
  // published straight to the broker: the terminal refuses both and the console shows it.
  const forger = generateSigningKeyPair();
  const now = Date.now();
  const forged = signCommand({ keyId: 'intruder', privateKey: privateKeyFromPem(forger.privateKeyPem), command: { name: 'restart', args: {} }, targets: { terminals: [CANARY] } });
  const expired = signCommand({ keyId: KEY_ID, privateKey: privateKeyFromPem(keys.privateKeyPem), command: { name: 'restart', args: {} }, targets: { terminals: [CANARY] }, issuedAt: new Date(now - 2 * 3600_000), expiresAt: new Date(now - 3600_000) });
  const client = await connectAsync(fixture.broker.url);
  try {
    for (const command of [forged, expired]) await client.publishAsync(`kiosk/terminals/${CANARY}/commands`, JSON.stringify(command), { qos: 1 });
  } finally {
    await client.endAsync();
  }
  await page.getByRole('link', { name: '指令' }).click();
  const refusals = page.getByRole('table', { name: '终端拒绝的指令' });
  await expect(refusals.locator('[data-refusal="unknown-key"]')).toContainText(CANARY);
  await expect(refusals.locator('[data-refusal="unknown-key"]')).toContainText('intruder');
  await expect(refusals.locator('[data-refusal="expired"]')).toContainText(KEY_ID);
});
