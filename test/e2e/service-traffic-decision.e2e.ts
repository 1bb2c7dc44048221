/**
 * 交通违法处理 in Debian's Chromium against the demo stack: the card on the simulated reader, the
 * plate typed, the list with one violation to deal with here and the others saying why not and
 * where to go, the decision text, the signature, the pay step against the 缴款码 (the citizen's
 * payment code at the simulated scanner, or the terminal's code paid by the "phone" in a wallet), the paid screen; with the printer out of paper the result page offered as a QR code,
 * then the 处罚决定书 slip once the paper is back (masked, with the amount, the order, transaction
 * and decision numbers). zh-CN and en-US, normal and elder mode, axe on every new screen; nothing
 * personal left in the page afterwards. A decision accepted and left unpaid is listed by the platform
 * as "decided, fine due" in a later session and paid from the list, then printed (zh-CN, and en-US
 * in elder mode, axe on the list, the pay step and the paid screen). (人证核验 itself: person-check.e2e.ts; this terminal is
 * configured without it, as demo-fixture.ts explains.)
 */
import { expect } from '@playwright/test';
import type { DemoStack } from '../../electron/shells/browser/demo/demo-stack.ts';
import { SAMPLE_PAYMENT_CODE } from '../../electron/shells/browser/demo/sample-scans.ts';
import { scanUntilCharged } from './pay-helpers.ts';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { sampleVehicles } from '../upstream/service-samples.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, scribble, startSession, typeOnKeyboard } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const PLATE = '京B23456';
const personal = [card.name, card.idNumber, maskIdNumber(card.idNumber), card.address];
const notEligible = { 'zh-CN': '不能在本机处理', 'en-US': 'Cannot be dealt with here' } as const;
const paperOut = { 'zh-CN': '打印机缺纸', 'en-US': 'out of paper' } as const;
// 2025-10-12 07:52 in Beijing is 23:52 the day before in UTC, the zone this Chromium runs in: the
// screen must show the hall's clock (config hall.timeZone, China time by default).
const EARLY_VIOLATION = { location: '朝阳区示例大街', date: { 'zh-CN': '2025年10月12日', 'en-US': 'Oct 12, 2025' }, time: '07:52', utcTime: '23:52' } as const;
/** A violation's time as the upstream gave it (+08:00), i.e. China wall-clock time, as a printed stamp. */
const chinaStampOf = (violationId: string): string => {
  const occurredAt = sampleVehicles.flatMap((v) => v.violations).find((v) => v.violationId === violationId)?.occurredAt ?? '';
  expect(occurredAt).toMatch(/\+08:00$/);
  return occurredAt.slice(0, 16).replace('T', ' ');
};

/** The fine's order the pay step started for the terminal's code (waiting for the phone). */
const waitingFine = (stack: DemoStack): string | undefined =>
  stack.core.payments!.journal.open().find((o) => o.purpose === 'traffic-fine' && o.state === 'awaiting' && o.method === 'native')?.orderNo;

