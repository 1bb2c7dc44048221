/**
 * The endorsement fee paid at the terminal, through the real core (demo stack: the reference
 * upstream and the reference payment server on loopback, scanner and printer on PTYs, the real
 * outbox on SQLite). Counted from the payment server's ledger and the outbox, never from the
 * terminal's own journal alone: the quote is the upstream's fee for the chosen type; a different
 * amount is refused before any money moves; a paid fee is submitted once however often the screen
 * asks; leaving the pay step (or the terminal) submits nothing and keeps no money; a terminal
 * without a wallet channel keeps the fee due at the counter. The crash cases are in
 * hk-macau-endorsement-fee-crash.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EndorsementFeeView, EndorsementReceiptView, PaymentView } from '../../../../../../electron/contract/kiosk-api.ts';
import { sampleCards } from '../../../../../../native/simulators/sample-cards.ts';
import { passPersonCheck } from '../../../../../support/person-check.ts';
import { SAMPLE_CODES } from '../../../../../support/payments-stack.ts';
import { startServiceStack, type ServiceStack } from '../../../../../support/services-stack.ts';
import { waitFor } from '../../../../../support/wait.ts';
import { samplePermits } from '../../../../../upstream/endorsement-routes.ts';

const PURPOSE = 'hk-macau-endorsement-fee';
const zhangSan = samplePermits[0]!;
let s: ServiceStack;

beforeAll(async () => {
  s = await startServiceStack({ services: ['hk-macau-endorsement'] });
  await waitFor(() => s.stack.core.devices.isReady('scanner'), 10_000, 'the scanner');
}, 60_000);
afterAll(async () => s?.close());

beforeEach(async () => {
  await s.call('endSession');
  await s.sessionWithCard();
  await passPersonCheck(s.call);
  await s.value('listEndorsementOptions', { by: 'entry', permitNumber: zhangSan.permitNumber });
});

const ledger = () => s.stack.paymentServer.ledger;
const chargesOf = (orderNo: string) => ledger().charges.filter((c) => c.orderNo === orderNo);
const refundsOf = (orderNo: string) => ledger().refunds.filter((r) => r.orderNo === orderNo);
const outboxItem = (submissionId: string) => s.stack.core.outbox.outbox.getByKey(`endorsement-${submissionId}`);
const journal = () => s.stack.core.payments!.journal;

async function feeAtTerminal(type: string, submissionId = randomUUID()): Promise<Extract<EndorsementFeeView, { payAt: 'terminal' }>> {
  const fee = await s.value<EndorsementFeeView>('endorsementFee', { submissionId, type });
  if (fee.payAt !== 'terminal') throw new Error(`expected the fee at the terminal, got ${JSON.stringify(fee)}`);
  return fee;
}

/** 主扫: the terminal's code, paid on the "phone" (the reference server), checked until paid. */
async function payByPhone(fee: { purpose: string; purchaseId: string; amountFen: number }, channel = 'alipay'): Promise<PaymentView> {
  const { payment } = await s.value<{ payment: PaymentView }>('startNativePayment', { purpose: fee.purpose, purchaseId: fee.purchaseId, shownFen: fee.amountFen, channel });
  expect(payment.display).toBe('waiting');
  ledger().payNative(channel as 'alipay', payment.orderNo);
  let view = payment;
  await waitFor(async () => (view = await s.value<PaymentView>('checkPayment', { orderNo: payment.orderNo })).display !== 'waiting', 5000, 'the payment settled');
  return view;
}

