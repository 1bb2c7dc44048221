/**
 * A paid fine caught by a crash between "paid" and "delivered" (real SQLite file, the real outbox
 * and payment engine, the reference payment server on loopback): after the restart the delivery
 * check finds or queues the paid notice, and the order ends delivered, never refunded.
 */
import { expect, it } from 'vitest';
import { TRAFFIC_FINE_PURPOSE } from '../../../../../../electron/contract/services/traffic-violation/traffic-violation.contract.ts';
import { silentLogger } from '../../../../../../electron/core/logging/logger.ts';
import { Outbox } from '../../../../../../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../../../../../../electron/core/outbox/outbox-key.ts';
import type { DeliveryCheck } from '../../../../../../electron/core/payments/payment-engine.ts';
import type { PaymentsRuntime } from '../../../../../../electron/core/payments/payments-runtime.ts';
import { OutboxSubmissionSink } from '../../../../../../electron/core/services/shared/submission-sink.ts';
import { paidNoticeKey, registerFinePurpose, sendPaidNotice, type FineDeps } from '../../../../../../electron/core/services/traffic-violation/traffic-fine.ts';
import { TrafficJournal } from '../../../../../../electron/core/services/traffic-violation/traffic-journal.ts';
import { startPaymentsStack, type PaymentsStack } from '../../../../../support/payments-stack.ts';
import { useTempDir } from '../../../../../support/temp-dir.ts';

const dir = useTempDir('traffic-fine');

/** A decided fine in the journal, its notice known to the non-tax platform, paid by the phone, delivery begun. */
async function paidFineMidDelivery(decisionNo: string): Promise<{ stack: PaymentsStack; deps: FineDeps; outbox: Outbox; orderNo: string }> {
  const checks: Record<string, DeliveryCheck> = {};
  // A roomy channel timeout: on a loaded machine a slow answer must not turn into 'unknown' here.
  const stack = await startPaymentsStack(dir.path('kiosk.db'), { deliveryChecks: checks, timeoutMs: 3000 });
  const journal = new TrafficJournal(stack.db);
  const outbox = new Outbox(stack.db, { keys: new OutboxKey(Buffer.alloc(32, 0x42)) });
  const deps: FineDeps = { journal, sink: new OutboxSubmissionSink(outbox), logger: silentLogger, terminalId: () => 'KM-0001' };
  // The runtime's registration, as the core makes it: the quote and the check land in the engine's map.
  const quotes = new Map<string, (id: string) => Promise<unknown>>();
  const runtime = { registerPurpose: (purpose: string, quote: (id: string) => Promise<unknown>, check?: DeliveryCheck) => (quotes.set(purpose, quote), check && (checks[purpose] = check)) };
  registerFinePurpose(deps, runtime as unknown as PaymentsRuntime);
  const noticeNo = `1100${decisionNo.slice(-16)}`;
  journal.begin(`accept-${decisionNo}`, '1101052510120003', 'CG00000001');
  journal.accepted(`accept-${decisionNo}`, { decisionNo, noticeNo, amountFen: 10_000, points: 1, resultUrl: `http://127.0.0.1/p/traffic-decisions/${decisionNo}`, decidedAt: new Date().toISOString() });
  stack.server.notices.set(noticeNo, 10_000);
  const quote = (await quotes.get(TRAFFIC_FINE_PURPOSE)!(decisionNo)) as { amountFen: number; subject: string; noticeNo: string };
  expect(quote).toMatchObject({ amountFen: 10_000, noticeNo });
  expect(await quotes.get(TRAFFIC_FINE_PURPOSE)!('999')).toBeUndefined();
  const { order } = await stack.engine.startNative({ purpose: TRAFFIC_FINE_PURPOSE, purchaseId: decisionNo, ...quote }, 'non-tax');
  stack.server.ledger.payNative('non-tax', order.orderNo);
  await expect.poll(async () => (await stack.engine.check(order.orderNo)).state, { timeout: 15_000 }).toBe('paid');
  stack.engine.beginDelivery(order.orderNo);
  return { stack, deps, outbox, orderNo: order.orderNo };
}

it('a crash before the notice was queued: the check after the restart queues it and the order is delivered', async () => {
  const { stack, outbox, orderNo } = await paidFineMidDelivery('110105202612050001');
  try {
    expect(outbox.getByKey(paidNoticeKey('110105202612050001'))).toBeUndefined();
    const engine = stack.restart();
    await expect.poll(async () => (await engine.settleOnce(), stack.journal.get(orderNo)?.state), { timeout: 15_000 }).toBe('delivered');
    expect(outbox.getByKey(paidNoticeKey('110105202612050001'))).toMatchObject({ stream: 'traffic-fines', kind: 'traffic-fine-paid.v1' });
    expect(stack.server.ledger.refunds).toHaveLength(0);
  } finally {
    await stack.close();
  }
});

it('a crash after the notice was queued: the check finds it, queues nothing twice, and nothing is refunded', async () => {
  const { stack, deps, outbox, orderNo } = await paidFineMidDelivery('110105202612050002');
  try {
    await sendPaidNotice(deps, stack.journal.get(orderNo)!);
    const queued = outbox.getByKey(paidNoticeKey('110105202612050002'));
    const engine = stack.restart();
    await expect.poll(async () => (await engine.settleOnce(), stack.journal.get(orderNo)?.state), { timeout: 15_000 }).toBe('delivered');
    expect(outbox.getByKey(paidNoticeKey('110105202612050002'))?.id).toBe(queued?.id);
    expect(stack.server.ledger.refunds).toHaveLength(0);
    expect(deps.journal.byDecision('110105202612050002')?.paidOrderNo).toBe(orderNo);
  } finally {
    await stack.close();
  }
});
