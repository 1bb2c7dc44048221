/** 日对账 against the reference server's statements: clean days clear, a planted difference raises the alert. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { reconcileDay } from '../../../../../electron/core/payments/reconciliation.ts';
import { SAMPLE_CODES, startPaymentsStack, type PaymentsStack } from '../../../../support/payments-stack.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('payments-recon');
let stack: PaymentsStack;
const today = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeEach(async () => {
  stack = await startPaymentsStack(tmp.path('kiosk.db'));
  const a = await stack.engine.payByCode({ purpose: 'fine', purchaseId: 'R1', amountFen: 100, subject: '罚款' }, SAMPLE_CODES['wechat-pay']);
  stack.engine.delivered(a.orderNo);
  const b = await stack.engine.payByCode({ purpose: 'fine', purchaseId: 'R2', amountFen: 200, subject: '罚款' }, SAMPLE_CODES.alipay);
  await stack.engine.notDeliverable(b.orderNo, 'printer jammed');
  stack.server.ledger.queueFault('insufficient');
  await stack.engine.payByCode({ purpose: 'fine', purchaseId: 'R3', amountFen: 300, subject: '罚款' }, SAMPLE_CODES['unionpay-qr']);
});
afterEach(async () => stack.close());

const channels = () => Object.fromEntries(stack.engine.channels.map((id) => [id, stack.engine.channelFor(id)]));

it('finds no difference when the books agree, and raises none', async () => {
  const report = await reconcileDay(today(), stack.journal, channels(), stack.alerts, 'KM0001');
  expect(report.differences).toEqual([]);
  expect(report.unavailable).toEqual([]);
  expect(report.ordersChecked).toBe(3);
  expect(report.statementLines).toBe(3);
  expect(stack.alerts.list()).toEqual([]);
});

it('a payment on the statement the terminal never counted is a difference staff see', async () => {
  const failed = stack.journal.forPurchase('fine', 'R3')[0]!;
  stack.server.ledger.plantedLines.push({ channel: 'unionpay-qr', line: `\`${failed.orderNo},\`4299,payment,300` });
  stack.server.ledger.plantedLines.push({ channel: 'wechat-pay', line: '`KM0001UNKNOWNORDER1,`4298,payment,999' });
  const report = await reconcileDay(today(), stack.journal, channels(), stack.alerts, 'KM0001');
  expect(report.differences).toEqual([
    { channel: 'wechat-pay', orderNo: 'KM0001UNKNOWNORDER1', kind: 'unknown-order', terminalFen: 0, statementFen: 999 },
    { channel: 'unionpay-qr', orderNo: failed.orderNo, kind: 'taken-not-counted', terminalFen: 0, statementFen: 300 },
  ]);
  const alert = stack.alerts.list()[0]!;
  expect(alert.kind).toBe('payment-reconciliation-difference');
  expect(alert.detail).toContain('2 difference(s)');
});

it('refuses a malformed day', async () => {
  await expect(reconcileDay('2026/12/04', stack.journal, channels(), stack.alerts, 'KM0001')).rejects.toThrow(/day must look like/);
});
