/**
 * The payments entries of KioskApi on the real core (demo stack: scanner on a PTY, the reference
 * payment server on loopback): the amount is the service's quote, a code that is not a payment
 * code keeps the scan going, and a session that ends closes the code it was shown.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PaymentView } from '../../../../../electron/contract/kiosk-api.ts';
import { startServiceStack, type ServiceStack } from '../../../../support/services-stack.ts';
import { SAMPLE_CODES } from '../../../../support/payments-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

let s: ServiceStack;

beforeAll(async () => {
  s = await startServiceStack();
  await waitFor(() => s.stack.core.devices.isReady('scanner'), 10_000, 'scanner');
  s.stack.core.payments!.registerPurpose('demo-fee', async (purchaseId) => (purchaseId.startsWith('FEE') ? { amountFen: 1500, subject: '测试费用' } : undefined));
}, 60_000);
afterAll(async () => s?.close());

it('offers the configured channels at the quoted amount', async () => {
  await s.sessionWithCard();
  const offer = await s.value<{ channels: string[]; amountFen: number }>('paymentOffer', { purpose: 'demo-fee', purchaseId: 'FEE1' });
  expect(offer.amountFen).toBe(1500);
  expect([...offer.channels].sort()).toEqual(['alipay', 'non-tax', 'unionpay-qr', 'wechat-pay']);
  await s.failure('paymentOffer', { purpose: 'demo-fee', purchaseId: 'OTHER' }, 'NOT_FOUND');
});

it('pays by the scanned code after refusing a code that is not one; charged once', async () => {
  await s.sessionWithCard();
  const rejected: string[] = [];
  const off = s.stack.core.dispatcher.onEvent((event, payload) => {
    if (event === 'scanRejected') rejected.push((payload as { reason: string }).reason);
  });
  const paying = s.value<PaymentView>('payByScan', { purpose: 'demo-fee', purchaseId: 'FEE2', shownFen: 1500, timeoutMs: 10_000 });
  // Until the core is waiting, a scan goes nowhere: show the wrong code until it is turned away.
  await waitFor(
    async () => {
      if (rejected.length === 0) await s.stack.scanner!.scan('https://www.gov.cn/receipt/1');
      return rejected.length > 0;
    },
    10_000,
    'the wrong code turned away',
    { intervalMs: 100 },
  );
  expect(rejected[0]).toBe('not-a-payment-code');
  await s.stack.scanner!.scan(SAMPLE_CODES['wechat-pay']);
  const view = await paying;
  off();
  expect(view).toMatchObject({ display: 'paid', channel: 'wechat-pay', amountFen: 1500 });
  expect(view.transactionId).toMatch(/^42/);
  expect(s.stack.paymentServer.ledger.charges.filter((c) => c.orderNo === view.orderNo)).toHaveLength(1);
});

it('refuses an amount the screen showed that is not the amount due: nothing charged', async () => {
  await s.sessionWithCard();
  const charges = s.stack.paymentServer.ledger.charges.length;
  await s.failure('startNativePayment', { purpose: 'demo-fee', purchaseId: 'FEE3', shownFen: 1400, channel: 'alipay' }, 'CONTENT_CHANGED');
  expect(s.stack.paymentServer.ledger.charges.length).toBe(charges);
  expect(s.stack.core.payments!.journal.forPurchase('demo-fee', 'FEE3')).toEqual([]);
});

it('closes the code shown to a citizen whose session ends, so the phone cannot pay it later', async () => {
  await s.sessionWithCard();
  const { payment, codeUrl } = await s.value<{ payment: PaymentView; codeUrl: string }>('startNativePayment', { purpose: 'demo-fee', purchaseId: 'FEE4', shownFen: 1500, channel: 'alipay' });
  expect(payment.display).toBe('waiting');
  expect(codeUrl).toContain(payment.orderNo);
  await s.value('endSession', { reason: 'cancelled' });
  await expect.poll(() => s.stack.core.payments!.journal.get(payment.orderNo)?.state, { timeout: 5000 }).toBe('closed');
  s.stack.paymentServer.ledger.payNative('alipay', payment.orderNo);
  expect(s.stack.paymentServer.ledger.charges.filter((c) => c.orderNo === payment.orderNo)).toHaveLength(0);
});

it('a purchase paid in this session is shown as paid, not charged again', async () => {
  await s.sessionWithCard();
  const first = await s.value<{ payment: PaymentView }>('startNativePayment', { purpose: 'demo-fee', purchaseId: 'FEE5', shownFen: 1500, channel: 'unionpay-qr' });
  s.stack.paymentServer.ledger.payNative('unionpay-qr', first.payment.orderNo);
  expect((await s.value<PaymentView>('checkPayment', { orderNo: first.payment.orderNo })).display).toBe('paid');
  const again = await s.value<{ payment: PaymentView }>('startNativePayment', { purpose: 'demo-fee', purchaseId: 'FEE5', shownFen: 1500, channel: 'alipay' });
  expect(again.payment).toMatchObject({ orderNo: first.payment.orderNo, display: 'paid', problem: 'purchase-in-progress' });
  expect(s.stack.paymentServer.ledger.charges.filter((c) => c.purchaseId === 'FEE5')).toHaveLength(1);
});
