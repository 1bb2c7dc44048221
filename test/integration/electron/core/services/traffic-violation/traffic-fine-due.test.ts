/**
 * 交通违法处理: a decision accepted and left unpaid (the citizen left the pay step) is listed by
 * the platform as "decided, fine due" with its decision number and amount; a later session pays it
 * against the decision after 人证核验 (purpose traffic-fine, purchase = decision number), the
 * quote from the platform's figures only, delivered once. Also a decision the terminal's journal
 * does not know (decided at another terminal). Real core (demo stack), reference upstream and
 * payment server on loopback, real SQLite.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PaymentView, TrafficDecisionDraft, TrafficDecisionView, TrafficFinePaidView, TrafficViolationView } from '../../../../../../electron/contract/kiosk-api.ts';
import { passPersonCheck } from '../../../../../support/person-check.ts';
import { signaturePng, startServiceStack, type ServiceStack } from '../../../../../support/services-stack.ts';
import { waitFor } from '../../../../../support/wait.ts';

const ELIGIBLE = '1101052510120003';
const OTHER_PLATE_ELIGIBLE = '1101052511030001';
let s: ServiceStack;
let signature: string;

beforeAll(async () => {
  s = await startServiceStack({ services: ['traffic-violation'] });
  signature = await signaturePng();
}, 60_000);
afterAll(async () => s?.close());

/** A new citizen session: card, 人证核验, the plate's list. */
async function listed(plateNumber: string): Promise<TrafficViolationView> {
  await s.call('endSession');
  await s.sessionWithCard();
  await passPersonCheck(s.call);
  return s.value<TrafficViolationView>('queryTrafficViolations', { plateNumber });
}

/** Accepts the violation's decision and leaves without paying. */
async function decidedUnpaid(plateNumber: string, violationId: string): Promise<TrafficDecisionView> {
  await listed(plateNumber);
  const draft = await s.value<TrafficDecisionDraft>('draftTrafficDecision', { violationId });
  return s.value<TrafficDecisionView>('acceptTrafficDecision', { acceptId: randomUUID(), violationId, draftNo: draft.draftNo, agreed: true, signaturePng: signature });
}

async function payNative(decisionNo: string, shownFen: number): Promise<PaymentView> {
  const { payment } = await s.value<{ payment: PaymentView }>('startNativePayment', { purpose: 'traffic-fine', purchaseId: decisionNo, shownFen, channel: 'non-tax' });
  s.stack.paymentServer.ledger.payNative('non-tax', payment.orderNo);
  await expect.poll(async () => (await s.value<PaymentView>('checkPayment', { orderNo: payment.orderNo })).display, { timeout: 5000 }).toBe('paid');
  return s.value<PaymentView>('checkPayment', { orderNo: payment.orderNo });
}

const paidNotices = (decisionNo: string): number =>
  [...s.stack.upstream.submissions.values()].filter((sub) => (sub.body as { kind?: string; payload?: { decisionNo?: string } }).kind === 'traffic-fine-paid.v1' && (sub.body as { payload: { decisionNo?: string } }).payload.decisionNo === decisionNo).length;

it('accepted, left unpaid, listed again as fine due → paid against the decision → delivered once, then listed paid', async () => {
  const decision = await decidedUnpaid('京B23456', ELIGIBLE);
  const again = await listed('京B23456');
  const item = again.items.find((i) => i.violationId === ELIGIBLE)!;
  expect(item).toMatchObject({ handled: true, simpleProcedure: { eligible: false }, decision: { decisionNo: decision.decisionNo, amountDueFen: 10_000, status: 'due' } });
  // A due fine is not a new decision: the draft is refused as before.
  await s.failure('draftTrafficDecision', { violationId: ELIGIBLE }, 'VIOLATION_ALREADY_HANDLED');
  const offer = await s.value<{ amountFen: number }>('paymentOffer', { purpose: 'traffic-fine', purchaseId: decision.decisionNo });
  expect(offer.amountFen).toBe(10_000);
  const charges = s.stack.paymentServer.ledger.charges.length;
  const paid = await payNative(decision.decisionNo, item.decision!.amountDueFen);
  const done = await s.value<TrafficFinePaidView>('completeTrafficFine', { decisionNo: decision.decisionNo, orderNo: paid.orderNo });
  expect(done.decisionNo).toBe(decision.decisionNo);
  await waitFor(() => paidNotices(decision.decisionNo) === 1, 5000, 'the paid notice');
  await expect.poll(() => s.stack.core.payments!.journal.get(paid.orderNo)?.state, { timeout: 5000 }).toBe('delivered');
  await s.value('completeTrafficFine', { decisionNo: decision.decisionNo, orderNo: paid.orderNo });
  expect(paidNotices(decision.decisionNo)).toBe(1);
  expect(s.stack.paymentServer.ledger.charges.length).toBe(charges + 1);
  expect(s.stack.paymentServer.ledger.refunds.filter((r) => r.orderNo === paid.orderNo)).toHaveLength(0);
  const after = await listed('京B23456');
  expect(after.items.find((i) => i.violationId === ELIGIBLE)?.decision).toEqual({ decisionNo: decision.decisionNo, amountDueFen: 0, status: 'paid' });
});

it('a due fine the terminal never decided (another terminal did) is quoted from the platform\'s list and paid; unknown decisions are not', async () => {
  const decision = await decidedUnpaid('京A12345', OTHER_PLATE_ELIGIBLE);
  // This terminal's journal forgets it, as if the decision had been taken elsewhere.
  s.stack.core.db.prepare('DELETE FROM traffic_decision WHERE decision_no = ?').run(decision.decisionNo);
  await s.failure('paymentOffer', { purpose: 'traffic-fine', purchaseId: decision.decisionNo }, 'NOT_FOUND');
  const again = await listed('京A12345');
  expect(again.items.find((i) => i.violationId === OTHER_PLATE_ELIGIBLE)?.decision).toMatchObject({ decisionNo: decision.decisionNo, status: 'due', amountDueFen: decision.amountFen });
  expect((await s.value<{ amountFen: number }>('paymentOffer', { purpose: 'traffic-fine', purchaseId: decision.decisionNo })).amountFen).toBe(decision.amountFen);
  await s.failure('startNativePayment', { purpose: 'traffic-fine', purchaseId: decision.decisionNo, shownFen: 1, channel: 'non-tax' }, 'CONTENT_CHANGED');
  const paid = await payNative(decision.decisionNo, decision.amountFen);
  await s.value('completeTrafficFine', { decisionNo: decision.decisionNo, orderNo: paid.orderNo });
  await waitFor(() => paidNotices(decision.decisionNo) === 1, 5000, 'the paid notice');
});
