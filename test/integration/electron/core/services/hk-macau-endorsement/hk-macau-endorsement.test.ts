/**
 * 往来港澳二次签注 through the real core (demo stack: card reader and printer on PTYs, the reference
 * upstream on loopback): only after 人证核验; a bad permit refused with the rule's reason before the
 * upstream is asked; a type the upstream does not allow refused; the application queued in the
 * outbox once even when submitted twice, delivered later when the upstream is down; the slip.
 * This terminal has no payments section, so the fee is due at the counter (today's behaviour kept);
 * the fee paid at the terminal is hk-macau-endorsement-fee.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EndorsementOptionsView, EndorsementReceiptView, ProgressView } from '../../../../../../electron/contract/service-api.ts';
import { sampleCards } from '../../../../../../native/simulators/sample-cards.ts';
import { passPersonCheck } from '../../../../../support/person-check.ts';
import { startServiceStack, type ServiceStack } from '../../../../../support/services-stack.ts';
import { waitFor } from '../../../../../support/wait.ts';
import { samplePermits } from '../../../../../upstream/endorsement-routes.ts';
import type { KioskEventName } from '../../../../../../electron/contract/channels.ts';
import { icaoCheckDigit } from '../../../../../../electron/contract/rules/hk-macau-permit.ts';
import type { ScannerDevice } from '../../../../../../electron/core/services/shared/scan-gate.ts';
import { createPtyPair, type PtyPair } from '../../../../../../native/serial/pty-pair.ts';
import { ScannerSimulator } from '../../../../../../native/simulators/scanner-simulator.ts';

const OPTIONS_PATH = '/api/v1/police/hk-macau-endorsement/options';
const zhangSan = samplePermits[0]!;
const liSi = samplePermits[1]!;
let s: ServiceStack;
let pty: PtyPair;
let scanner: ScannerSimulator;
const events: { event: KioskEventName; payload: unknown }[] = [];

beforeAll(async () => {
  pty = await createPtyPair('scanner');
  scanner = new ScannerSimulator({ path: pty.simulatorPath });
  await scanner.start();
  s = await startServiceStack({
    services: ['hk-macau-endorsement', 'progress-query'],
    // No payments section: the fee is due, paid at a counter by the upstream's reference.
    configOverride: { devices: { scanner: { enabled: true, path: pty.devicePath, baudRate: 9600 } }, payments: undefined },
  });
  await waitFor(() => s.stack.core.devices.isReady('scanner'), 10_000, 'the scanner');
  s.stack.core.apiHost.onEvent((event, payload) => events.push({ event, payload }));
}, 60_000);

afterAll(async () => {
  await s?.close();
  await scanner?.stop();
  await pty?.close();
});

/** Scans `text` once the core's scan gate listens on the scanner driver. */
async function scanWhenWaited(text: string): Promise<void> {
  const device = () => s.stack.core.devices.get<ScannerDevice>('scanner');
  await expect.poll(() => device()?.listenerCount('scan') ?? 0, { timeout: 5000, interval: 10 }).toBeGreaterThan(0);
  await scanner.scan(text);
}

/** The permit's machine-readable line as the scanner reads it off the card. */
const mrzLine = (permit: string, digit = icaoCheckDigit(permit)) => `CS${permit}${digit}<3106304<<<<<<<<`;

beforeEach(async () => {
  s.stack.upstream.setFault('none');
  await s.call('endSession');
  await s.sessionWithCard();
});

const requestsTo = (path: string) => s.stack.upstream.requests.filter((r) => r.path === path).length;
const outboxItem = (submissionId: string) => s.stack.core.outbox.outbox.getByKey(`endorsement-${submissionId}`);

