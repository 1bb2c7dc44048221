/**
 * The 处罚决定书 on A4 where the terminal has an A4 printer (demo stack with `devices.a4Printer`
 * enabled): Debian's Chromium renders the page to PDF, `lp` submits it. No print server here, so
 * `lp` is a stub script that keeps a copy of the file; the PDF is read back with poppler-utils.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PaymentView, TrafficDecisionDraft, TrafficDecisionView, TrafficFinePaidView } from '../../../../../../electron/contract/kiosk-api.ts';
import { sampleCards } from '../../../../../../native/simulators/sample-cards.ts';
import { passPersonCheck } from '../../../../../support/person-check.ts';
import { signaturePng, startServiceStack, type ServiceStack } from '../../../../../support/services-stack.ts';

const root = mkdtempSync(join(tmpdir(), 'kiosk-traffic-a4-'));
const lp = join(root, 'lp');
const copied = join(root, 'printed.pdf');
let s: ServiceStack;

beforeAll(async () => {
  writeFileSync(lp, `#!/bin/sh\nfor last; do :; done\ncp "$last" '${copied}'\necho 'request id is Office_A4-1 (1 file(s))'\n`);
  chmodSync(lp, 0o755);
  s = await startServiceStack({ services: ['traffic-violation'], lpCommand: lp, configOverride: { devices: { a4Printer: { enabled: true } } } });
}, 60_000);
afterAll(async () => {
  await s?.close();
  rmSync(root, { recursive: true, force: true });
});

it('prints the paid decision on A4: the decision, the amount, the numbers; the ID number masked', async () => {
  await s.sessionWithCard();
  await passPersonCheck(s.call);
  await s.value('queryTrafficViolations', { plateNumber: '京B23456' });
  await s.failure('printTrafficDecision', { jobId: randomUUID(), decisionNo: '123' }, 'NOT_FOUND');
  const draft = await s.value<TrafficDecisionDraft>('draftTrafficDecision', { violationId: '1101052510120003' });
  const decision = await s.value<TrafficDecisionView>('acceptTrafficDecision', { acceptId: randomUUID(), violationId: '1101052510120003', draftNo: draft.draftNo, agreed: true, signaturePng: await signaturePng() });
  const { payment } = await s.value<{ payment: PaymentView }>('startNativePayment', { purpose: 'traffic-fine', purchaseId: decision.decisionNo, shownFen: decision.amountFen, channel: 'non-tax' });
  s.stack.paymentServer.ledger.payNative('non-tax', payment.orderNo);
  await expect.poll(async () => (await s.value<PaymentView>('checkPayment', { orderNo: payment.orderNo })).display, { timeout: 5000 }).toBe('paid');
  const done = await s.value<TrafficFinePaidView>('completeTrafficFine', { decisionNo: decision.decisionNo, orderNo: payment.orderNo });
  expect(done.a4).toBe(true);

  const printed = await s.value<{ status: string }>('printTrafficDecision', { jobId: randomUUID(), decisionNo: decision.decisionNo });
  expect(printed.status).toBe('printed');
  expect(existsSync(copied)).toBe(true);
  const text = execFileSync('pdftotext', ['-layout', copied, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain(decision.decisionNo);
  expect(text).toContain(payment.orderNo);
  expect(text).toContain('100.00');
  expect(text).not.toContain(sampleCards.resident.idNumber);
}, 60_000);
