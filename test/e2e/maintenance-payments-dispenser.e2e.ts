/**
 * Issue 13's staff screens in real Chromium against the demo terminal (the dispenser simulator on
 * a PTY, the reference payment server on loopback), zh-CN and en-US, axe on each screen: staff
 * reconcile today's payments now and see the planted difference (masked) and re-query an order
 * that needs them, close a wrong amount once its refund is confirmed (refused while it is not); on the dispenser screen they settle a captured hand-out with what they found
 * (its alert goes; the journal row is final), read the sensors without moving anything, and move
 * a blank test card into the bin only after confirming.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { closeDatabase, openDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { HandOutJournal } from '../../electron/core/dispensing/handout-journal.ts';
import { orderRef } from '../../electron/core/maintenance/payments-staff.ts';
import { PAYMENT_ALERT } from '../../electron/core/payments/payment-alerts.ts';
import { SAMPLE_CODES } from '../support/payments-stack.ts';
import { provisionStaffPinSync } from '../support/staff-pin.ts';
import { demoTest } from './demo-fixture.ts';
import { expectAccessible, tapCornerSequence } from './kiosk-helpers.ts';

interface Strings {
  nav: { payments: string; dispenser: string };
  payments: { reconcile: { kinds: Record<string, string>; clean: string }; attention: { acknowledged: string; acknowledgeRefused: string }; states: Record<string, string> };
  dispenser: { settle: { found: Record<string, string>; notes: Record<string, string> }; testBin: { inBin: string } };
}
const packs = Object.fromEntries(
  (['zh-CN', 'en-US'] as const).map((tag) => [tag, JSON.parse(readFileSync(new URL(`../../resources/locales/maintenance/${tag}.json`, import.meta.url), 'utf8')) as Strings]),
) as Record<'zh-CN' | 'en-US', Strings>;
const PIN = '739160';
const TEST_SLOT = 6;
const today = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function openMaintenance(page: Page, launchUrl: string): Promise<void> {
  await page.goto(launchUrl);
  await expect(page.getByTestId('attract')).toBeVisible();
  await tapCornerSequence(page);
  await expect(page.getByTestId('mt-pin')).toBeVisible();
  for (const digit of PIN) await page.getByTestId(`pin-key-${digit}`).click();
  await page.getByTestId('pin-submit').click();
  await expect(page.getByTestId('mt-overview')).toBeVisible();
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  const strings = packs[locale];
  const dataDir = mkdtempSync(join(tmpdir(), `kiosk-e2e-issue13-${locale}-`));
  provisionStaffPinSync(dataDir, PIN);
  // A hand-out the terminal could not finish (not taken, captured into the bin) before this start.
  const db = openDatabase(join(dataDir, 'kiosk.db'), { migrations });
  const journal = new HandOutJournal(db);
  journal.claim({ certificateId: 'CERT-E2E-0042', certificateNumber: 'ZJ-E2E-2026-0042', slot: 5 });
  journal.set('CERT-E2E-0042', 'captured', { detail: 'not-taken' });
  closeDatabase(db);
  const test = demoTest({ dataDir, configOverride: { locale } });

  test(`payments: reconcile today now, see the difference, re-query an order (${locale})`, async ({ page, stack }) => {
    const engine = stack.core.payments!.engine;
    const order = await engine.payByCode({ purpose: 'fine', purchaseId: `E2E-${locale}`, amountFen: 2000, subject: '罚款' }, SAMPLE_CODES['wechat-pay']);
    engine.delivered(order.orderNo);
    stack.paymentServer.ledger.plantedLines.push({ channel: 'unionpay-qr', line: '`DEMO0001STRANGER0099,`5501,payment,350' });
    stack.paymentServer.ledger.queueFault('wrong-amount');
    const wrong = await engine.payByCode({ purpose: 'fine', purchaseId: `E2E-W-${locale}`, amountFen: 1500, subject: '罚款' }, SAMPLE_CODES.alipay);
    expect(wrong.state).toBe('refunded');

    await openMaintenance(page, stack.launchUrl);
    await page.getByTestId('mt-nav-payments').click();
    await expect(page.getByTestId('mt-payments')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', locale);

    // Yesterday by default; one step on is today.
    await page.getByTestId('mt-reconcile-later').click();
    await expect(page.getByTestId('mt-reconcile-day')).toContainText(today());
    await page.getByTestId('mt-reconcile-run').click();
    const result = page.getByTestId('mt-reconcile-result');
    await expect(result).toHaveAttribute('data-differences', '1');
    await expect(result).toHaveAttribute('data-day', today());
    await expect(page.getByTestId('mt-reconcile-checked')).toContainText('2');
    const row = page.getByTestId('mt-reconcile-differences').locator('tbody tr');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('DEMO00…0099');
    await expect(row).toContainText(strings.payments.reconcile.kinds['unknown-order']!);
    await expect(page.getByTestId('mt-payments')).not.toContainText('DEMO0001STRANGER0099');
    expect(stack.core.outbox.alerts.list().map((a) => a.id)).toContain(`payment-reconciliation:${today()}`);

    // The wrong amount needs staff: listed masked, re-queried on demand.
    const listed = page.locator('[data-testid^="mt-payment-"][data-reason="amount-mismatch"]');
    await expect(listed).toHaveCount(1);
    await expect(listed).toContainText(`${wrong.orderNo.slice(0, 6)}…${wrong.orderNo.slice(-4)}`);
    await expect(page.getByTestId('mt-payments')).not.toContainText(wrong.orderNo);
    await expectAccessible(page, `payments (${locale})`);
    await listed.getByTestId('mt-payment-requery').click();
    await expect(page.getByTestId('mt-payments-notice')).toContainText(wrong.orderNo.slice(-4));
    expect(stack.core.maintenance.audit.tail(50).map((e) => e.action)).toEqual(expect.arrayContaining(['payments.reconciled', 'payments.requeried']));
    stack.paymentServer.ledger.plantedLines.length = 0;

    // Its refund is confirmed by the channel (refunded): staff close it; the alert resolves and the row goes.
    const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
    const masked = `${wrong.orderNo.slice(0, 6)}…${wrong.orderNo.slice(-4)}`;
    await listed.getByTestId('mt-payment-acknowledge').click();
    await expect(page.getByTestId('mt-payments-notice')).toHaveText(fill(strings.payments.attention.acknowledged, { order: masked }));
    await expect(listed).toHaveCount(0);
    expect(stack.core.outbox.alerts.list().map((a) => a.id)).not.toContain(PAYMENT_ALERT.amountMismatch(wrong.orderNo));
    expect(stack.core.maintenance.audit.tail(50).map((e) => e.action)).toContain('payments.mismatch-acknowledged');

    // A wrong amount whose refund is still out (a restart before the refund's answer, planted): refused, with the reason.
    const pendingNo = `KM0001PENDING${locale === 'zh-CN' ? 'ZH' : 'EN'}REF7`;
    const journal = stack.core.payments!.journal;
    journal.create({ orderNo: pendingNo, purchaseId: `E2E-P-${locale}`, purpose: 'fine', channel: 'alipay', method: 'micropay', amountFen: 600, subject: '罚款', deadlineAt: new Date(Date.now() + 3_600_000) });
    journal.move(pendingNo, 'paid', { transactionId: 'T-PENDING-7', paidFen: 601, detail: 'micropay' });
    journal.move(pendingNo, 'refunding', { detail: 'refund pending', nextCheckAt: new Date(Date.now() + 3_600_000) });
    stack.core.outbox.alerts.raise({ id: PAYMENT_ALERT.amountMismatch(pendingNo), kind: 'payment-amount-mismatch', severity: 'critical', detail: 'planted' });
    await page.getByTestId('mt-refresh').click();
    await expect(listed).toHaveCount(1);
    await expectAccessible(page, `payments acknowledge (${locale})`);
    await listed.getByTestId('mt-payment-acknowledge').click();
    await expect(page.getByTestId('mt-payments-notice')).toHaveText(
      fill(strings.payments.attention.acknowledgeRefused, { order: `${pendingNo.slice(0, 6)}…${pendingNo.slice(-4)}`, state: strings.payments.states.refunding ?? 'refunding' }),
    );
    // Still listed (the settle loop may meanwhile list it as a refund that has not gone through) and still alerting.
    await expect(page.getByTestId(`mt-payment-${orderRef(pendingNo)}`)).toHaveCount(1);
    expect(stack.core.outbox.alerts.list().map((a) => a.id)).toContain(PAYMENT_ALERT.amountMismatch(pendingNo));
  });

  test(`dispenser: settle a captured hand-out, read the sensors, test card to the bin (${locale})`, async ({ page, stack }) => {
    stack.core.outbox.alerts.raise({ id: 'certificate-captured:cert-e2e-0042', kind: 'certificate-captured', severity: 'warning', detail: 'CERT-E2E-0042 is in the bin' });
    await openMaintenance(page, stack.launchUrl);
    await page.getByTestId('mt-nav-dispenser').click();
    await expect(page.getByTestId('mt-dispenser')).toBeVisible();

    const row = page.getByTestId('mt-settle-CERT-E2E-0042');
    await expect(row).toHaveAttribute('data-state', 'captured');
    await expect(row).toContainText('0042');
    await expectAccessible(page, `dispenser (${locale})`);
    await row.getByTestId('mt-settle-start').click();
    await expect(row.getByTestId('mt-settle-save')).toBeDisabled();
    await row.getByTestId('mt-settle-found-in-bin').click();
    if (locale === 'zh-CN') {
      await expect(row.getByTestId('mt-settle-note')).toHaveText(strings.dispenser.settle.notes['in-bin']!);
    } else {
      // A note of their own, on the on-screen keyboard.
      await row.getByTestId('mt-settle-type').click();
      for (const key of 'kept at desk') await row.locator(key === ' ' ? '.key-space' : `[data-key="${key}"]`).click();
      await expect(row.getByTestId('mt-settle-note')).toHaveText('kept at desk');
    }
    await expectAccessible(page, `dispenser settle form (${locale})`);
    await row.getByTestId('mt-settle-save').click();
    await expect(page.getByTestId('mt-settle-notice')).toContainText(strings.dispenser.settle.found['in-bin']!);
    await expect(row).toHaveCount(0);
    expect(new HandOutJournal(stack.core.db).get('CERT-E2E-0042')).toMatchObject({ state: 'settled', settled: { found: 'in-bin', from: 'captured' } });
    expect(stack.core.outbox.alerts.list().map((a) => a.id)).not.toContain('certificate-captured:cert-e2e-0042');

    // Sensors only: nothing moves.
    const executedBefore = stack.dispenser.executed.length;
    await page.getByTestId('mt-dispenser-test').click();
    const result = page.getByTestId('mt-dispenser-result');
    await expect(result).toHaveAttribute('data-outcome', 'passed');
    for (const sensor of ['channel', 'stock', 'bin']) await expect(page.getByTestId(`mt-sensor-${sensor}`)).toBeVisible();
    await expect(page.getByTestId('mt-sensor-channel')).toHaveAttribute('data-ok', 'true');
    expect(stack.dispenser.executed.slice(executedBefore).filter((c) => c === 'moveToRead' || c === 'capture' || c === 'dispense')).toEqual([]);
    await expectAccessible(page, `dispenser self-test (${locale})`);

    // A test card into the bin, only after the explanation and a confirmation.
    stack.dispenser.load(TEST_SLOT, `TEST-BLANK-000${TEST_SLOT}`);
    for (let slot = 1; slot < TEST_SLOT; slot += 1) await page.getByTestId('mt-dispenser-slot-more').click();
    await expect(page.getByTestId('mt-dispenser-slot')).toContainText(String(TEST_SLOT));
    await expect(page.getByTestId('mt-dispenser-bin-explain')).toBeVisible();
    await page.getByTestId('mt-dispenser-bin').click();
    expect(stack.dispenser.bin.map((c) => c.slot)).not.toContain(TEST_SLOT);
    await page.getByTestId('mt-dispenser-bin-confirm').click();
    await expect(page.getByTestId('mt-dispenser-test-card')).toHaveAttribute('data-in-bin', 'true');
    await expect(page.getByTestId('mt-dispenser-test-card')).toContainText(strings.dispenser.testBin.inBin);
    expect(stack.dispenser.bin.filter((c) => c.slot === TEST_SLOT)).toHaveLength(1);
    expect(stack.dispenser.exits.map((e) => e.slot)).not.toContain(TEST_SLOT);
    await expectAccessible(page, `dispenser test card (${locale})`);
  });
}
