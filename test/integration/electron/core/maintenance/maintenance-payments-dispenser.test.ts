/**
 * Issue 13's staff methods on the real core (demo stack: real SQLite, the dispenser simulator on a
 * PTY, the reference payment server on loopback): reconcile a day now, the orders that need staff
 * (order numbers masked, named by an opaque reference) and a re-query, settling a hand-out the
 * terminal could not finish, and the dispenser's self-test. Staff-only, audited, bad input refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DispenserSelfTestView,
  PaymentAcknowledgeResult,
  HandOutSettledView,
  HandOutToSettleView,
  PaymentReconciliationView,
  PaymentRequeryResult,
  PaymentsNeedingStaffView,
} from '../../../../../electron/contract/kiosk-api.ts';
import { HandOutJournal } from '../../../../../electron/core/dispensing/handout-journal.ts';
import { PAYMENT_ALERT } from '../../../../../electron/core/payments/payment-alerts.ts';
import { startDemoStack, type DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import { SAMPLE_CODES } from '../../../../support/payments-stack.ts';
import { DEFAULT_CORNER_SEQUENCE, provisionStaffPin } from '../../../../support/staff-pin.ts';

const ctx = { shell: 'browser' as const, connectionId: 'maintenance-issue13-test' };
const PIN = '470215';
let stack: DemoStack;
let dataDir: string;

const call = (method: string, payload: unknown = {}) => stack.core.apiHost.dispatch(method, payload, ctx);
async function value<T>(method: string, payload: unknown = {}): Promise<T> {
  const res = await call(method, payload);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}
const errorCode = async (method: string, payload: unknown = {}) => {
  const res = await call(method, payload);
  return res.ok ? 'ok' : res.error.code;
};
const audit = () => stack.core.maintenance.audit.tail(500);
const today = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const payments = () => stack.core.payments!;
const alertIds = () => stack.core.outbox.alerts.list().map((a) => a.id);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-issue13-'));
  await provisionStaffPin(dataDir, PIN);
  stack = await startDemoStack({ dataDir, scanner: false });
  for (const corner of DEFAULT_CORNER_SEQUENCE) await value('staffCornerTap', { corner });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('staff methods of issue 13 on the real core', () => {
  it('refuses them all without a staff session', async () => {
    for (const [method, payload] of [
      ['reconcilePayments', { day: today() }],
      ['listPaymentsNeedingStaff', {}],
      ['requeryPayment', { ref: 'AAAAAAAAAAAAAAAA' }],
      ['acknowledgePaymentMismatch', { ref: 'AAAAAAAAAAAAAAAA' }],
      ['listHandOutsToSettle', {}],
      ['settleHandOut', { certificateId: 'CERT-1', found: 'missing', note: 'x' }],
      ['dispenserSelfTest', {}],
    ] as const) {
      expect(await errorCode(method, payload), method).toBe('UNAUTHORIZED');
    }
    expect(await value<{ status: string }>('staffLogin', { pin: PIN })).toMatchObject({ status: 'ok' });
  });

  it('reconciles a day now: clean, then with a planted difference shown masked and raised', async () => {
    const order = await payments().engine.payByCode({ purpose: 'fine', purchaseId: 'M1', amountFen: 1200, subject: '罚款' }, SAMPLE_CODES['wechat-pay']);
    payments().engine.delivered(order.orderNo);
    const clean = await value<PaymentReconciliationView>('reconcilePayments', { day: today() });
    expect(clean).toMatchObject({ day: today(), ordersChecked: 1, statementLines: 1, differences: [], unavailable: [] });

    stack.paymentServer.ledger.plantedLines.push({ channel: 'alipay', line: '`DEMO0001PLANTED00042,`4401,payment,700' });
    const found = await value<PaymentReconciliationView>('reconcilePayments', { day: today() });
    expect(found.differences).toEqual([{ channel: 'alipay', orderNoMasked: 'DEMO00…0042', kind: 'unknown-order', terminalFen: 0, statementFen: 700 }]);
    expect(JSON.stringify(found)).not.toContain('DEMO0001PLANTED00042');
    expect(alertIds()).toContain(`payment-reconciliation:${today()}`);
    expect(audit().filter((e) => e.action === 'payments.reconciled').map((e) => e.details)).toEqual([
      { day: today(), orders: 1, differences: 0, unavailable: 'none' },
      { day: today(), orders: 1, differences: 1, unavailable: 'none' },
    ]);
    stack.paymentServer.ledger.plantedLines.length = 0;
  });

  it('refuses a malformed day before anything runs', async () => {
    expect(await errorCode('reconcilePayments', { day: '2026/12/04' })).toBe('INVALID_REQUEST');
    expect(await errorCode('reconcilePayments', {})).toBe('INVALID_REQUEST');
  });

  it('lists the orders needing staff masked, and re-queries one by its reference', async () => {
    stack.paymentServer.ledger.queueFault('wrong-amount');
    const order = await payments().engine.payByCode({ purpose: 'fine', purchaseId: 'M2', amountFen: 900, subject: '罚款' }, SAMPLE_CODES.alipay);
    const view = await value<PaymentsNeedingStaffView>('listPaymentsNeedingStaff');
    expect(view.configured).toBe(true);
    expect(view.orders).toHaveLength(1);
    const [entry] = view.orders;
    expect(entry).toMatchObject({ reason: 'amount-mismatch', amountFen: 900, channel: 'alipay', state: 'refunded', orderNoMasked: `${order.orderNo.slice(0, 6)}…${order.orderNo.slice(-4)}` });
    expect(entry!.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(view)).not.toContain(order.orderNo);

    const requery = await value<PaymentRequeryResult>('requeryPayment', { ref: entry!.ref });
    expect(requery.before).toBe('refunded');
    expect(requery.order).toMatchObject({ ref: entry!.ref, state: 'refunded' });
    expect(audit().filter((e) => e.action === 'payments.requeried').at(-1)?.details).toMatchObject({ reason: 'amount-mismatch', from: 'refunded', to: 'refunded' });
    expect(await errorCode('requeryPayment', { ref: 'ZZZZZZZZZZZZZZZZ' })).toBe('NOT_FOUND');
    expect(await errorCode('requeryPayment', { ref: order.orderNo })).toBe('INVALID_REQUEST');
  });

  it('acknowledges a wrong amount only once the channel confirmed its refund: its alert goes and it leaves the list', async () => {
    // A wrong amount whose refund has not been answered yet, as a restart between the charge and the
    // refund's answer leaves it (planted in the real journal; the settle loop is not due for it).
    const pendingNo = 'KM0001PENDINGREFUND7';
    const journal = payments().journal;
    journal.create({ orderNo: pendingNo, purchaseId: 'M3', purpose: 'fine', channel: 'alipay', method: 'micropay', amountFen: 600, subject: '罚款', deadlineAt: new Date(Date.now() + 3_600_000) });
    journal.move(pendingNo, 'paid', { transactionId: 'T-PENDING-7', paidFen: 601, detail: 'micropay' });
    journal.move(pendingNo, 'refunding', { detail: 'refund pending', nextCheckAt: new Date(Date.now() + 3_600_000) });
    stack.core.outbox.alerts.raise({ id: PAYMENT_ALERT.amountMismatch(pendingNo), kind: 'payment-amount-mismatch', severity: 'critical', detail: 'planted' });

    const before = await value<PaymentsNeedingStaffView>('listPaymentsNeedingStaff');
    const pending = before.orders.find((o) => o.state === 'refunding');
    const refunded = before.orders.find((o) => o.state === 'refunded');
    expect(pending).toMatchObject({ paidFen: 601, amountFen: 600 });
    expect(refunded).toMatchObject({ reason: 'amount-mismatch' });
    const refundedNo = payments().journal.amountMismatched().find((o) => o.state === 'refunded')!.orderNo;

    // Refused while the refund is out: nothing changes, and the reason is given.
    const refused = await value<PaymentAcknowledgeResult>('acknowledgePaymentMismatch', { ref: pending!.ref });
    expect(refused).toEqual({ acknowledged: false, ref: pending!.ref, orderNoMasked: 'KM0001…UND7', state: 'refunding', reason: 'refund-not-settled' });
    expect(alertIds()).toContain(PAYMENT_ALERT.amountMismatch(pendingNo));
    expect(audit().filter((e) => e.action === 'payments.mismatch-acknowledge-refused').at(-1)?.details).toEqual({ order: 'KM0001…UND7', state: 'refunding' });

    // Done once the channel said refunded: the alert resolves and the row leaves the list.
    const done = await value<PaymentAcknowledgeResult>('acknowledgePaymentMismatch', { ref: refunded!.ref });
    expect(done).toEqual({ acknowledged: true, ref: refunded!.ref, orderNoMasked: refunded!.orderNoMasked, state: 'refunded' });
    expect(alertIds()).not.toContain(PAYMENT_ALERT.amountMismatch(refundedNo));
    const after = await value<PaymentsNeedingStaffView>('listPaymentsNeedingStaff');
    expect(after.orders.map((o) => o.ref)).toEqual([pending!.ref]);
    expect(audit().filter((e) => e.action === 'payments.mismatch-acknowledged').at(-1)?.details).toMatchObject({ order: refunded!.orderNoMasked, amountFen: 900 });
    expect(JSON.stringify(audit())).not.toContain(refundedNo);
    expect(JSON.stringify(audit())).not.toContain(pendingNo);

    // Bad input: gone already, the full order number, a malformed reference.
    expect(await errorCode('acknowledgePaymentMismatch', { ref: refunded!.ref })).toBe('NOT_FOUND');
    expect(await errorCode('acknowledgePaymentMismatch', { ref: pendingNo })).toBe('INVALID_REQUEST');
    expect(await errorCode('acknowledgePaymentMismatch', { ref: 'short' })).toBe('INVALID_REQUEST');
    expect(await errorCode('acknowledgePaymentMismatch', {})).toBe('INVALID_REQUEST');
  });

  it('settles a captured and an unknown hand-out; settled rows are never handed out again', async () => {
    const journal = new HandOutJournal(stack.core.db);
    for (const [id, state] of [
      ['CERT-CAPTURED-1', 'captured'],
      ['CERT-UNKNOWN-2', 'unknown'],
    ] as const) {
      journal.claim({ certificateId: id, certificateNumber: `ZJ-${id}-4321`, slot: 40 });
      journal.set(id, state, { detail: state === 'captured' ? 'not-taken' : 'interrupted while dispensing' });
      stack.core.outbox.alerts.raise({ id: `certificate-${state}:${id.toLowerCase()}`, kind: state === 'captured' ? 'certificate-captured' : 'certificate-handout-unknown', severity: 'warning', detail: id });
    }
    const list = await value<HandOutToSettleView[]>('listHandOutsToSettle');
    expect(list.map((r) => [r.certificateId, r.state, r.numberTail, r.slot])).toEqual([
      ['CERT-CAPTURED-1', 'captured', '4321', 40],
      ['CERT-UNKNOWN-2', 'unknown', '4321', 40],
    ]);

    expect(await errorCode('settleHandOut', { certificateId: 'CERT-CAPTURED-1', found: 'in-bin', note: '   ' })).toBe('INVALID_REQUEST');
    expect(await errorCode('settleHandOut', { certificateId: 'CERT-CAPTURED-1', found: 'lost', note: 'x' })).toBe('INVALID_REQUEST');
    expect(await errorCode('settleHandOut', { certificateId: 'CERT-NOPE', found: 'missing', note: 'x' })).toBe('NOT_FOUND');
    expect(journal.get('CERT-CAPTURED-1')?.state).toBe('captured');

    const settled = await value<HandOutSettledView>('settleHandOut', { certificateId: 'CERT-CAPTURED-1', found: 'in-bin', note: 'in the bin, returned to the counter' });
    expect(settled).toMatchObject({ certificateId: 'CERT-CAPTURED-1', state: 'settled', found: 'in-bin', from: 'captured' });
    await value('settleHandOut', { certificateId: 'CERT-UNKNOWN-2', found: 'missing', note: 'not in the bin nor the channel' });
    expect(alertIds().filter((id) => id.startsWith('certificate-'))).toEqual([]);
    expect(await value<HandOutToSettleView[]>('listHandOutsToSettle')).toEqual([]);
    expect(await errorCode('settleHandOut', { certificateId: 'CERT-CAPTURED-1', found: 'missing', note: 'again' })).toBe('INVALID_REQUEST');
    expect(journal.claim.bind(journal, { certificateId: 'CERT-CAPTURED-1', certificateNumber: 'ZJ-CERT-CAPTURED-1-4321', slot: 40 })).toThrow(/is settled/);
    const entries = audit().filter((e) => e.action === 'dispenser.handout-settled').map((e) => e.details);
    expect(entries).toEqual([
      { certificateId: 'CERT-CAPTURED-1', from: 'captured', found: 'in-bin', noteChars: 'in the bin, returned to the counter'.length },
      { certificateId: 'CERT-UNKNOWN-2', from: 'unknown', found: 'missing', noteChars: 'not in the bin nor the channel'.length },
    ]);
    // The staff's free-text note stays in the journal, not in the audit log.
    expect(JSON.stringify(audit())).not.toContain('returned to the counter');
  });

  it('self-tests the dispenser: sensors only, then a test card into the bin when asked', async () => {
    const sensors = await value<DispenserSelfTestView>('dispenserSelfTest');
    expect(sensors).toMatchObject({ outcome: 'passed', sensors: { channel: 'empty', binFull: false } });
    expect(sensors.testCard).toBeUndefined();
    const binBefore = stack.dispenser.bin.length;
    stack.dispenser.load(95, 'TEST-BLANK-0095');
    const moved = await value<DispenserSelfTestView>('dispenserSelfTest', { dispenseToBinSlot: 95 });
    expect(moved).toMatchObject({ outcome: 'passed', testCard: { slot: 95, readBack: '0095', inBin: true } });
    expect(stack.dispenser.bin.slice(binBefore)).toEqual([{ slot: 95, number: 'TEST-BLANK-0095' }]);
    expect(stack.dispenser.exits.map((e) => e.cardNumber)).not.toContain('TEST-BLANK-0095');
    expect(await errorCode('dispenserSelfTest', { dispenseToBinSlot: 0 })).toBe('INVALID_REQUEST');
    expect(audit().filter((e) => e.action === 'device.self-test' && e.details?.device === 'dispenser').map((e) => e.details?.outcome)).toEqual(['passed', 'passed']);
  });
});
