/**
 * A fine paid but never handed to delivery (the terminal crashed between "paid" and
 * beginDelivery): the purpose's `onPaidUndelivered: 'deliver'` makes the restarted engine deliver
 * it (the paid notice in the outbox) instead of refunding it; another purpose in the same engine
 * (the endorsement fee) keeps the default refund, and a wrong paid amount is refunded even for a
 * fine. Real SQLite file, real outbox, the reference payment server's ledger on loopback.
 */
import { expect, it } from 'vitest';
import { ENDORSEMENT_FEE_PURPOSE } from '../../../../../../electron/contract/services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import { TRAFFIC_FINE_PURPOSE } from '../../../../../../electron/contract/services/traffic-violation/traffic-violation.contract.ts';
import { silentLogger } from '../../../../../../electron/core/logging/logger.ts';
import { Outbox } from '../../../../../../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../../../../../../electron/core/outbox/outbox-key.ts';
import type { DeliveryCheck, PaidUndeliveredPolicy } from '../../../../../../electron/core/payments/payment-engine.ts';
import type { PaymentsRuntime } from '../../../../../../electron/core/payments/payments-runtime.ts';
import { OutboxSubmissionSink } from '../../../../../../electron/core/services/shared/submission-sink.ts';
import { paidNoticeKey, registerFinePurpose, type FineDeps } from '../../../../../../electron/core/services/traffic-violation/traffic-fine.ts';
import { TrafficJournal } from '../../../../../../electron/core/services/traffic-violation/traffic-journal.ts';
import { startPaymentsStack, type PaymentsStack } from '../../../../../support/payments-stack.ts';
import { useTempDir } from '../../../../../support/temp-dir.ts';

const dir = useTempDir('traffic-fine-owed');

interface Setup {
  stack: PaymentsStack;
  deps: FineDeps;
  outbox: Outbox;
  pay(purpose: string, purchaseId: string, amountFen: number, noticeNo?: string): Promise<string>;
}

async function setup(): Promise<Setup> {
  const checks: Record<string, DeliveryCheck> = {};
  const policies: Record<string, PaidUndeliveredPolicy> = {};
  const stack = await startPaymentsStack(dir.path('kiosk.db'), { deliveryChecks: checks, paidPolicies: policies, timeoutMs: 3000 });
  const journal = new TrafficJournal(stack.db);
  const outbox = new Outbox(stack.db, { keys: new OutboxKey(Buffer.alloc(32, 0x42)) });
  const deps: FineDeps = { journal, sink: new OutboxSubmissionSink(outbox), logger: silentLogger, terminalId: () => 'KM-0001' };
  // The runtime's registration as the core makes it: check and policy land in the engine's maps.
  const runtime = {
    registerPurpose: (purpose: string, _quote: unknown, check?: DeliveryCheck, policy?: PaidUndeliveredPolicy) => {
      if (check) checks[purpose] = check;
      if (policy) policies[purpose] = policy;
    },
  };
  registerFinePurpose(deps, runtime as unknown as PaymentsRuntime);
  const pay = async (purpose: string, purchaseId: string, amountFen: number, noticeNo?: string): Promise<string> => {
    const channel = noticeNo === undefined ? 'wechat-pay' : 'non-tax';
    if (noticeNo !== undefined) stack.server.notices.set(noticeNo, amountFen);
    const { order } = await stack.engine.startNative({ purpose, purchaseId, amountFen, subject: purpose, ...(noticeNo === undefined ? {} : { noticeNo }) }, channel);
    stack.server.ledger.payNative(channel, order.orderNo);
    await expect.poll(async () => (await stack.engine.check(order.orderNo)).state, { timeout: 15_000 }).toBe('paid');
    return order.orderNo;
  };
  return { stack, deps, outbox, pay };
}

function decided(deps: FineDeps, decisionNo: string): string {
  const noticeNo = `1100${decisionNo.slice(-16)}`;
  deps.journal.begin(`accept-${decisionNo}`, `11010525101${decisionNo.slice(-5)}`, 'CG00000001');
  deps.journal.accepted(`accept-${decisionNo}`, { decisionNo, noticeNo, amountFen: 10_000, points: 1, resultUrl: `http://127.0.0.1/p/traffic-decisions/${decisionNo}`, decidedAt: new Date().toISOString() });
  return noticeNo;
}

const refundsOf = (stack: PaymentsStack, orderNo: string): number => stack.server.ledger.refunds.filter((r) => r.orderNo === orderNo).length;

it('a fine left paid by a crashed run is delivered after the restart, its notice queued once, never refunded; the endorsement fee still refunds', async () => {
  const { stack, deps, outbox, pay } = await setup();
  try {
    const decisionNo = '110105202612050011';
    const fine = await pay(TRAFFIC_FINE_PURPOSE, decisionNo, 10_000, decided(deps, decisionNo));
    const fee = await pay(ENDORSEMENT_FEE_PURPOSE, 'endorsement-owed-1', 1500);
    // The crashed run: both rows stay 'paid', nothing handed to delivery, nothing in the outbox.
    expect([stack.journal.get(fine)?.state, stack.journal.get(fee)?.state]).toEqual(['paid', 'paid']);
    expect(outbox.getByKey(paidNoticeKey(decisionNo))).toBeUndefined();
    const engine = stack.restart();
    await expect.poll(async () => (await engine.settleOnce(), [stack.journal.get(fine)?.state, stack.journal.get(fee)?.state]), { timeout: 15_000 }).toEqual(['delivered', 'refunded']);
    expect(outbox.getByKey(paidNoticeKey(decisionNo))).toMatchObject({ stream: 'traffic-fines', kind: 'traffic-fine-paid.v1' });
    expect(deps.journal.byDecision(decisionNo)?.paidOrderNo).toBe(fine);
    expect(refundsOf(stack, fine)).toBe(0);
    expect(refundsOf(stack, fee)).toBe(1);
    // Further passes change nothing: no second notice, no refund.
    const notice = outbox.getByKey(paidNoticeKey(decisionNo))?.id;
    await engine.settleOnce();
    expect(outbox.getByKey(paidNoticeKey(decisionNo))?.id).toBe(notice);
    expect(refundsOf(stack, fine)).toBe(0);
  } finally {
    await stack.close();
  }
});

it('a fine left paid with a wrong amount is refunded after the restart, not delivered', async () => {
  const { stack, deps, outbox, pay } = await setup();
  try {
    const decisionNo = '110105202612050012';
    const fine = await pay(TRAFFIC_FINE_PURPOSE, decisionNo, 10_000, decided(deps, decisionNo));
    // The crash came between recording the paid amount and moving the mismatched order to
    // refunding: the row asks for more than was paid (the ledger refunds only what it charged).
    stack.db.prepare('UPDATE payment_order SET amount_fen = 11000 WHERE order_no = ?').run(fine);
    const engine = stack.restart();
    await expect.poll(async () => (await engine.settleOnce(), stack.journal.get(fine)?.state), { timeout: 15_000 }).toBe('refunded');
    expect(outbox.getByKey(paidNoticeKey(decisionNo))).toBeUndefined();
    expect(refundsOf(stack, fine)).toBe(1);
  } finally {
    await stack.close();
  }
});
