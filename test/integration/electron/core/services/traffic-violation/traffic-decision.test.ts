/**
 * 交通违法处理 through the real core (demo stack: card reader and printer on PTYs, the reference
 * upstream and the reference payment server on loopback): eligibility from the platform, 人证核验
 * before the decision, the acceptance idempotent on a double tap, the fine's amount only from the
 * platform, paid against the 缴款码 on the non-tax channel, the platform told through the outbox
 * (later when it is down, never refunded), the 处罚决定书 slip with masked data only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PaymentView, TrafficDecisionDraft, TrafficDecisionView, TrafficFinePaidView, TrafficViolationView } from '../../../../../../electron/contract/kiosk-api.ts';
import { sampleCards } from '../../../../../../native/simulators/sample-cards.ts';
import { passPersonCheck } from '../../../../../support/person-check.ts';
import { signaturePng, startServiceStack, type ServiceStack } from '../../../../../support/services-stack.ts';
import { waitFor } from '../../../../../support/wait.ts';
import { SAMPLE_CODES } from '../../../../../support/payments-stack.ts';

const ELIGIBLE = '1101052510120003';
const TOO_HIGH = '1101052509300011';
const ON_SITE = '1101052508150020';
const PARKING = '1101052507010005';
const OTHER_PLATE_ELIGIBLE = '1101052511030001';
const DECISIONS_PATH = '/api/v1/police/traffic-violations/decisions';
let s: ServiceStack;
let signature: string;

beforeAll(async () => {
  s = await startServiceStack({ services: ['traffic-violation'] });
  signature = await signaturePng();
}, 60_000);
afterAll(async () => s?.close());

async function verifiedSession(plateNumber: string): Promise<TrafficViolationView> {
  await s.sessionWithCard();
  await passPersonCheck(s.call);
  return s.value<TrafficViolationView>('queryTrafficViolations', { plateNumber });
}

/** Pays the decision's fine by the phone (主扫) on the non-tax channel, as the pay step would. */
async function payFineByCode(decision: TrafficDecisionView): Promise<PaymentView> {
  await waitFor(() => s.stack.core.devices.isReady('scanner'), 10_000, 'scanner');
  const paying = s.value<PaymentView>('payByScan', { purpose: 'traffic-fine', purchaseId: decision.decisionNo, shownFen: decision.amountFen, timeoutMs: 10_000 });
  const charges = s.stack.paymentServer.ledger.charges.length;
  await waitFor(
    async () => {
      if (s.stack.paymentServer.ledger.charges.length === charges) await s.stack.scanner!.scan(SAMPLE_CODES['wechat-pay']);
      return s.stack.paymentServer.ledger.charges.length > charges;
    },
    10_000,
    'the payment code charged',
    { intervalMs: 300 },
  );
  return paying;
}

async function payFine(decision: TrafficDecisionView): Promise<PaymentView> {
  const { payment } = await s.value<{ payment: PaymentView }>('startNativePayment', { purpose: 'traffic-fine', purchaseId: decision.decisionNo, shownFen: decision.amountFen, channel: 'non-tax' });
  s.stack.paymentServer.ledger.payNative('non-tax', payment.orderNo);
  await expect.poll(async () => (await s.value<PaymentView>('checkPayment', { orderNo: payment.orderNo })).display, { timeout: 5000 }).toBe('paid');
  return s.value<PaymentView>('checkPayment', { orderNo: payment.orderNo });
}

it('lists each violation with the platform\'s eligibility, and why and where to go when not', async () => {
  const view = await verifiedSession('京B23456');
  const byId = new Map(view.items.map((i) => [i.violationId, i]));
  expect(byId.get(ELIGIBLE)).toMatchObject({ fineFen: 10_000, points: 1, simpleProcedure: { eligible: true } });
  expect(byId.get(TOO_HIGH)?.simpleProcedure).toMatchObject({ eligible: false, reason: expect.stringMatching(/200元/), whereToGo: expect.stringMatching(/窗口/) });
  expect(byId.get(ON_SITE)?.simpleProcedure).toMatchObject({ eligible: false, reason: expect.stringMatching(/现场/) });
  // The result's public page for the phone (when the printer cannot print): no personal data in it.
  const page = await fetch(view.resultUrl!);
  expect(page.status).toBe(200);
  const shown = await page.text();
  expect(shown).not.toContain(sampleCards.resident.idNumber);
  expect(shown).not.toContain('京B23456');
});

