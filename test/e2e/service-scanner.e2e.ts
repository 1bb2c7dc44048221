/**
 * 扫码亮证 and 办件查询 through the terminal's own serial scanner: the citizen holds the code to
 * the scanner, the simulator puts its bytes on a real PTY, the core's SerialScanner frames and
 * decodes them and the screen moves on by itself. A misread code or one that is no receipt is
 * refused on screen while the scanner keeps waiting, and the next good scan goes through.
 */
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import type { DemoStack } from '../../electron/shells/browser/demo/demo-stack.ts';
import { SAMPLE_LICENCE_CODE, SAMPLE_RECEIPT_NO, sampleReceiptQr, sampleScanBytes } from '../../electron/shells/browser/demo/sample-scans.ts';
import type { ScannerDevice } from '../../electron/core/services/shared/scan-gate.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import type { ScannerSimulator } from '../../native/simulators/scanner-simulator.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, startSession, expectLicenceFillsForm } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;

type Strings = { scan: { rejected: string }; errors: { LICENCE_INVALID: string } };
const strings = (locale: 'zh-CN' | 'en-US') =>
  JSON.parse(readFileSync(new URL(`../../resources/locales/${locale}.json`, import.meta.url), 'utf8')) as Strings;
const zh = strings('zh-CN');
const en = strings('en-US');

/** The demo's scanner, once the core is waiting on it: a code shown earlier would go unread, as at a real terminal. */
async function scannerWaiting(stack: DemoStack): Promise<ScannerSimulator> {
  const scanner = stack.scanner;
  if (!scanner) throw new Error('the shared demo stack has no serial scanner');
  await expect.poll(() => stack.core.devices.get<ScannerDevice>('scanner')?.listenerCount('scan') ?? 0).toBeGreaterThan(0);
  return scanner;
}

test('e-licence shown to the serial scanner, then used to fill a form (zh-CN)', async ({ page, stack }) => {
  await startSession(page, stack);
  await openService(page, 'e-licence');
  await expect(page.getByTestId('licence-scan')).toBeVisible();
  // A slow USB-serial adapter hands the code over in small pieces; the driver frames it on the CR.
  await (await scannerWaiting(stack)).scan(SAMPLE_LICENCE_CODE, { chunkSize: 9, delayMs: 5 });
  await expect(page.getByTestId('licence-result')).toBeVisible();
  await expect(page.getByTestId('licence-status')).toHaveAttribute('data-status', 'valid');
  await expect(page.getByTestId('licence-name')).toContainText('营业执照');
  await checkScreen(page, 'licence result (serial scanner)');

  await expectLicenceFillsForm(page, stack, card.name);
});

test('a misread scan is refused on screen, an unknown code is explained, then the good code goes through (en-US, elder)', async ({ page, stack }) => {
  await startSession(page, stack, { locale: 'en-US', elder: true });
  await openService(page, 'e-licence');
  await expect(page.getByTestId('scan-status')).not.toHaveText(en.scan.rejected);

  // Bytes that are neither UTF-8 nor GB18030: the driver refuses them and the wait goes on.
  await (await scannerWaiting(stack)).sendRaw(sampleScanBytes('garbage', stack.upstreamUrl));
  await expect(page.getByTestId('scan-status')).toHaveText(en.scan.rejected);
  await expect(page.getByTestId('licence-scan')).toBeVisible();
  await checkScreen(page, 'licence scan, code refused', { elder: true });

  // A readable code the provincial platform never issued: the upstream says so, the screen explains.
  await (await scannerWaiting(stack)).scan('https://elicence.example.gov.cn/v/XX-000000');
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'LICENCE_INVALID');
  await expect(page.getByTestId('error-message')).toHaveText(en.errors.LICENCE_INVALID);

  await page.getByTestId('retry-button').click();
  await expect(page.getByTestId('licence-scan')).toBeVisible();
  await (await scannerWaiting(stack)).scan(SAMPLE_LICENCE_CODE);
  await expect(page.getByTestId('licence-status')).toHaveAttribute('data-status', 'valid');
  await expect(page.getByTestId('licence-name')).toContainText(/licence/i);
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home')).toBeVisible();
});

test('progress by the receipt QR shown to the serial scanner, after a code that is no receipt (zh-CN)', async ({ page, stack }) => {
  await startSession(page, stack);
  await openService(page, 'progress-query');
  await page.getByTestId('progress-by-scanning').click();
  await expect(page.getByTestId('progress-scan')).toBeVisible();

  // A QR code of some other kind (guest Wi-Fi): readable, but no receipt.
  await (await scannerWaiting(stack)).scan('WIFI:T:WPA;S:Guest;P:example-only;;');
  await expect(page.getByTestId('scan-status')).toHaveText(zh.scan.rejected);
  await expect(page.getByTestId('progress-scan')).toBeVisible();
  await checkScreen(page, 'progress scan, code refused');

  // What the QR on a receipt encodes: that receipt's progress page; this scanner ends codes with CRLF.
  await (await scannerWaiting(stack)).scan(sampleReceiptQr(stack.upstreamUrl), { terminator: '\r\n' });
  await expect(page.getByTestId('progress-result')).toBeVisible();
  await expect(page.getByTestId('progress-receipt-no')).toHaveText(SAMPLE_RECEIPT_NO);
  await expect(page.getByTestId('progress-item')).toHaveAttribute('data-status', 'ready-for-pickup');
  await checkScreen(page, 'progress result (serial scanner)');
  await finishAndCheckWiped(page, stack, [SAMPLE_RECEIPT_NO]);
});