describe('HK/Macau endorsement', () => {
  it('applies only for a permit listed in this session', async () => {
    await passPersonCheck(s.call);
    await s.failure('submitEndorsement', { submissionId: randomUUID(), type: 'L' }, 'INVALID_REQUEST');
    // A refused permit lists nothing, so there is still nothing to apply for.
    await s.failure('listEndorsementOptions', { by: 'entry', permitNumber: 'W12345678' }, 'INVALID_PERMIT_NUMBER');
    await s.failure('submitEndorsement', { submissionId: randomUUID(), type: 'L' }, 'INVALID_REQUEST');
  });

  it('needs 人证核验 first', async () => {
    await s.failure('listEndorsementOptions', { by: 'entry', permitNumber: zhangSan.permitNumber }, 'PERSON_NOT_VERIFIED');
    await s.failure('submitEndorsement', { submissionId: randomUUID(), type: 'L' }, 'PERSON_NOT_VERIFIED');
  });

  it('refuses a bad permit number with the rule’s reason, without asking the upstream', async () => {
    await passPersonCheck(s.call);
    const before = requestsTo(OPTIONS_PATH);
    expect(await s.failure('listEndorsementOptions', { by: 'entry', permitNumber: 'W12345678' }, 'INVALID_PERMIT_NUMBER')).toMatch(/old-booklet/);
    expect(await s.failure('listEndorsementOptions', { by: 'entry', permitNumber: 'C1234567' }, 'INVALID_PERMIT_NUMBER')).toMatch(/wrong-length/);
    expect(await s.failure('listEndorsementOptions', { by: 'entry', permitNumber: 'CO1234567' }, 'INVALID_PERMIT_NUMBER')).toMatch(/letter-i-o/);
    expect(await s.failure('listEndorsementOptions', { by: 'entry', permitNumber: 'D12345678' }, 'INVALID_PERMIT_NUMBER')).toMatch(/wrong-prefix/);
    await s.failure('listEndorsementOptions', { by: 'entry', permitNumber: '' }, 'INVALID_REQUEST');
    await s.failure('listEndorsementOptions', { permitNumber: zhangSan.permitNumber }, 'INVALID_REQUEST');
    expect(requestsTo(OPTIONS_PATH)).toBe(before);
    // Well-formed, but issued to someone else: the upstream refuses it and the screen asks to check it.
    await s.failure('listEndorsementOptions', { by: 'entry', permitNumber: liSi.permitNumber }, 'INVALID_PERMIT_NUMBER');
    expect(requestsTo(OPTIONS_PATH)).toBe(before + 1);
  });

  it('reads the permit with the terminal’s scanner, waiting past a misread line, refusing an old booklet', async () => {
    await passPersonCheck(s.call);
    const before = events.length;
    const listing = s.value<EndorsementOptionsView>('listEndorsementOptions', { by: 'scan', timeoutMs: 5000 });
    await scanWhenWaited(mrzLine(zhangSan.permitNumber, (icaoCheckDigit(zhangSan.permitNumber) + 3) % 10));
    await expect.poll(() => events.slice(before).some((e) => e.event === 'scanRejected' && (e.payload as { reason: string }).reason === 'not-a-permit'), { timeout: 5000, interval: 10 }).toBe(true);
    await scanWhenWaited(mrzLine(zhangSan.permitNumber));
    expect((await listing).permitMasked).toBe('C*****678');

    const booklet = s.failure('listEndorsementOptions', { by: 'scan', timeoutMs: 5000 }, 'INVALID_PERMIT_NUMBER');
    await scanWhenWaited('W12345678');
    expect(await booklet).toMatch(/old-booklet/);
    await s.failure('listEndorsementOptions', { by: 'scan', timeoutMs: 1000 }, 'SCAN_TIMEOUT');
  });

  it('lists the types the upstream allows, masked, and refuses one it does not allow', async () => {
    await passPersonCheck(s.call);
    const view = await s.value<EndorsementOptionsView>('listEndorsementOptions', { by: 'entry', permitNumber: 'c1234 5678' });
    expect(view.permitMasked).toBe('C*****678');
    expect(JSON.stringify(view)).not.toContain(zhangSan.permitNumber);
    expect(view.options.map((o) => [o.type, o.allowed])).toEqual([['G', true], ['L', true], ['T', true], ['S', false], ['Q', true]]);
    expect(view.options.find((o) => o.type === 'S')?.refusal).toMatch(/商务备案/);
    await s.failure('submitEndorsement', { submissionId: randomUUID(), type: 'S' }, 'ENDORSEMENT_NOT_ALLOWED');
  });

  it('queues the application once even when submitted twice, prints the slip, and shows in progress', async () => {
    await passPersonCheck(s.call);
    await s.value('listEndorsementOptions', { by: 'entry', permitNumber: zhangSan.permitNumber });
    const request = { submissionId: randomUUID(), type: 'L' };
    const [first, second] = await Promise.all([s.value<EndorsementReceiptView>('submitEndorsement', request), s.value<EndorsementReceiptView>('submitEndorsement', request)]);
    const again = await s.value<EndorsementReceiptView>('submitEndorsement', request);
    expect(second.receiptNo).toBe(first.receiptNo);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ type: 'L', permitMasked: 'C*****678', feeYuan: 15, validityMonths: 3, times: 1, payment: { status: 'due' } });
    if (first.payment.status !== 'due') throw new Error('the fee must be due without payments');
    const reference = first.payment.reference;
    expect(reference).toMatch(/^QZ-5678-/);
    expect(s.stack.core.payments).toBeUndefined();
    expect(await s.value('endorsementFee', { submissionId: request.submissionId, type: 'L' })).toEqual({ payAt: 'counter', feeYuan: 15 });
    await s.failure('submitEndorsement', { submissionId: randomUUID(), type: 'L', orderNo: 'KM0001261205ABCDEFGH' }, 'INVALID_REQUEST');
    const key = `endorsement-${request.submissionId}`;
    await waitFor(() => s.stack.upstream.submissions.has(key), 10_000, 'the application upstream');
    expect(s.stack.upstream.submissionAttempts.get(key)).toBe(1);
    const body = s.stack.upstream.submissions.get(key)!.body as { payload: { permitNumber: string; endorsement: { type: string }; payment: { reference: string } } };
    expect(body.payload).toMatchObject({ permitNumber: zhangSan.permitNumber, endorsement: { type: 'L' }, payment: { status: 'due', reference } });

    const printedBefore = s.stack.printer.receipts.length;
    await s.value('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'hk-macau-endorsement', receiptNo: first.receiptNo } });
    const slip = (await s.stack.printer.waitForReceipts(printedBefore + 1, 5000)).at(-1)!;
    const text = slip.lines.join('\n');
    expect(text).toContain(first.receiptNo);
    expect(text).toContain('个人旅游（L）');
    expect(text).toContain(reference);
    expect(text).toContain('尚未缴纳');
    expect(text).toContain('C*****678');
    expect(text).not.toContain(zhangSan.permitNumber);
    expect(text).not.toContain(sampleCards.resident.idNumber);
    expect(slip.qrCodes).toEqual([first.progressUrl]);
    await s.failure('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'hk-macau-endorsement', receiptNo: 'NO-SUCH-RECEIPT' } }, 'NOT_FOUND');

    const progress = await s.value<ProgressView>('queryProgress', { by: 'receipt', receiptNo: first.progressUrl });
    expect(progress.items).toEqual([expect.objectContaining({ receiptNo: first.receiptNo, status: 'received' })]);
  });

  it('an application made while the upstream fails is queued, not failed, and delivered later', async () => {
    await passPersonCheck(s.call);
    await s.value('listEndorsementOptions', { by: 'entry', permitNumber: zhangSan.permitNumber });
    const request = { submissionId: randomUUID(), type: 'G' };
    s.stack.upstream.setFault('http-500', { path: '/api/v1/submissions' });
    const receipt = await s.value<EndorsementReceiptView>('submitEndorsement', request);
    expect(receipt.delivery).toBe('queued');
    expect(outboxItem(request.submissionId)?.status).toBe('pending');
    s.stack.upstream.setFault('none');
    await waitFor(() => outboxItem(request.submissionId)?.status === 'delivered', 10_000, 'delivery after the fault');
  });

  it('an upstream outage while listing is "unavailable", not a refusal of the permit', async () => {
    await passPersonCheck(s.call);
    s.stack.upstream.setFault('http-500', { times: 1, path: OPTIONS_PATH });
    await s.failure('listEndorsementOptions', { by: 'entry', permitNumber: zhangSan.permitNumber }, 'UPSTREAM_UNAVAILABLE');
  });
});