describe('the endorsement fee at the terminal', () => {
  it('quotes the fee the upstream states for the chosen type, and nothing for a type it does not allow', async () => {
    const l = await feeAtTerminal('L');
    expect(l).toEqual({ payAt: 'terminal', purpose: PURPOSE, purchaseId: l.purchaseId, amountFen: 1500 });
    // The reference upstream prices 其他 (Q) at 20.5 yuan: each type is charged its own fee.
    const q = await feeAtTerminal('Q');
    expect(q.amountFen).toBe(2050);
    expect(await s.value('paymentOffer', { purpose: PURPOSE, purchaseId: q.purchaseId })).toMatchObject({ amountFen: 2050, subject: '往来港澳签注费（Q）' });
    await s.failure('endorsementFee', { submissionId: randomUUID(), type: 'S' }, 'ENDORSEMENT_NOT_ALLOWED');
    // A purchase the endorsement never offered in this session has no price.
    await s.failure('paymentOffer', { purpose: PURPOSE, purchaseId: randomUUID() }, 'NOT_FOUND');
    // One submission id is one application: it cannot be re-priced as another type.
    await s.failure('endorsementFee', { submissionId: l.purchaseId, type: 'Q' }, 'INVALID_REQUEST');
  });

  it('refuses an amount other than the quote before any money moves, and an application without the fee paid', async () => {
    const fee = await feeAtTerminal('L');
    const charges = ledger().charges.length;
    await s.failure('startNativePayment', { purpose: PURPOSE, purchaseId: fee.purchaseId, shownFen: 1400, channel: 'alipay' }, 'CONTENT_CHANGED');
    await s.failure('payByScan', { purpose: PURPOSE, purchaseId: fee.purchaseId, shownFen: 1600, timeoutMs: 2000 }, 'CONTENT_CHANGED');
    expect(ledger().charges.length).toBe(charges);
    expect(journal().forPurchase(PURPOSE, fee.purchaseId)).toEqual([]);
    await s.failure('submitEndorsement', { submissionId: fee.purchaseId, type: 'L' }, 'INVALID_REQUEST');
    expect(outboxItem(fee.purchaseId)).toBeUndefined();
  });

  it('pays by the scanned payment code, then submits the application once with the order inside, and prints the payment lines', async () => {
    const fee = await feeAtTerminal('L');
    const paying = s.value<PaymentView>('payByScan', { purpose: fee.purpose, purchaseId: fee.purchaseId, shownFen: fee.amountFen, timeoutMs: 10_000 });
    await waitFor(async () => {
      await s.stack.scanner!.scan(SAMPLE_CODES['wechat-pay']);
      return journal().forPurchase(PURPOSE, fee.purchaseId).length > 0;
    }, 10_000, 'the code scanned while the core waits', { intervalMs: 200 });
    const paid = await paying;
    expect(paid).toMatchObject({ display: 'paid', channel: 'wechat-pay', amountFen: 1500 });

    const request = { submissionId: fee.purchaseId, type: 'L', orderNo: paid.orderNo };
    const [first, second] = await Promise.all([s.value<EndorsementReceiptView>('submitEndorsement', request), s.value<EndorsementReceiptView>('submitEndorsement', request)]);
    const again = await s.value<EndorsementReceiptView>('submitEndorsement', request);
    expect(second).toEqual(first);
    expect(again).toEqual(first);
    expect(first.payment).toEqual({ status: 'paid', orderNo: paid.orderNo, channel: 'wechat-pay', transactionId: paid.transactionId, amountFen: 1500 });
    expect(journal().get(paid.orderNo)?.state).toBe('delivered');

    const key = `endorsement-${fee.purchaseId}`;
    await waitFor(() => s.stack.upstream.submissions.has(key), 10_000, 'the application upstream');
    expect(s.stack.upstream.submissionAttempts.get(key)).toBe(1);
    const body = s.stack.upstream.submissions.get(key)!.body as { payload: { payment: Record<string, unknown>; endorsement: { feeYuan: number } } };
    expect(body.payload.payment).toEqual({ status: 'paid', orderNo: paid.orderNo, channel: 'wechat-pay', transactionId: paid.transactionId, amountFen: 1500 });
    expect(chargesOf(paid.orderNo)).toHaveLength(1);
    expect(refundsOf(paid.orderNo)).toHaveLength(0);

    const printedBefore = s.stack.printer.receipts.length;
    await s.value('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'hk-macau-endorsement', receiptNo: first.receiptNo } });
    const slip = (await s.stack.printer.waitForReceipts(printedBefore + 1, 5000)).at(-1)!.lines.join('\n');
    expect(slip).toContain('签注费 15 元，已在本机缴纳');
    expect(slip).toContain(`订单号: ${paid.orderNo}`);
    expect(slip).toContain(`交易流水号: ${paid.transactionId}`);
    expect(slip).toContain('支付方式: 微信支付');
    expect(slip).toContain('金额: 15.00 元');
    expect(slip).not.toContain('尚未缴纳');
    expect(slip).not.toContain(SAMPLE_CODES['wechat-pay']);
    expect(slip).not.toContain(sampleCards.resident.idNumber);

    await s.value('printServiceReceipt', { jobId: randomUUID(), locale: 'en-US', document: { kind: 'payment', orderNo: paid.orderNo } });
    const payment = (await s.stack.printer.waitForReceipts(printedBefore + 2, 5000)).at(-1)!.lines.join('\n');
    expect(payment).toContain('Payment Receipt');
    expect(payment).toContain(`Order number: ${paid.orderNo}`);
    expect(payment).toContain(`Transaction number: ${paid.transactionId}`);
    expect(payment).toContain('Paid with: WeChat Pay');
    expect(payment).toContain('Amount: CNY 15.00');
    expect(payment).not.toContain(SAMPLE_CODES['wechat-pay']);

    // Another citizen's session cannot print this payment.
    await s.call('endSession');
    await s.sessionWithCard();
    await s.failure('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'payment', orderNo: paid.orderNo } }, 'NOT_FOUND');
  });

  it('pays by the phone and submits; an order of another application is refused', async () => {
    const fee = await feeAtTerminal('Q');
    const other = await feeAtTerminal('L');
    const paid = await payByPhone(fee, 'unionpay-qr');
    expect(paid).toMatchObject({ display: 'paid', amountFen: 2050 });
    await s.failure('submitEndorsement', { submissionId: other.purchaseId, type: 'L', orderNo: paid.orderNo }, 'NOT_FOUND');
    await s.failure('submitEndorsement', { submissionId: fee.purchaseId, type: 'Q', orderNo: 'KM0001NOSUCHORDER0000' }, 'NOT_FOUND');
    const receipt = await s.value<EndorsementReceiptView>('submitEndorsement', { submissionId: fee.purchaseId, type: 'Q', orderNo: paid.orderNo });
    expect(receipt.payment).toMatchObject({ status: 'paid', orderNo: paid.orderNo, amountFen: 2050, channel: 'unionpay-qr' });
    expect(outboxItem(fee.purchaseId)).toBeDefined();
    expect(outboxItem(other.purchaseId)).toBeUndefined();
    expect(chargesOf(paid.orderNo)).toHaveLength(1);
  });

  it('a citizen who leaves the pay step is charged nothing and nothing is submitted', async () => {
    const fee = await feeAtTerminal('L');
    const { payment } = await s.value<{ payment: PaymentView }>('startNativePayment', { purpose: fee.purpose, purchaseId: fee.purchaseId, shownFen: fee.amountFen, channel: 'alipay' });
    expect((await s.value<PaymentView>('cancelPayment', { orderNo: payment.orderNo })).display).toBe('closed');
    // The phone pays the closed code late: the server refuses it.
    ledger().payNative('alipay', payment.orderNo);
    await s.failure('submitEndorsement', { submissionId: fee.purchaseId, type: 'L', orderNo: payment.orderNo }, 'INVALID_REQUEST');
    expect(chargesOf(payment.orderNo)).toHaveLength(0);
    expect(outboxItem(fee.purchaseId)).toBeUndefined();
  });

  it('a citizen who paid and left before the application was made gets the money back; nothing is submitted', async () => {
    const fee = await feeAtTerminal('L');
    const paid = await payByPhone(fee);
    expect(paid.display).toBe('paid');
    await s.value('endSession', { reason: 'cancelled' });
    await expect.poll(() => journal().get(paid.orderNo)?.state, { timeout: 5000 }).toBe('refunded');
    expect(chargesOf(paid.orderNo)).toHaveLength(1);
    expect(refundsOf(paid.orderNo)).toEqual([expect.objectContaining({ amountFen: 1500 })]);
    expect(outboxItem(fee.purchaseId)).toBeUndefined();
  });

  it('a paid amount other than the order is refunded in full and never submitted', async () => {
    const fee = await feeAtTerminal('L');
    ledger().queueFault('wrong-amount');
    const fault = await s.value<{ payment: PaymentView }>('startNativePayment', { purpose: fee.purpose, purchaseId: fee.purchaseId, shownFen: fee.amountFen, channel: 'wechat-pay' });
    ledger().payNative('wechat-pay', fault.payment.orderNo);
    await waitFor(async () => ['refunded', 'refunding'].includes(journal().get(fault.payment.orderNo)?.state ?? '') || (await s.value<PaymentView>('checkPayment', { orderNo: fault.payment.orderNo })).display === 'refunded', 5000, 'the mismatch refunded');
    await expect.poll(() => journal().get(fault.payment.orderNo)?.state, { timeout: 5000 }).toBe('refunded');
    await s.failure('submitEndorsement', { submissionId: fee.purchaseId, type: 'L', orderNo: fault.payment.orderNo }, 'INVALID_REQUEST');
    expect(refundsOf(fault.payment.orderNo)).toHaveLength(chargesOf(fault.payment.orderNo).length);
    expect(outboxItem(fee.purchaseId)).toBeUndefined();
  });
});

describe('a terminal whose payments take no wallet', () => {
  let bare: ServiceStack;
  beforeAll(async () => {
    // A payments section with only the non-tax platform (notices, which an endorsement has none of).
    bare = await startServiceStack({ services: ['hk-macau-endorsement'], configOverride: { payments: { wechatPay: undefined, alipay: undefined, unionpayQr: undefined } } });
  }, 60_000);
  afterAll(async () => bare?.close());

  it('keeps the fee due at the counter with the upstream’s payment reference', async () => {
    await bare.sessionWithCard();
    await passPersonCheck(bare.call);
    await bare.value('listEndorsementOptions', { by: 'entry', permitNumber: zhangSan.permitNumber });
    expect(bare.stack.core.payments?.engine.channels).toEqual(['non-tax']);
    const submissionId = randomUUID();
    expect(await bare.value('endorsementFee', { submissionId, type: 'L' })).toEqual({ payAt: 'counter', feeYuan: 15 });
    await bare.failure('paymentOffer', { purpose: PURPOSE, purchaseId: submissionId }, 'NOT_FOUND');
    const receipt = await bare.value<EndorsementReceiptView>('submitEndorsement', { submissionId, type: 'L' });
    expect(receipt.payment).toMatchObject({ status: 'due', reference: expect.stringMatching(/^QZ-5678-/) });
  });
});
