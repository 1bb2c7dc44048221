/**
 * The console's Reports page end to end: a real console (mosquitto, SQLite, HTTP API, built web
 * UI) with a fleet key, three real terminal fleet agents whose monthly reports are built from real
 * tallies, and Chromium. An operator opens 报表, picks November, asks the terminals for it (a
 * signed command), sees the sums per service and per hall, downloads the CSV and the hall's upload
 * file, and sees the refusal of a hall upload for a month without reports.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { connectAsync, type MqttClient } from 'mqtt';
import { buildConsoleUi } from './console-ui-build.ts';
import type { MonthlyReport } from '../../electron/core/evaluation/monthly-report.ts';
import { generateSigningKeyPair, privateKeyFromPem } from '../../electron/core/config-bundle/ed25519-keys.ts';
import { ADMIN, startConsoleFixture, type ConsoleFixture } from '../../console/test-support/console-fixture.ts';
import { parseCsv } from '../../console/test-support/report-files.ts';
import { startTestTerminal, type TestTerminal } from '../../console/test-support/terminal-agent.ts';
import { sampleFleetReports, terminalReport } from '../../console/test-support/terminal-reports.ts';
import { expectAccessible } from './kiosk-helpers.ts';

const november = new Map(sampleFleetReports().map((r) => [r.terminalId, r]));
const ids = ['KM-A1', 'KM-A2', 'KM-B1'];

let fixture: ConsoleFixture;
let terminals: TestTerminal[] = [];
let wire: MqttClient;

const heartbeatWithSite = (terminalId: string, site: { region: string; hall: string }) =>
  JSON.stringify({ terminalId, at: new Date().toISOString(), appVersion: '0.1.0-test', configVersion: 'test-1', uptimeSeconds: 1, serviceMode: { mode: 'in-service', since: '2026-12-01T00:00:00.000Z' }, devices: [], queue: { pending: 0, failed: 0 }, disk: { freeBytes: 1, totalBytes: 2 }, lastError: null, site });

test.beforeAll(async () => {
  const uiDir = await buildConsoleUi();
  const keys = generateSigningKeyPair();
  fixture = await startConsoleFixture({ uiDir, signing: { keyId: 'fleet-e2e', privateKey: privateKeyFromPem(keys.privateKeyPem) } });
  terminals = await Promise.all(
    ids.map((terminalId) =>
      startTestTerminal({
        brokerUrl: fixture.broker.url,
        terminalId,
        topicPrefix: 'kiosk',
        trustedKeys: [{ id: 'fleet-e2e', key: keys.publicKey }],
        monthlyReport: (month) => (month === '2026-11' ? november.get(terminalId)! : terminalReport(terminalId, month, [])),
      }),
    ),
  );
  wire = await connectAsync(fixture.broker.url, { protocolVersion: 5 });
  await wire.publishAsync('kiosk/terminals/KM-A1/heartbeat', heartbeatWithSite('KM-A1', { region: '五华区', hall: '政务中心一楼' }), { qos: 1 });
  await wire.publishAsync('kiosk/terminals/KM-A2/heartbeat', heartbeatWithSite('KM-A2', { region: '五华区', hall: '政务中心一楼' }), { qos: 1 });
  await wire.publishAsync('kiosk/terminals/KM-B1/heartbeat', heartbeatWithSite('KM-B1', { region: '盘龙区', hall: '盘龙区政务大厅' }), { qos: 1 });
});

test.afterAll(async () => {
  await wire?.endAsync();
  for (const t of terminals) await t.stop();
  await fixture?.close();
});

test('asks the terminals for November, sees the sums per service and per hall, downloads the CSV and the hall upload', async ({ page }) => {
  const sum = (pick: (r: MonthlyReport) => number) => ids.reduce((total, id) => total + pick(november.get(id)!), 0);
  const transactions = sum((r) => r.totals.transactions);
  const credit = sum((r) => r.services.find((l) => l.serviceId === 'credit-query')?.transactions ?? 0);

  await page.goto(fixture.server.url);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '报表' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await page.getByLabel('月份').fill('2026-11');
  await expect(page.getByText('2026-11 尚无终端上报。')).toBeVisible();

  await page.getByRole('button', { name: '向终端索取本月报表' }).click();
  await expect(page.getByRole('status')).toContainText('各终端将上报 2026-11 的报表');
  const totals = page.locator('[data-report-totals]');
  await expect(totals).toContainText(`3 台终端已上报 · 办件 ${transactions}`);
  await expect(page.locator('[data-report-row="credit-query"] td').nth(2)).toHaveText(String(credit));
  // Services and reasons by their names from the terminal's catalogue; a newer terminal's ids shown marked.
  await expect(page.locator('[data-report-row="credit-query"] td').first()).toHaveText('信用查询 credit-query');
  await expect(page.locator('[data-report-row="credit-query"] td').last()).toContainText('等待时间长 3');
  await expect(page.locator('[data-report-row="credit-query"] td').last()).toContainText('设备故障 2');
  await expect(page.locator('[data-report-row="housing-fund"] td').first()).toHaveText('housing-fund（未知事项）');
  await expect(page.locator('[data-report-row="housing-fund"]')).toHaveAttribute('data-unknown-ids', '');
  await expect(page.locator('[data-report-row="housing-fund"] td').last()).toHaveText('queue（未知原因） 1');
  await expect(page.locator('[data-report-row="*"] td').nth(1)).toHaveText(String(transactions));
  await expect(page.getByRole('img', { name: '2026-11 办件量（深色为评价数）' })).toBeVisible();
  await expectAccessible(page, 'reports by service');

  await page.getByLabel('汇总方式').selectOption('hall');
  const hallRow = page.locator('[data-report-row="五华区/政务中心一楼"]');
  await expect(hallRow.locator('td').first()).toHaveText('五华区 · 政务中心一楼');
  await expect(hallRow.locator('td').nth(2)).toHaveText(String(november.get('KM-A1')!.totals.transactions + november.get('KM-A2')!.totals.transactions));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('bianmin-report-2026-11-hall.csv');
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows = parseCsv(text.slice(1));
  expect(rows.map((r) => [r[2], r[7]])).toEqual([
    ['key', 'transactions'],
    ['五华区/政务中心一楼', String(november.get('KM-A1')!.totals.transactions + november.get('KM-A2')!.totals.transactions)],
    ['盘龙区/盘龙区政务大厅', String(november.get('KM-B1')!.totals.transactions)],
    ['*', String(transactions)],
  ]);

  // The hall's upload file; a month the hall has no reports for is refused on the page, with the reason.
  await page.getByLabel('汇总方式').selectOption('service');
  await page.getByRole('combobox', { name: /^大厅/ }).selectOption({ label: '五华区 · 政务中心一楼' });
  await expect(page.locator('[data-report-row="*"] td').nth(0)).toHaveText('2');
  const [upload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出大厅上报文件（JSON）' }).click()]);
  expect(upload.suggestedFilename()).toBe('bianmin-hall-report-2026-11-政务中心一楼.json');
  const hall = JSON.parse(readFileSync((await upload.path())!, 'utf8')) as { hall: string; totals: { transactions: number } };
  expect(hall).toMatchObject({ hall: '政务中心一楼', totals: { transactions: november.get('KM-A1')!.totals.transactions + november.get('KM-A2')!.totals.transactions } });
  await page.getByLabel('月份').fill('2026-10');
  await expect(page.getByText('2026-10 尚无终端上报。')).toBeVisible();
  await page.getByRole('button', { name: '导出大厅上报文件（JSON）' }).click();
  await expect(page.getByRole('alert')).toContainText('no terminal of 政务中心一楼 has sent a report for 2026-10');

  await page.getByLabel('月份').fill('2026-11');
  await page.getByRole('combobox', { name: /^大厅/ }).selectOption({ label: '全部大厅' });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
  await expect(totals).toContainText(`3 terminals reported · ${transactions} transactions`);
  await expect(page.locator('[data-report-row="credit-query"] td').first()).toHaveText('Credit query credit-query');
  await expect(page.locator('[data-report-row="housing-fund"] td').first()).toHaveText('housing-fund (unknown service)');
  await expect(page.locator('[data-report-row="credit-query"] td').last()).toContainText('Too slow 3');
  await expectAccessible(page, 'reports by service in English');

  // KM-B1 moves to 五华区: November stays in the hall it was served in.
  await wire.publishAsync('kiosk/terminals/KM-B1/heartbeat', heartbeatWithSite('KM-B1', { region: '五华区', hall: '政务中心一楼' }), { qos: 1 });
  await expect.poll(async () => (await fixture.server.fleet.getTerminal('KM-B1'))?.hall).toBe('政务中心一楼');
  await page.getByLabel('Group by').selectOption('hall');
  await expect(page.locator('[data-report-row="盘龙区/盘龙区政务大厅"] td').nth(2)).toHaveText(String(november.get('KM-B1')!.totals.transactions));
  await expect(page.locator('[data-report-row="五华区/政务中心一楼"] td').nth(1)).toHaveText('2');
});
