/**
 * A crash between "paid" and "submitted": the endorsement's fee is delivered exactly once or
 * refunded, counted from the reference payment server's ledger and the outbox. The fee is paid
 * through the real core (demo stack); the crash leaves the journal and the outbox as the killed run
 * did (the steps of the submit handler up to the crash point, on the same SQLite file), and the
 * restart is a new payment engine on that file (as the next run's would be: none of the orders are
 * its own), with the endorsement's real delivery check on the real outbox. The stack's own settle
 * loop is stopped so only the restarted run settles.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { EndorsementFeeView, PaymentView } from '../../../../../../electron/contract/kiosk-api.ts';
import { AlertBoard } from '../../../../../../electron/core/alerts/alert-board.ts';
import { silentLogger } from '../../../../../../electron/core/logging/logger.ts';
import { PaymentEngine } from '../../../../../../electron/core/payments/payment-engine.ts';
import { PaymentJournal } from '../../../../../../electron/core/payments/payment-journal.ts';
import { endorsementDeliveryCheck, ENDORSEMENT_FEE_PURPOSE } from '../../../../../../electron/core/services/hk-macau-endorsement/endorsement-fee.ts';
import { ENDORSEMENT_KIND, ENDORSEMENT_STREAM, endorsementKey } from '../../../../../../electron/core/services/hk-macau-endorsement/endorsement-upstream.ts';
import { OutboxSubmissionSink, type SubmissionSink } from '../../../../../../electron/core/services/shared/submission-sink.ts';
import { passPersonCheck } from '../../../../../support/person-check.ts';
import { startServiceStack, type ServiceStack } from '../../../../../support/services-stack.ts';
import { waitFor } from '../../../../../support/wait.ts';
import { samplePermits } from '../../../../../upstream/endorsement-routes.ts';

let s: ServiceStack;
let sink: OutboxSubmissionSink;

beforeAll(async () => {
  s = await startServiceStack({ services: ['hk-macau-endorsement'] });
  await s.stack.core.payments!.engine.stop();
  sink = new OutboxSubmissionSink(s.stack.core.outbox.outbox);
}, 60_000);
afterAll(async () => s?.close());

beforeEach(async () => {
  await s.call('endSession');
  await s.sessionWithCard();
  await passPersonCheck(s.call);
  await s.value('listEndorsementOptions', { by: 'entry', permitNumber: samplePermits[0]!.permitNumber });
});

const ledger = () => s.stack.paymentServer.ledger;
const outbox = () => s.stack.core.outbox.outbox;
const runtime = () => s.stack.core.payments!;

/** The next run: a fresh engine on the same database file, with the endorsement's delivery check on `check`'s sink. */
function restartedEngine(check: SubmissionSink = sink): PaymentEngine {
  const engine = runtime().engine;
  return new PaymentEngine({
    journal: new PaymentJournal(s.stack.core.db),
    channels: Object.fromEntries(engine.channels.map((id) => [id, engine.channelFor(id)])),
    alerts: new AlertBoard(),
    logger: silentLogger,
    terminalId: 'DEMO-0001',
    deliveryChecks: { [ENDORSEMENT_FEE_PURPOSE]: endorsementDeliveryCheck(check) },
  });
}

/** The fee of a fresh application, paid on the phone: the order is "paid", nothing submitted yet. */
async function paidFee(): Promise<{ submissionId: string; orderNo: string }> {
  const submissionId = randomUUID();
  const fee = await s.value<EndorsementFeeView>('endorsementFee', { submissionId, type: 'L' });
  if (fee.payAt !== 'terminal') throw new Error('expected the fee at the terminal');
  const { payment } = await s.value<{ payment: PaymentView }>('startNativePayment', { purpose: fee.purpose, purchaseId: fee.purchaseId, shownFen: fee.amountFen, channel: 'wechat-pay' });
  ledger().payNative('wechat-pay', payment.orderNo);
  await waitFor(async () => (await s.value<PaymentView>('checkPayment', { orderNo: payment.orderNo })).display === 'paid', 5000, 'paid');
  return { submissionId, orderNo: payment.orderNo };
}

/** What the ledger and the outbox say about one application and its order. */
const tally = (submissionId: string, orderNo: string) => ({
  charged: ledger().charges.filter((c) => c.orderNo === orderNo).length,
  refunded: ledger().refunds.filter((r) => r.orderNo === orderNo).length,
  submitted: outbox().getByKey(endorsementKey(submissionId)) === undefined ? 0 : 1,
});

async function settleAfterRestart(orderNo: string, check?: SubmissionSink): Promise<string> {
  const next = restartedEngine(check);
  await next.settleOnce();
  return next.get(orderNo)!.state;
}

it('crash after paid, before the delivery began: the restart refunds; nothing is submitted, and a late submit is refused', async () => {
  const { submissionId, orderNo } = await paidFee();
  expect(await settleAfterRestart(orderNo)).toBe('refunded');
  expect(tally(submissionId, orderNo)).toEqual({ charged: 1, refunded: 1, submitted: 0 });
  await s.failure('submitEndorsement', { submissionId, type: 'L', orderNo }, 'INVALID_REQUEST');
  expect(tally(submissionId, orderNo).submitted).toBe(0);
});

it('crash after the delivery began, before the application was queued: the delivery check finds no application and refunds', async () => {
  const { submissionId, orderNo } = await paidFee();
  runtime().engine.beginDelivery(orderNo);
  expect(await settleAfterRestart(orderNo)).toBe('refunded');
  expect(tally(submissionId, orderNo)).toEqual({ charged: 1, refunded: 1, submitted: 0 });
});

it('crash after the application was queued, before "delivered": the delivery check finds it; delivered once, no refund', async () => {
  const { submissionId, orderNo } = await paidFee();
  runtime().engine.beginDelivery(orderNo);
  await sink.submit({ stream: ENDORSEMENT_STREAM, kind: ENDORSEMENT_KIND, payload: { payment: { status: 'paid', orderNo } }, personal: true, idempotencyKey: endorsementKey(submissionId) });
  expect(await settleAfterRestart(orderNo)).toBe('delivered');
  expect(tally(submissionId, orderNo)).toEqual({ charged: 1, refunded: 0, submitted: 1 });
  // The screen's retry after the restart submits nothing more: the same key, the same one item.
  const before = outbox().count('pending') + outbox().count('delivered') + outbox().count('failed');
  await s.value('submitEndorsement', { submissionId, type: 'L', orderNo });
  expect(outbox().count('pending') + outbox().count('delivered') + outbox().count('failed')).toBe(before);
  expect(tally(submissionId, orderNo)).toEqual({ charged: 1, refunded: 0, submitted: 1 });
});

it('a sink that cannot tell leaves the order delivering (neither refunded nor assumed delivered) for staff', async () => {
  const { submissionId, orderNo } = await paidFee();
  runtime().engine.beginDelivery(orderNo);
  const blind: SubmissionSink = { submit: (item) => sink.submit(item) };
  expect(await settleAfterRestart(orderNo, blind)).toBe('delivering');
  expect(tally(submissionId, orderNo)).toEqual({ charged: 1, refunded: 0, submitted: 0 });
  // Once the outbox can be asked, the next pass settles it: no application, so the money goes back.
  expect(await settleAfterRestart(orderNo)).toBe('refunded');
  expect(tally(submissionId, orderNo)).toEqual({ charged: 1, refunded: 1, submitted: 0 });
});