it('needs 人证核验 for the decision; refuses an ineligible violation without asking the platform', async () => {
  await s.sessionWithCard();
  await s.value('queryTrafficViolations', { plateNumber: '京B23456' });
  await s.failure('draftTrafficDecision', { violationId: ELIGIBLE }, 'PERSON_NOT_VERIFIED');
  await passPersonCheck(s.call);
  const asked = s.stack.upstream.requests.length;
  expect(await s.failure('draftTrafficDecision', { violationId: TOO_HIGH }, 'VIOLATION_NOT_ELIGIBLE')).toMatch(/200/);
  expect(s.stack.upstream.requests.length).toBe(asked);
  await s.failure('draftTrafficDecision', { violationId: 'NOPE1' }, 'NOT_FOUND');
});

it('accepts once on a double tap, pays only the platform\'s amount, tells the platform, prints the decision masked', async () => {
  await verifiedSession('京B23456');
  const draft = await s.value<TrafficDecisionDraft>('draftTrafficDecision', { violationId: ELIGIBLE });
  expect(draft.paragraphs.join('')).toContain('罚款100元，记1分');
  const acceptId = randomUUID();
  const accept = { acceptId, violationId: ELIGIBLE, draftNo: draft.draftNo, agreed: true, signaturePng: signature };
  await s.failure('acceptTrafficDecision', { ...accept, acceptId: randomUUID(), draftNo: 'CG99999999' }, 'CONTENT_CHANGED');
  await s.failure('acceptTrafficDecision', { ...accept, acceptId: randomUUID(), signaturePng: `data:image/png;base64,${Buffer.from('not a png at all, only text bytes here').toString('base64')}` }, 'INVALID_REQUEST');
  const [first, second] = await Promise.all([s.value<TrafficDecisionView>('acceptTrafficDecision', accept), s.value<TrafficDecisionView>('acceptTrafficDecision', accept)]);
  expect(second).toEqual(first);
  expect(first).toMatchObject({ amountFen: 10_000, points: 1, paid: false, resultUrl: expect.stringContaining(`/p/traffic-decisions/${first.decisionNo}`) });
  // Another tap with a new key after the decision: the same decision, not a second one.
  expect((await s.value<TrafficDecisionView>('acceptTrafficDecision', { ...accept, acceptId: randomUUID() })).decisionNo).toBe(first.decisionNo);
  expect(s.stack.upstream.requests.filter((r) => r.path === DECISIONS_PATH && r.method === 'POST')).toHaveLength(1);

  const offer = await s.value<{ amountFen: number; channels: string[] }>('paymentOffer', { purpose: 'traffic-fine', purchaseId: first.decisionNo });
  expect(offer.amountFen).toBe(10_000);
  await s.failure('startNativePayment', { purpose: 'traffic-fine', purchaseId: first.decisionNo, shownFen: 5000, channel: 'non-tax' }, 'CONTENT_CHANGED');
  const paid = await payFine(first);
  const done = await s.value<TrafficFinePaidView>('completeTrafficFine', { decisionNo: first.decisionNo, orderNo: paid.orderNo });
  expect(done).toMatchObject({ decisionNo: first.decisionNo, resultUrl: first.resultUrl, a4: false });
  await waitFor(() => [...s.stack.upstream.submissions.values()].some((sub) => (sub.body as { kind: string }).kind === 'traffic-fine-paid.v1'), 5000, 'the paid notice');
  expect(s.stack.core.payments!.journal.get(paid.orderNo)?.state).toBe('delivered');
  // A repeat changes nothing; the platform now lists the violation handled.
  expect((await s.value<TrafficFinePaidView>('completeTrafficFine', { decisionNo: first.decisionNo, orderNo: paid.orderNo })).decisionNo).toBe(first.decisionNo);
  const after = await s.value<TrafficViolationView>('queryTrafficViolations', { plateNumber: '京B23456' });
  expect(after.items.find((i) => i.violationId === ELIGIBLE)).toMatchObject({ handled: true, simpleProcedure: { eligible: false } });
  await s.failure('draftTrafficDecision', { violationId: ELIGIBLE }, 'VIOLATION_ALREADY_HANDLED');

  const printedBefore = s.stack.printer.receipts.length;
  await s.value('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'traffic-decision', decisionNo: first.decisionNo } });
  const slip = (await s.stack.printer.waitForReceipts(printedBefore + 1, 5000)).at(-1)!;
  const text = slip.lines.join('\n');
  expect(text).toContain(first.decisionNo);
  expect(text).toContain(paid.orderNo);
  expect(text).toContain(paid.transactionId!);
  expect(text).toContain('100.00');
  expect(text).not.toContain(sampleCards.resident.idNumber);
  expect(slip.qrCodes).toEqual([first.resultUrl]);
  expect(s.logLines.join('\n')).not.toContain(sampleCards.resident.idNumber);
});

it('keeps the paid notice when the platform is down and delivers it later; nothing refunded', async () => {
  await verifiedSession('京A12345');
  const draft = await s.value<TrafficDecisionDraft>('draftTrafficDecision', { violationId: OTHER_PLATE_ELIGIBLE });
  const decision = await s.value<TrafficDecisionView>('acceptTrafficDecision', { acceptId: randomUUID(), violationId: OTHER_PLATE_ELIGIBLE, draftNo: draft.draftNo, agreed: true, signaturePng: signature });
  s.stack.upstream.setFault('http-500', { path: '/api/v1/submissions' });
  try {
    const paid = await payFine(decision);
    const done = await s.value<TrafficFinePaidView>('completeTrafficFine', { decisionNo: decision.decisionNo, orderNo: paid.orderNo });
    expect(done.delivery).toBe('queued');
    expect(s.stack.core.payments!.journal.get(paid.orderNo)?.state).toBe('delivered');
  } finally {
    s.stack.upstream.setFault('none');
  }
  await waitFor(() => s.stack.upstream.submissions.has(`traffic-paid-${decision.decisionNo}`), 15_000, 'the queued paid notice');
  expect(s.stack.paymentServer.ledger.refunds).toHaveLength(0);
});

it('an accept whose answer was lost is unknown, not refused; the retry gets the one decision; a wrong amount taken is refunded, not delivered', async () => {
  await verifiedSession('京B23456');
  const draft = await s.value<TrafficDecisionDraft>('draftTrafficDecision', { violationId: PARKING });
  const accept = { acceptId: randomUUID(), violationId: PARKING, draftNo: draft.draftNo, agreed: true, signaturePng: signature };
  s.stack.upstream.setFault('lost-response', { times: 1, path: DECISIONS_PATH });
  await s.failure('acceptTrafficDecision', accept, 'UPSTREAM_UNAVAILABLE');
  const decision = await s.value<TrafficDecisionView>('acceptTrafficDecision', accept);
  expect(decision.amountFen).toBe(20_000);
  // A channel that takes another amount than the notice's: refunded in full, never delivered.
  s.stack.paymentServer.ledger.queueFault('wrong-amount');
  const wrong = await payFineByCode(decision);
  await expect.poll(() => s.stack.core.payments!.journal.get(wrong.orderNo)?.state, { timeout: 10_000 }).toBe('refunded');
  await s.failure('completeTrafficFine', { decisionNo: decision.decisionNo, orderNo: wrong.orderNo }, 'INVALID_REQUEST');
  expect(s.stack.core.outbox.outbox.getByKey(`traffic-paid-${decision.decisionNo}`)).toBeUndefined();
  // The citizen's wallet code is collected by the non-tax platform against the 缴款码.
  const paid = await payFineByCode(decision);
  expect(paid).toMatchObject({ display: 'paid', channel: 'non-tax', amountFen: 20_000 });
  const posted = s.stack.upstream.requests.filter((r) => r.path === DECISIONS_PATH && (r.body as { violationId?: string }).violationId === PARKING);
  expect(posted).toHaveLength(2);
  expect(new Set(posted.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  expect((await s.value<{ amountFen: number }>('paymentOffer', { purpose: 'traffic-fine', purchaseId: decision.decisionNo })).amountFen).toBe(20_000);
});
