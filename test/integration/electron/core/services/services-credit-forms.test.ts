/**
 * Enterprise credit, credit commitment, form filling and progress through the dispatcher, with the
 * simulators on PTYs and the reference upstream on loopback: results, receipts, slips, bad input
 * and upstream faults, and the wipe at the end of a session.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseCreditView, FormSession, FormValidation, ProgressView, SubmissionReceiptView } from '../../../../../electron/contract/service-api.ts';
import { maskIdNumber } from '../../../../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { fakeJpegDataUrl, signaturePng, startServiceStack, type ServiceStack } from '../../../../support/services-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

const card = sampleCards.resident;
const SMALL_SHOP = '92530102MA6N2B5H4T';
let s: ServiceStack;

beforeAll(async () => {
  s = await startServiceStack({ services: ['credit-query', 'credit-commitment', 'form-filling', 'progress-query', 'service-guide'] });
});

afterAll(async () => {
  await s?.close();
});

const requestsTo = (path: string) => s.stack.upstream.requests.filter((r) => r.path === path).length;

describe('enterprise credit', () => {
  it('queries by unified social credit code and prints a slip with the verification QR', async () => {
    await s.failure('queryEnterpriseCredit', { creditCode: SMALL_SHOP }, 'NO_SESSION');
    await s.value('startSession');
    const view = await s.value<EnterpriseCreditView>('queryEnterpriseCredit', { creditCode: ' 9253 0102 ma6n 2b5h 4t ' });
    expect(view).toMatchObject({ creditCode: SMALL_SHOP, entityName: '昆明市五华区示例小吃店', status: 'warning', entityType: '个体工商户' });
    expect(view.verifyUrl).toBe(`${s.stack.upstreamUrl}/verify/${view.reportNo}`);

    const jobId = randomUUID();
    const printedBefore = s.stack.printer.receipts.length;
    const printed = await s.value('printServiceReceipt', { jobId, document: { kind: 'enterprise-credit' } });
    expect(printed).toMatchObject({ jobId, status: 'printed' });
    const slip = (await s.stack.printer.waitForReceipts(printedBefore + 1, 5000)).at(-1)!;
    expect(slip.lines.join('\n')).toContain('昆明市五华区示例小吃店');
    expect(slip.lines.join('\n')).toContain('张*');
    expect(slip.qrCodes).toEqual([view.verifyUrl]);
    expect(await s.value('printServiceReceipt', { jobId, document: { kind: 'enterprise-credit' } })).toMatchObject({ status: 'already-printed' });
  });

  it('refuses a mistyped code before asking the upstream, saying which rule broke', async () => {
    const before = requestsTo('/api/v1/credit/enterprise');
    expect(await s.failure('queryEnterpriseCredit', { creditCode: '92530102MA6N2B5H4A' }, 'INVALID_CREDIT_CODE')).toMatch(/check character/);
    expect(await s.failure('queryEnterpriseCredit', { creditCode: '92530102MA6N2B5H4' }, 'INVALID_CREDIT_CODE')).toMatch(/18 characters/);
    expect(await s.failure('queryEnterpriseCredit', { creditCode: '9253O102MA6N2B5H4T' }, 'INVALID_CREDIT_CODE')).toMatch(/character 5/);
    await s.failure('queryEnterpriseCredit', { creditCode: '' }, 'INVALID_REQUEST');
    await s.failure('queryEnterpriseCredit', { creditCode: 'x'.repeat(41) }, 'INVALID_REQUEST');
    expect(requestsTo('/api/v1/credit/enterprise')).toBe(before);
  });

  it('reports an unknown entity, upstream failures and a hang clearly, and works again afterwards', async () => {
    await s.failure('queryEnterpriseCredit', { creditCode: '91350100M000100Y43' }, 'NOT_FOUND');
    const path = '/api/v1/credit/enterprise';
    s.stack.upstream.setFault('http-500', { times: 1, path });
    expect(await s.failure('queryEnterpriseCredit', { creditCode: SMALL_SHOP }, 'UPSTREAM_UNAVAILABLE')).toMatch(/500/);
    s.stack.upstream.setFault('hang', { times: 1, path });
    const started = Date.now();
    expect(await s.failure('queryEnterpriseCredit', { creditCode: SMALL_SHOP }, 'UPSTREAM_UNAVAILABLE')).toMatch(/no answer within 800 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    s.stack.upstream.setFault('bad-shape', { times: 1, path });
    expect(await s.failure('queryEnterpriseCredit', { creditCode: SMALL_SHOP }, 'UPSTREAM_REJECTED')).toMatch(/validation/);
    expect((await s.value<EnterpriseCreditView>('queryEnterpriseCredit', { creditCode: SMALL_SHOP })).entityName).toBe('昆明市五华区示例小吃店');
  });

  it('is refused on a terminal where the service is off', async () => {
    await s.failure('queryTrafficViolations', { plateNumber: '京A12345' }, 'SERVICE_DISABLED');
    await s.failure('uploadIdPhoto', { submissionId: randomUUID(), photoJpeg: fakeJpegDataUrl(3000) }, 'SERVICE_DISABLED');
  });
});

describe('credit commitment', () => {
  it('shows the text, takes a signed commitment once, queues it and prints an acceptance slip', async () => {
    const matters = await s.value<{ matterId: string; version: string }[]>('listCommitmentMatters');
    expect(matters.map((m) => m.matterId)).toEqual(['individual-business-registration', 'credit-repair']);
    const matter = await s.value<{ version: string; clauses: unknown[]; signatureRequired: boolean }>('getCommitmentMatter', {
      matterId: 'individual-business-registration',
    });
    expect(matter.clauses.length).toBe(3);
    await s.failure('getCommitmentMatter', { matterId: 'no-such-matter' }, 'NOT_FOUND');

    const signature = await signaturePng();
    const request = { submissionId: randomUUID(), matterId: 'individual-business-registration', matterVersion: matter.version, agreed: true, signaturePng: signature };
    await s.value('startSession');
    await s.failure('submitCommitment', request, 'NO_SESSION'); // no card read yet
    await s.sessionWithCard();
    await s.failure('submitCommitment', { ...request, matterVersion: '2019.1' }, 'CONTENT_CHANGED');
    expect(await s.failure('submitCommitment', { ...request, signaturePng: undefined }, 'INVALID_REQUEST')).toMatch(/signature is required/);
    const notPng = `data:image/png;base64,${Buffer.from('GIF89a not really a png at all, just bytes').toString('base64')}`;
    expect(await s.failure('submitCommitment', { ...request, signaturePng: notPng }, 'INVALID_REQUEST')).toMatch(/not a PNG/);
    const huge = `data:image/png;base64,${'A'.repeat(40_000)}`;
    expect(await s.failure('submitCommitment', { ...request, signaturePng: huge }, 'INVALID_REQUEST')).toMatch(/too large/);
    await s.failure('submitCommitment', { ...request, agreed: false }, 'INVALID_REQUEST');

    const before = s.stack.upstream.submissions.size;
    const receipt = await s.value<SubmissionReceiptView>('submitCommitment', request);
    expect(receipt).toMatchObject({ serviceId: 'credit-commitment', delivery: 'delivered' });
    expect(receipt.receiptNo).toMatch(/^DEMO-0001-\d{8}-[2-9A-Z]{6}$/);
    expect(receipt.progressUrl).toBe(`${s.stack.upstreamUrl}/p/${receipt.receiptNo}`);
    // A double tap returns the same receipt and sends nothing twice.
    expect(await s.value('submitCommitment', request)).toEqual(receipt);
    expect(s.stack.upstream.submissions.size).toBe(before + 1);
    const sent = [...s.stack.upstream.submissions.values()].at(-1)!.body as { stream: string; kind: string; payload: Record<string, unknown> };
    expect(sent).toMatchObject({ stream: 'commitments', kind: 'credit-commitment.v1' });
    expect(sent.payload).toMatchObject({ receiptNo: receipt.receiptNo, matterVersion: matter.version, signaturePng: signature, committer: { idNumber: card.idNumber } });

    const printedBefore = s.stack.printer.receipts.length;
    await s.value('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'commitment', receiptNo: receipt.receiptNo } });
    const slip = (await s.stack.printer.waitForReceipts(printedBefore + 1, 5000)).at(-1)!;
    const text = slip.lines.join('\n');
    expect(text).toContain(receipt.receiptNo);
    expect(text).toContain(maskIdNumber(card.idNumber));
    expect(text).not.toContain(card.idNumber);
    expect(slip.qrCodes).toEqual([receipt.progressUrl]);
    await s.failure('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'form', receiptNo: receipt.receiptNo } }, 'NOT_FOUND');

    // The QR on the slip leads to the progress of this very submission.
    const progress = await s.value<ProgressView>('queryProgress', { by: 'receipt', receiptNo: receipt.progressUrl });
    expect(progress.items).toEqual([expect.objectContaining({ receiptNo: receipt.receiptNo, status: 'received' })]);
  });

  it('queues the commitment when the upstream fails, tells the citizen so, and delivers it later', async () => {
    await s.sessionWithCard();
    const request = {
      submissionId: randomUUID(),
      matterId: 'credit-repair',
      matterVersion: '2026.1',
      agreed: true,
      signaturePng: await signaturePng(),
    };
    s.stack.upstream.setFault('http-500', { path: '/api/v1/submissions' });
    const receipt = await s.value<SubmissionReceiptView>('submitCommitment', request);
    expect(receipt.delivery).toBe('queued');
    expect(s.stack.core.outbox.outbox.getByKey(`commitment-${request.submissionId}`)?.status).toBe('pending');
    expect(s.stack.core.sessions.current()?.identity?.idNumber).toBe(card.idNumber);
    await s.failure('queryProgress', { by: 'receipt', receiptNo: receipt.receiptNo }, 'NOT_FOUND');

    s.stack.upstream.setFault('none');
    await waitFor(() => s.stack.core.outbox.outbox.getByKey(`commitment-${request.submissionId}`)?.status === 'delivered', 10_000);
    const progress = await s.value<ProgressView>('queryProgress', { by: 'receipt', receiptNo: receipt.receiptNo });
    expect(progress.items[0]?.receiptNo).toBe(receipt.receiptNo);
  });
});

describe('form filling', () => {
  it('prefills from the card, validates on the core, keeps the draft, submits once and prints a receipt', async () => {
    await s.value('startSession');
    const forms = await s.value<{ formId: string; requiresIdCard: boolean }[]>('listForms');
    expect(forms.find((f) => f.formId === 'residence-permit')?.requiresIdCard).toBe(true);
    await s.failure('startForm', { formId: 'residence-permit' }, 'NO_SESSION');
    await s.sessionWithCard();
    await s.failure('startForm', { formId: 'no-such-form' }, 'NOT_FOUND');

    const opened = await s.value<FormSession>('startForm', { formId: 'residence-permit' });
    expect(opened.values).toMatchObject({ name: card.name, idNumber: card.idNumber, birthDate: '1949-12-31', gender: 'female', nation: '汉' });
    const idField = opened.form.sections[0]!.fields.find((f) => f.id === 'idNumber')!;
    expect(idField).toMatchObject({ sensitive: true, lockedWhenPrefilled: true, keyboard: 'id-number' });
    expect(opened.form.sections[1]!.fields.find((f) => f.id === 'residenceSince')!.maxDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const draft = { ...opened.values, residenceAddress: '云南省昆明市五华区示例路8号3栋201', phone: '1380013800' };
    const checked = await s.value<FormValidation>('validateForm', { formId: 'residence-permit', values: draft });
    expect(checked.valid).toBe(false);
    expect(checked.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual(['phone:phone', 'reason:required', 'residenceSince:required', 'truthful:required']);
    // Progress survives leaving the form (e.g. to call staff): reopening returns the draft.
    const reopened = await s.value<FormSession>('startForm', { formId: 'residence-permit' });
    expect(reopened.values.residenceAddress).toBe(draft.residenceAddress);

    const submissionId = randomUUID();
    const invalid = await s.failure('submitForm', { submissionId, formId: 'residence-permit', values: draft }, 'FORM_INVALID');
    expect(invalid).toMatch(/phone: phone/);
    expect(invalid).not.toContain(card.idNumber);
    const tampered = { ...draft, phone: '13800138000', reason: 'employment', residenceSince: '2025-06-01', truthful: 'yes', idNumber: '440305198807150015' };
    expect(await s.failure('submitForm', { submissionId, formId: 'residence-permit', values: tampered }, 'FORM_INVALID')).toMatch(/idNumber: locked/);
    await s.failure('submitForm', { submissionId, formId: 'residence-permit', values: { ...tampered, 'bad key': 'x' } }, 'INVALID_REQUEST');

    const values = { ...tampered, idNumber: card.idNumber };
    const receipt = await s.value<SubmissionReceiptView>('submitForm', { submissionId, formId: 'residence-permit', values });
    expect(receipt).toMatchObject({ serviceId: 'form-filling', delivery: 'delivered', title: { 'zh-CN': '居住证申领登记表' } });
    expect(await s.value('submitForm', { submissionId, formId: 'residence-permit', values })).toEqual(receipt);
    const sent = [...s.stack.upstream.submissions.values()].at(-1)!.body as { stream: string; payload: Record<string, unknown> };
    expect(sent.stream).toBe('forms');
    expect(sent.payload).toMatchObject({ receiptNo: receipt.receiptNo, formId: 'residence-permit', values: { phone: '13800138000' }, applicant: { idNumber: card.idNumber } });

    const progress = await s.value<ProgressView>('queryProgress', { by: 'idCard' });
    expect(progress.holderNameMasked).toBe('张*');
    expect(progress.items.map((i) => i.receiptNo)).toEqual(expect.arrayContaining(['BJCY-20260105-000127', receipt.receiptNo]));
    const printedBefore = s.stack.printer.receipts.length;
    await s.value('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'progress' } });
    await s.value('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'form', receiptNo: receipt.receiptNo } });
    const slips = (await s.stack.printer.waitForReceipts(printedBefore + 2, 5000)).slice(-2);
    expect(slips[0]!.lines.join('\n')).toContain('待领取');
    expect(slips[1]!.qrCodes).toEqual([receipt.progressUrl]);
    expect(s.logLines.join('\n')).not.toContain(card.idNumber);
  });

  it('reports unknown receipts and garbage, and wipes service state when the session ends', async () => {
    await s.value('startSession');
    await s.failure('queryProgress', { by: 'receipt', receiptNo: 'DEMO-0001-20200101-ZZZZZZ' }, 'NOT_FOUND');
    expect(await s.failure('queryProgress', { by: 'receipt', receiptNo: '<script>alert(1)</script>' }, 'INVALID_REQUEST')).toMatch(/not a receipt/);
    s.stack.upstream.setFault('reset', { times: 1 });
    await s.failure('queryProgress', { by: 'receipt', receiptNo: 'BJCY-20260105-000127' }, 'UPSTREAM_UNAVAILABLE');
    await s.value('queryProgress', { by: 'receipt', receiptNo: 'BJCY-20260105-000127' });

    await s.value('endSession', { reason: 'completed' });
    await s.failure('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'progress' } }, 'NO_SESSION');
    await s.value('startSession');
    await s.failure('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'progress' } }, 'NOT_FOUND');
    await s.failure('startForm', { formId: 'residence-permit' }, 'NO_SESSION');
    await s.value('endSession', { reason: 'completed' });
  });
});