for (const [locale, elder, way] of [
  ['zh-CN', false, 'scan'],
  ['en-US', true, 'phone'],
] as const) {
  test(`traffic violation dealt with: decision, signature, fine paid (${way}), decision printed (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'traffic-violation');
    await expect(page.getByTestId('plate-entry')).toBeVisible();
    await typeOnKeyboard(page, PLATE);
    await page.getByTestId('query-button').click();

    const result = page.getByTestId('traffic-result');
    await expect(result).toBeVisible();
    await expect(result.locator('[data-eligible="false"][data-handled="false"]').first()).toContainText(notEligible[locale]);
    await expect(page.getByTestId('why-1101052509300011')).toContainText('200');
    const early = result.getByTestId('traffic-item').filter({ hasText: EARLY_VIOLATION.location });
    await expect(early).toContainText(`${EARLY_VIOLATION.date[locale]}`);
    await expect(early).toContainText(EARLY_VIOLATION.time);
    await expect(early).not.toContainText(EARLY_VIOLATION.utcTime);
    // Each run deals with the first violation still open here (the shared stack keeps what earlier runs did).
    const handle = result.locator('[data-testid^="handle-"]').first();
    await expect(handle).toBeVisible();
    const violationId = ((await handle.getAttribute('data-testid')) ?? '').replace(/^handle-/, '');
    await checkScreen(page, 'traffic list with 处理', { elder });
    // Issue 12: with the printer out of paper the list is offered as the platform's page for the phone.
    stack.printer.setCondition({ paperOut: true });
    try {
      const listQr = page.getByTestId('print-phone-qr');
      await expect(listQr).toHaveAttribute('data-ready', 'true');
      const listUrl = (await listQr.getAttribute('data-value')) ?? '';
      expect(new URL(listUrl).pathname).toMatch(/^\/p\/traffic-queries\/[A-Za-z0-9_-]{16}$/);
      for (const value of [...personal, PLATE]) expect(listUrl).not.toContain(value);
    } finally {
      stack.printer.setCondition({ paperOut: false, coverOpen: false, paperNearEnd: false });
    }
    await handle.click();

    const decision = page.getByTestId('traffic-decision');
    await expect(decision).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('traffic-decision-text')).toContainText(PLATE);
    await expect(page.getByTestId('to-sign')).toBeDisabled();
    await expect(decision.getByTestId('step-indicator')).toHaveAttribute('data-current', '2');
    await checkScreen(page, 'traffic decision text', { elder });
    await page.getByTestId('agree').click();
    await page.getByTestId('to-sign').click();

    await expect(page.getByTestId('traffic-sign')).toBeVisible();
    await expect(page.getByTestId('traffic-accept')).toBeDisabled();
    await scribble(page, 'signature-pad');
    await checkScreen(page, 'traffic signature', { elder });
    await page.getByTestId('traffic-accept').click();

    const pay = page.getByTestId('pay-step');
    await expect(pay).toHaveAttribute('data-phase', 'choose', { timeout: 15_000 });
    await expect(page.getByTestId('traffic-pay-later')).toBeVisible();
    await checkScreen(page, 'traffic pay step', { elder });
    const charges = stack.paymentServer.ledger.charges.length;
    if (way === 'scan') {
      await page.getByTestId('pay-scan').click();
      await scanUntilCharged(page, stack, charges);
    } else {
      // The phone pays the terminal's code in a wallet; the amount is still the notice's.
      await page.getByTestId('pay-native-alipay').click();
      await expect(page.getByTestId('pay-qr')).toBeVisible();
      await expect.poll(() => waitingFine(stack)).toBeDefined();
      stack.paymentServer.ledger.payNative('alipay', waitingFine(stack)!);
    }
    const charge = stack.paymentServer.ledger.charges.at(-1)!;
    // A wallet's code is collected by the non-tax platform against the 缴款码.
    expect(charge.channel).toBe(way === 'scan' ? 'non-tax' : 'alipay');

    const done = page.getByTestId('traffic-done');
    await expect(done).toBeVisible({ timeout: 15_000 });
    const decisionNo = (await page.getByTestId('traffic-decision-no').textContent())?.trim() ?? '';
    expect(decisionNo).toMatch(/^\d+$/);
    await expect.poll(() => stack.core.payments!.journal.get(charge.orderNo)?.state).toBe('delivered');
    await checkScreen(page, 'traffic done', { elder });
    await expect(page.getByTestId('print-payment-button')).toBeEnabled();

    // Out of paper: the result's public page as a QR code instead, nothing personal in it.
    stack.printer.setCondition({ paperOut: true });
    try {
      await expect(page.getByTestId('print-button')).toBeDisabled();
      await expect(page.getByTestId('print-status')).toContainText(paperOut[locale]);
      // The payment slip has no public page: disabled too, with a note instead of a QR code.
      await expect(page.getByTestId('print-payment-button')).toBeDisabled();
      await expect(page.getByTestId('print-payment-blocked-note')).toBeVisible();
      const qr = page.getByTestId('print-phone-qr');
      await expect(qr).toHaveAttribute('data-ready', 'true');
      const url = (await qr.getAttribute('data-value')) ?? '';
      expect(new URL(url).pathname).toBe(`/p/traffic-decisions/${decisionNo}`);
      for (const value of personal) expect(url).not.toContain(value);
      await checkScreen(page, 'traffic done: QR instead of paper', { elder });
    } finally {
      stack.printer.setCondition({ paperOut: false, coverOpen: false, paperNearEnd: false });
    }

    await expect(page.getByTestId('print-button')).toBeEnabled();
    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
    const printed = stack.printer.receipts.at(-1)?.lines.join('\n') ?? '';
    expect(printed).toContain(decisionNo);
    // The violation's time on paper is the hall's clock too, not the OS clock's UTC.
    expect(printed).toContain(chinaStampOf(violationId));
    expect(printed).toContain(charge.orderNo);
    expect(printed).toContain(charge.transactionId);
    expect(printed).not.toContain(card.idNumber);
    expect(printed).not.toContain(SAMPLE_PAYMENT_CODE);
    // The payment slip of the fine's order.
    await page.getByTestId('print-payment-button').click();
    await expect(page.getByTestId('print-payment-status')).toHaveAttribute('data-status', 'printed');
    const slip = stack.printer.receipts.at(-1)?.lines.join('\n') ?? '';
    expect(slip).toContain(charge.orderNo);
    expect(slip).toContain(charge.transactionId);
    expect(slip).not.toContain(card.idNumber);
    await finishAndCheckWiped(page, stack, [...personal, PLATE]);
  });
}

const fineDue = { 'zh-CN': '待缴罚款 50.00 元', 'en-US': 'a fine of 50.00 yuan is due' } as const;
const leavePay = { 'zh-CN': '返回', 'en-US': 'Back' } as const;
const decidedDue = { 'zh-CN': '已决定，罚款待缴', 'en-US': 'Decided, fine not paid yet' } as const;

// Each run decides its own violation of the plate (the shared stack keeps what earlier runs did).
for (const [locale, elder, violationId] of [
  ['zh-CN', false, '1101052511200008'],
  ['en-US', true, '1101052511270015'],
] as const) {
  test(`traffic fine decided but left unpaid: a later session pays it from the list, then prints (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    const plate = '京C34567';
    // First visit: decided and signed, then the citizen leaves the pay step and the session.
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'traffic-violation');
    await typeOnKeyboard(page, plate);
    await page.getByTestId('query-button').click();
    await page.getByTestId(`handle-${violationId}`).click();
    await expect(page.getByTestId('traffic-decision')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('agree').click();
    await page.getByTestId('to-sign').click();
    await scribble(page, 'signature-pad');
    await page.getByTestId('traffic-accept').click();
    await expect(page.getByTestId('pay-step')).toHaveAttribute('data-phase', 'choose', { timeout: 15_000 });
    const decisionNo = ((await page.getByTestId('traffic-pay-decision-no').textContent()) ?? '').trim();
    expect(decisionNo).toMatch(/^\d+$/);
    await page.getByTestId('pay-step').getByRole('button', { name: leavePay[locale], exact: true }).click();
    await expect(page.getByTestId('traffic-result')).toBeVisible();
    await finishAndCheckWiped(page, stack, [...personal, plate]);
    expect(stack.core.payments!.journal.open().filter((o) => o.purchaseId === decisionNo && o.state === 'paid')).toHaveLength(0);

    // Later: the list shows it decided with the fine due, and offers 缴纳罚款 against that decision.
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'traffic-violation');
    await typeOnKeyboard(page, plate);
    await page.getByTestId('query-button').click();
    const due = page.getByTestId(`due-${violationId}`);
    await expect(due).toContainText(fineDue[locale]);
    await expect(due).toContainText(decisionNo);
    // Still to do for the citizen: not marked "dealt with", and the money owed is in the totals.
    await expect(page.getByTestId('traffic-item').filter({ has: due })).toContainText(decidedDue[locale]);
    await expect(page.getByTestId('traffic-fines-due')).toContainText('50.00');
    await expect(page.getByTestId(`handle-${violationId}`)).toHaveCount(0);
    await checkScreen(page, 'traffic list with a fine due', { elder });
    await page.getByTestId(`pay-${violationId}`).click();
    const pay = page.getByTestId('pay-step');
    await expect(pay).toHaveAttribute('data-phase', 'choose', { timeout: 15_000 });
    await expect(page.getByTestId('traffic-pay-decision-no')).toHaveText(decisionNo);
    // No decision to read or sign this time: the steps are list → pay → done.
    await expect(page.getByTestId('traffic-pay').getByTestId('step-indicator')).toHaveAttribute('data-total', '3');
    await expect(page.getByTestId('traffic-pay').getByTestId('step-indicator')).toHaveAttribute('data-current', '2');
    await checkScreen(page, 'traffic pay step for a fine due', { elder });
    const charges = stack.paymentServer.ledger.charges.length;
    await page.getByTestId('pay-scan').click();
    await scanUntilCharged(page, stack, charges);
    const charge = stack.paymentServer.ledger.charges.at(-1)!;
    expect(charge.amountFen).toBe(5000);
    await expect(page.getByTestId('traffic-done')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('traffic-decision-no')).toHaveText(decisionNo);
    await expect(page.getByTestId('traffic-done').getByTestId('step-indicator')).toHaveAttribute('data-current', '3');
    await expect.poll(() => stack.core.payments!.journal.get(charge.orderNo)?.state).toBe('delivered');
    await checkScreen(page, 'traffic done for a fine due', { elder });
    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
    expect(stack.printer.receipts.at(-1)?.lines.join('\n') ?? '').toContain(decisionNo);
    expect(stack.paymentServer.ledger.refunds.filter((r) => r.orderNo === charge.orderNo)).toHaveLength(0);
    await finishAndCheckWiped(page, stack, [...personal, plate]);
  });
}
