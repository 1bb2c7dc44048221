/**
 * The upstream contract: resources/upstream/openapi.yaml (and its per-service files) against what
 * the terminal really sends and what the reference upstream really answers. Every exchange goes
 * through a recording proxy that checks it against the document; at the end, every terminal call
 * must have an operation and every operation must have been exercised.
 *
 * Two reference upstreams: the quiet one only the direct clients and this file's outbox talk to, so
 * a one-shot fault always hits the call under test; and the demo stack's, behind which the real
 * core builds every payload itself (forms, commitments, ratings, staff calls, ID photos).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { queueEvaluation } from '../../electron/core/evaluation/evaluations.ts';
import { buildMonthlyReport, queueMonthlyReport } from '../../electron/core/evaluation/monthly-report.ts';
import { ServiceTally } from '../../electron/core/evaluation/service-tally.ts';
import { enterpriseCredit } from '../../electron/core/services/credit-enterprise/enterprise-credit-upstream.ts';
import { verifyELicence } from '../../electron/core/services/e-licence/e-licence-upstream.ts';
import { uploadIdPhoto } from '../../electron/core/services/id-photo/id-photo-upstream.ts';
import { progressByHolder, progressByReceipt } from '../../electron/core/services/progress-query/progress-upstream.ts';
import { acceptDecision, decisionDocument, decisionDraft, trafficViolations } from '../../electron/core/services/traffic-violation/traffic-upstream.ts';
import { passPersonCheck } from '../support/person-check.ts';
import { waitingCertificates } from '../../electron/core/services/certificate-pickup/certificate-upstream.ts';
import { endorsementOptions } from '../../electron/core/services/hk-macau-endorsement/endorsement-upstream.ts';
import { UpstreamClient, UpstreamError } from '../../electron/core/upstream/upstream-client.ts';
import { openOutbox, startSync, tempDir, TERMINAL_ID } from '../support/outbox-stack.ts';
import type { ServiceStack } from '../support/services-stack.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../upstream/reference-upstream.ts';
import { EXPIRED_LICENCE_CODE, LI_SI, ZHANG_SAN, sampleLicences } from '../upstream/service-samples.ts';
import { answersSeen, contractReport } from './contract-coverage.ts';
import { startRecordingProxy, type Exchange, type RecordingProxy } from './recording-proxy.ts';
import { DOCUMENT_PATH, UpstreamDocument } from './upstream-document.ts';
import { waitFor } from '../support/wait.ts';
import { fetchRegisteredPhoto } from '../../electron/core/person-check/upstream-photo.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';

const SUBMISSION_KINDS = ['form.v1', 'credit-commitment.v1', 'evaluation.v1', 'evaluation-report.monthly.v1', 'staff-call.v1', 'certificate-handout.v1', 'hk-macau-endorsement.v1', 'traffic-fine-paid.v1'];
const KNOWN_RECEIPT = 'BJCY-20260105-000127';
const UNKNOWN_RECEIPT = 'DEMO-0001-20200101-ZZZZZZ';
const SMALL_SHOP = '92530102MA6N2B5H4T';

let document: UpstreamDocument;
let quiet: ReferenceUpstream;
let quietProxy: RecordingProxy;
let stackProxy: RecordingProxy;
let s: ServiceStack;
let client: UpstreamClient;
let services: ReturnType<typeof serviceCalls>;
const checked = new Map<RecordingProxy, number>();

/** Each service folder's upstream calls, bound to one client. */
function serviceCalls(c: UpstreamClient) {
  const bind =
    <A extends unknown[], R>(call: (client: UpstreamClient, ...args: A) => R) =>
    (...args: A): R =>
      call(c, ...args);
  return {
    enterpriseCredit: bind(enterpriseCredit),
    verifyELicence: bind(verifyELicence),
    progressByHolder: bind(progressByHolder),
    progressByReceipt: bind(progressByReceipt),
    trafficViolations: bind(trafficViolations),
    decisionDraft: bind(decisionDraft),
    acceptDecision: bind(acceptDecision),
    decisionDocument: bind(decisionDocument),
    waitingCertificates: bind(waitingCertificates),
    endorsementOptions: bind(endorsementOptions),
    uploadIdPhoto: bind(uploadIdPhoto),
  };
}

beforeAll(async () => {
  document = await UpstreamDocument.load();
  quiet = await startReferenceUpstream();
  quietProxy = await startRecordingProxy(document);
  quietProxy.setTarget(quiet.url);
  stackProxy = await startRecordingProxy(document);
  client = new UpstreamClient({ baseUrl: quietProxy.url, timeoutMs: 3000, terminalId: TERMINAL_ID });
  services = serviceCalls(client);
}, 60_000);

afterAll(async () => {
  await stackProxy?.close();
  await quietProxy?.close();
  await quiet?.close();
});

// Each test answers for its own exchanges, so a broken call is reported where it was made.
afterEach(() => {
  for (const proxy of [quietProxy, stackProxy]) {
    if (!proxy) continue;
    const from = checked.get(proxy) ?? 0;
    checked.set(proxy, proxy.exchanges.length);
    const report = contractReport(document, proxy.exchanges.slice(from));
    expect(report.violations).toEqual([]);
    expect(report.undocumented).toEqual([]);
  }
});

/** Bytes that start and end like a JPEG, `size` long, base64 as the terminal sends them. */
function photo(size: number): string {
  const bytes = Buffer.alloc(size, 0x55);
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  bytes.set([0xff, 0xd9], size - 2);
  return bytes.toString('base64');
}

async function rejection(call: Promise<unknown>): Promise<UpstreamError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(error)}`);
  return error;
}

function allExchanges(): Exchange[] {
  return [...quietProxy.exchanges, ...stackProxy.exchanges];
}

describe('the document', () => {
  it('is valid OpenAPI 3.1, its per-service files resolve with relative $refs and bundle into one file', async () => {
    const api = (await SwaggerParser.validate(DOCUMENT_PATH)) as { openapi: string; paths: Record<string, unknown> };
    expect(api.openapi).toBe('3.1.0');
    const bundled = JSON.stringify(await SwaggerParser.bundle(DOCUMENT_PATH));
    expect(bundled).not.toMatch(/"\$ref":"\.{0,2}\/?paths\//);
    const parser = new SwaggerParser();
    await parser.resolve(DOCUMENT_PATH);
    const files = parser.$refs.paths().map((p) => p.split('/').at(-1)).sort();
    const onDisk = readdirSync(join(dirname(DOCUMENT_PATH), 'paths')).sort();
    // Every service file is part of the document: none lies beside it unreferenced.
    expect(files).toEqual(['openapi.yaml', ...onDisk].sort());
    expect(onDisk).toEqual(
      [
        'certificate-pickup',
        'common',
        'credit-commitment',
        'credit-enterprise',
        'credit-query',
        'e-licence',
        'evaluation',
        'form-filling',
        'hk-macau-endorsement',
        'id-photo',
        'person-check',
        'progress-query',
        'traffic-violation',
      ].map((id) => `${id}.yaml`),
    );
  });

  it('states the idempotency and retry rules for every operation', async () => {
    const api = (await SwaggerParser.dereference(DOCUMENT_PATH)) as unknown as {
      info: { description: string };
      paths: Record<string, Record<string, { operationId: string; description?: string }>>;
    };
    expect(api.info.description).toMatch(/Idempotency-Key/);
    expect(api.info.description).toMatch(/409/);
    expect(api.info.description).toMatch(/never "failed"/);
    const silent = Object.values(api.paths)
      .flatMap((item) => Object.values(item))
      .filter((op) => !/idempoten/i.test(op.description ?? ''))
      .map((op) => op.operationId);
    expect(silent).toEqual([]);
  });
});

describe('the checks can fail', () => {
  it('catches a wrong request body, a missing header, a wrong answer and an undocumented status', () => {
    const headers = { 'x-terminal-id': TERMINAL_ID, 'content-type': 'application/json' };
    const good = document.checkRequest({ method: 'POST', url: '/api/v1/credit/personal', headers, body: JSON.stringify({ idNumber: ZHANG_SAN, name: '张三' }) });
    expect(good.issues).toEqual([]);
    expect(good.operation?.id).toBe('queryPersonalCredit');
    const wrongBody = document.checkRequest({ method: 'POST', url: '/api/v1/credit/personal', headers, body: JSON.stringify({ idNumber: 42, name: '张三' }) });
    expect(wrongBody.issues.join('\n')).toMatch(/body\/idNumber type/);
    const extraField = document.checkRequest({
      method: 'POST',
      url: '/api/v1/credit/personal',
      headers,
      body: JSON.stringify({ idNumber: ZHANG_SAN, name: '张三', phone: '13800138000' }),
    });
    expect(extraField.issues.join('\n')).toMatch(/unevaluatedProperties/);
    const noTerminal = document.checkRequest({ method: 'GET', url: '/health', headers: {}, body: '' });
    expect(noTerminal.issues).toEqual(['header x-terminal-id: required but missing']);
    expect(document.checkRequest({ method: 'POST', url: '/api/v1/credit/unknown', headers, body: '{}' }).operation).toBeUndefined();

    const operation = good.operation!;
    const record = { reportNo: 'XY1', subjectName: '张三', status: 'good', entries: [], verifyUrl: 'http://127.0.0.1/verify/XY1' };
    expect(document.checkResponse(operation, { status: 200, contentType: 'application/json', body: JSON.stringify(record) })).toEqual([]);
    const { verifyUrl: _dropped, ...incomplete } = record;
    expect(document.checkResponse(operation, { status: 200, contentType: 'application/json', body: JSON.stringify(incomplete) }).join('\n')).toMatch(/required/);
    expect(document.checkResponse(operation, { status: 200, contentType: 'application/json', body: JSON.stringify({ ...record, status: 'fine' }) }).join('\n')).toMatch(/enum/);
    expect(document.checkResponse(operation, { status: 302, contentType: 'application/json', body: '{}' })).toEqual(['status 302: not documented for queryPersonalCredit']);
  });

  it('reports a wrong body sent through the proxy, a call with no operation and operations never exercised', async () => {
    const proxy = await startRecordingProxy(document);
    proxy.setTarget(quiet.url);
    try {
      const post = (path: string, body: unknown) =>
        fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-terminal-id': TERMINAL_ID }, body: JSON.stringify(body) });
      expect((await post('/api/v1/credit/enterprise', { creditCode: 7 })).status).toBe(400);
      expect((await post('/api/v1/credit/lookup', { creditCode: SMALL_SHOP })).status).toBe(404);
      const report = contractReport(document, proxy.exchanges);
      expect(report.violations.join('\n')).toMatch(/^queryEnterpriseCredit: request body\/creditCode type/m);
      expect(report.undocumented).toEqual(['POST /api/v1/credit/lookup']);
      expect(report.unexercised).toContain('uploadIdPhoto');
      expect(report.unexercised).not.toContain('queryEnterpriseCredit');
      expect(report.unseenAnswers).toContain('queryEnterpriseCredit 200');
      expect(report.unseenAnswers).not.toContain('queryEnterpriseCredit 400');
    } finally {
      await proxy.close();
    }
  });
});

describe('health (common)', () => {
  it('answers 2xx when up; a 5xx is an error the terminal reads as unreachable, not a refusal', async () => {
    await client.checkHealth();
    quiet.setFault('http-500', { times: 1, path: '/health' });
    expect((await rejection(client.checkHealth())).kind).toBe('server');
  });
  it('publishes the service guides behind the QR codes the terminal prints (a phone opens them)', async () => {
    const guide = (await (await fetch(`${quietProxy.url}/guides/credit-report`)).json()) as { guideId: string };
    expect(guide.guideId).toBe('credit-report');
    expect((await fetch(`${quietProxy.url}/guides/no-such-guide`)).status).toBe(404);
  });
});

describe('credit-query', () => {
  it('returns a record for the card holder; refuses a wrong name or an invalid number with 400; 5xx is unknown', async () => {
    const record = await client.queryPersonalCredit({ idNumber: ZHANG_SAN, name: '张三' });
    expect(record.subjectName).toBe('张三');
    expect((await rejection(client.queryPersonalCredit({ idNumber: ZHANG_SAN, name: '李四' }))).status).toBe(400);
    expect((await rejection(client.queryPersonalCredit({ idNumber: '110105194912310021', name: '张三' }))).status).toBe(400);
    quiet.setFault('http-500', { times: 1, path: '/api/v1/credit/personal' });
    expect((await rejection(client.queryPersonalCredit({ idNumber: ZHANG_SAN, name: '张三' }))).kind).toBe('server');

    // The printed report's QR code: the platform's verification page, opened by anyone's phone.
    const verify = new URL(record.verifyUrl);
    expect((await fetch(`${quietProxy.url}${verify.pathname}`)).status).toBe(200);
    expect((await fetch(`${quietProxy.url}/verify/XY20000101999999`)).status).toBe(404);
  });

});

describe('credit-enterprise', () => {
  it('returns a record by code; 400 for a code the platform refuses, 404 for no entity; 5xx is unknown', async () => {
    expect((await services.enterpriseCredit(SMALL_SHOP)).creditCode).toBe(SMALL_SHOP);
    expect((await rejection(services.enterpriseCredit('92530102MA6N2B5H4A'))).status).toBe(400);
    expect((await rejection(services.enterpriseCredit('91350100M000100Y43'))).status).toBe(404);
    quiet.setFault('http-500', { times: 1, path: '/api/v1/credit/enterprise' });
    expect((await rejection(services.enterpriseCredit(SMALL_SHOP))).kind).toBe('server');
  });
});

describe('e-licence', () => {
  it('verifies a code; 404 for a foreign code, 410 for an expired one, 400 for a blank one', async () => {
    const licence = sampleLicences[0]!;
    expect((await services.verifyELicence(licence.code)).licenceNo).toBe(licence.licenceNo);
    expect((await rejection(services.verifyELicence('https://elicence.example.gov.cn/v/NOPE'))).status).toBe(404);
    expect((await rejection(services.verifyELicence(EXPIRED_LICENCE_CODE))).status).toBe(410);
    expect((await rejection(services.verifyELicence('   '))).status).toBe(400);
    quiet.setFault('http-500', { times: 1, path: '/api/v1/e-licence/verify' });
    expect((await rejection(services.verifyELicence(licence.code))).kind).toBe('server');
  });
});

describe('progress-query', () => {
  it('finds applications by holder and by receipt; 404 for an unknown receipt, 400 for a wrong name', async () => {
    expect((await services.progressByHolder({ idNumber: ZHANG_SAN, name: '张三' })).items.length).toBeGreaterThan(0);
    expect((await rejection(services.progressByHolder({ idNumber: ZHANG_SAN, name: '李四' }))).status).toBe(400);
    expect((await services.progressByReceipt(KNOWN_RECEIPT)).receiptNo).toBe(KNOWN_RECEIPT);
    // Each application names its public progress page: the same page the receipts' QR codes open.
    expect(new URL((await services.progressByReceipt(KNOWN_RECEIPT)).resultUrl ?? '').pathname).toBe(`/p/${KNOWN_RECEIPT}`);
    expect((await rejection(services.progressByReceipt(UNKNOWN_RECEIPT))).status).toBe(404);
    quiet.setFault('http-500', { times: 1, path: `/api/v1/progress/${KNOWN_RECEIPT}` });
    expect((await rejection(services.progressByReceipt(KNOWN_RECEIPT))).kind).toBe('server');
    quiet.setFault('http-500', { times: 1, path: '/api/v1/progress/by-holder' });
    expect((await rejection(services.progressByHolder({ idNumber: ZHANG_SAN, name: '张三' }))).kind).toBe('server');

    // The page behind the QR code printed on every receipt.
    expect((await fetch(`${quietProxy.url}/p/${KNOWN_RECEIPT}`)).status).toBe(200);
    expect((await fetch(`${quietProxy.url}/p/${UNKNOWN_RECEIPT}`)).status).toBe(404);

  });
});

describe('traffic-violation', () => {
  it('lists the violations of the holder’s vehicle; 403 for someone else’s, 400 for a wrong name', async () => {
    const listed = await services.trafficViolations({ idNumber: ZHANG_SAN, name: '张三', plateNumber: '京A12345' });
    expect(listed.plateNumber).toBe('京A12345');
    // The result's page for the phone: counts only, never the holder.
    const page = await fetch(listed.resultUrl!.replace(quiet.url, quietProxy.url));
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(ZHANG_SAN);
    expect((await fetch(`${quietProxy.url}/p/traffic-queries/AAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await rejection(services.trafficViolations({ idNumber: LI_SI, name: '李四', plateNumber: '京A12345' }))).status).toBe(403);
    expect((await rejection(services.trafficViolations({ idNumber: ZHANG_SAN, name: '李四', plateNumber: '京A12345' }))).status).toBe(400);
    quiet.setFault('http-500', { times: 1, path: '/api/v1/police/traffic-violations' });
    expect((await rejection(services.trafficViolations({ idNumber: ZHANG_SAN, name: '张三', plateNumber: '京A12345' }))).kind).toBe('server');
  });

  it('drafts, accepts once per key and documents a 简易程序 decision; refuses what the platform does not allow', async () => {
    const DRAFTS = '/api/v1/police/traffic-violations/decision-drafts';
    const DECISIONS = '/api/v1/police/traffic-violations/decisions';
    const holder = { idNumber: ZHANG_SAN, name: '张三', plateNumber: '京B23456' };
    const eligible = { ...holder, violationId: '1101052510120003' };
    const draft = await services.decisionDraft(eligible);
    expect(draft.fineFen).toBe(10_000);
    expect((await rejection(services.decisionDraft({ ...eligible, name: '李四' }))).status).toBe(400);
    expect((await rejection(services.decisionDraft({ ...eligible, idNumber: LI_SI, name: '李四' }))).status).toBe(403);
    expect((await rejection(services.decisionDraft({ ...eligible, violationId: '999' }))).status).toBe(404);
    expect((await rejection(services.decisionDraft({ ...holder, violationId: '1101052509300011' }))).status).toBe(422);
    expect((await rejection(services.decisionDraft({ idNumber: ZHANG_SAN, name: '张三', plateNumber: '京A12345', violationId: '1101052506210007' }))).status).toBe(409);
    const signatureSha256 = 'a'.repeat(64);
    const key = `traffic-accept-${randomUUID()}`;
    const accept = { ...eligible, draftNo: draft.draftNo, signatureSha256 };
    expect((await rejection(services.acceptDecision({ ...accept, draftNo: 'CG0' }, `traffic-accept-${randomUUID()}`))).status).toBe(400);
    expect((await rejection(services.acceptDecision({ ...accept, idNumber: LI_SI, name: '李四' }, `traffic-accept-${randomUUID()}`))).status).toBe(403);
    expect((await rejection(services.acceptDecision({ ...accept, violationId: '999' }, `traffic-accept-${randomUUID()}`))).status).toBe(404);
    const decision = await services.acceptDecision(accept, key);
    expect(await services.acceptDecision(accept, key)).toEqual(decision);
    expect((await rejection(services.acceptDecision({ ...accept, signatureSha256: 'b'.repeat(64) }, key))).status).toBe(422);
    expect((await rejection(services.acceptDecision(accept, `traffic-accept-${randomUUID()}`))).status).toBe(409);
    expect(await services.decisionDocument(decision.decisionNo)).toMatchObject({ decisionNo: decision.decisionNo, paid: false });
    expect((await rejection(services.decisionDocument('999'))).status).toBe(404);
    // 408/425/429 are driven with every other query's in 'come back later' below.
    quiet.setFault('http-500', { times: 1, path: DRAFTS });
    expect((await rejection(services.decisionDraft(eligible))).kind).toBe('server');
    quiet.setFault('http-500', { times: 1, path: DECISIONS });
    expect((await rejection(services.acceptDecision(accept, key))).kind).toBe('server');
    quiet.setFault('http-500', { times: 1, path: `/api/v1/police/traffic-decisions/${decision.decisionNo}` });
    expect((await rejection(services.decisionDocument(decision.decisionNo))).kind).toBe('server');
    // The page behind the phone QR.
    expect((await fetch(decision.resultUrl.replace(quiet.url, quietProxy.url))).status).toBe(200);
    expect((await fetch(`${quietProxy.url}/p/traffic-decisions/999`)).status).toBe(404);
  });
});

describe('id-photo', () => {

  it('checks a photo once per key: a repeat gets the first answer, another photo under it 422; 400 for a wrong name, 413 past the limit', async () => {
    const key = `photo-${randomUUID()}`;
    const first = await services.uploadIdPhoto({ idNumber: ZHANG_SAN, name: '张三', photoJpegBase64: photo(3000), idempotencyKey: key });
    expect(first.accepted).toBe(true);
    // The receipt's page for the phone: keyed by the receipt number, nothing of the photo or person.
    const pagePath = new URL(first.resultUrl ?? '').pathname;
    expect(pagePath).toBe(`/photo/${first.receiptNo}`);
    const page = await fetch(`${quietProxy.url}${pagePath}`);
    expect(page.status).toBe(200);
    expect(await page.json()).toEqual(expect.objectContaining({ receiptNo: first.receiptNo, status: 'accepted' }));
    expect((await fetch(`${quietProxy.url}/photo/ZP00000000999999`)).status).toBe(404);
    expect(await services.uploadIdPhoto({ idNumber: ZHANG_SAN, name: '张三', photoJpegBase64: photo(3000), idempotencyKey: key })).toEqual(first);
    // The same key with another photo is the terminal's bug, never a silent second record: 422, final.
    const reused = services.uploadIdPhoto({ idNumber: ZHANG_SAN, name: '张三', photoJpegBase64: photo(3100), idempotencyKey: key });
    expect(await rejection(reused)).toMatchObject({ kind: 'rejected', status: 422 });
    const small = await services.uploadIdPhoto({ idNumber: ZHANG_SAN, name: '张三', photoJpegBase64: photo(100), idempotencyKey: `photo-${randomUUID()}` });
    expect(small.accepted).toBe(false);
    const mismatch = services.uploadIdPhoto({ idNumber: ZHANG_SAN, name: '李四', photoJpegBase64: photo(3000), idempotencyKey: `photo-${randomUUID()}` });
    expect((await rejection(mismatch)).status).toBe(400);
    const huge = services.uploadIdPhoto({ idNumber: ZHANG_SAN, name: '张三', photoJpegBase64: photo(60_000), idempotencyKey: `photo-${randomUUID()}` });
    expect((await rejection(huge)).status).toBe(413);
    quiet.setFault('http-500', { times: 1, path: '/api/v1/police/id-photo' });
    const failing = services.uploadIdPhoto({ idNumber: ZHANG_SAN, name: '张三', photoJpegBase64: photo(3000), idempotencyKey: `photo-${randomUUID()}` });
    expect((await rejection(failing)).kind).toBe('server');
  });
});

describe('person-check (registered photo)', () => {
  it("gives the sample card holder's registered photo, 404 for someone with none, 400 for a wrong name, and fails a 500 as unknown", async () => {
    const resident = sampleCards.resident;
    const photo = await fetchRegisteredPhoto(client, { idNumber: resident.idNumber, name: resident.name });
    expect(photo.mime).toBe('image/png');
    expect(photo.bytes.length).toBeGreaterThan(1000);
    expect((await rejection(fetchRegisteredPhoto(client, { idNumber: LI_SI, name: '李四' }))).status).toBe(404);
    expect((await rejection(fetchRegisteredPhoto(client, { idNumber: resident.idNumber, name: '李四' }))).status).toBe(400);
    quiet.setFault('http-500', { times: 1, path: '/api/v1/person-check/registered-photo' });
    expect((await rejection(fetchRegisteredPhoto(client, { idNumber: resident.idNumber, name: resident.name }))).kind).toBe('server');
  });
});

describe('certificate-pickup', () => {
  it('lists the holder’s waiting certificates with their slots, refuses a mismatched name, and fails a 500 as unknown', async () => {
    const { certificates } = await services.waitingCertificates({ idNumber: ZHANG_SAN, name: '张三' });
    expect(certificates.map((c) => c.certificateId)).toEqual(['CERT-ZS-0001', 'CERT-ZS-0002', 'CERT-ZS-0003']);
    expect(certificates[0]).toMatchObject({ kind: 'id-card', slot: 1 });
    expect((await services.waitingCertificates({ idNumber: LI_SI, name: '李四' })).certificates).toHaveLength(1);
    expect((await rejection(services.waitingCertificates({ idNumber: ZHANG_SAN, name: '李四' }))).status).toBe(400);
    quiet.setFault('http-500', { times: 1, path: '/api/v1/certificates/waiting' });
    expect((await rejection(services.waitingCertificates({ idNumber: ZHANG_SAN, name: '张三' }))).kind).toBe('server');
  });
});

describe('hk-macau-endorsement', () => {
  it('lists the types a holder may apply for, refuses a booklet (400) and another holder’s permit (404), and fails a 500 as unknown', async () => {
    const answer = await services.endorsementOptions({ idNumber: ZHANG_SAN, name: '张三', permitNumber: 'C12345678' });
    expect(answer.options.filter((o) => !o.allowed).map((o) => o.type)).toEqual(['S']);
    expect(answer.paymentReference).toMatch(/^QZ-5678-/);
    expect((await rejection(services.endorsementOptions({ idNumber: ZHANG_SAN, name: '张三', permitNumber: 'W12345678' }))).status).toBe(400);
    expect((await rejection(services.endorsementOptions({ idNumber: ZHANG_SAN, name: '张三', permitNumber: 'CA1234567' }))).status).toBe(404);
    quiet.setFault('http-500', { times: 1, path: '/api/v1/police/hk-macau-endorsement/options' });
    expect((await rejection(services.endorsementOptions({ idNumber: ZHANG_SAN, name: '张三', permitNumber: 'C12345678' }))).kind).toBe('server');
  });
});

describe('come back later (408, 425, 429)', () => {
  it('is an unknown outcome like a 5xx for every query that documents it, never the platform’s refusal', async () => {
    const queries: Record<string, { path: string; call: () => Promise<unknown> }> = {
      queryPersonalCredit: { path: '/api/v1/credit/personal', call: () => client.queryPersonalCredit({ idNumber: ZHANG_SAN, name: '张三' }) },
      queryEnterpriseCredit: { path: '/api/v1/credit/enterprise', call: () => services.enterpriseCredit(SMALL_SHOP) },
      verifyELicence: { path: '/api/v1/e-licence/verify', call: () => services.verifyELicence(sampleLicences[0]!.code) },
      progressByHolder: { path: '/api/v1/progress/by-holder', call: () => services.progressByHolder({ idNumber: ZHANG_SAN, name: '张三' }) },
      progressByReceipt: { path: `/api/v1/progress/${KNOWN_RECEIPT}`, call: () => services.progressByReceipt(KNOWN_RECEIPT) },
      trafficViolations: {
        path: '/api/v1/police/traffic-violations',
        call: () => services.trafficViolations({ idNumber: ZHANG_SAN, name: '张三', plateNumber: '京A12345' }),
      },
      waitingCertificates: { path: '/api/v1/certificates/waiting', call: () => services.waitingCertificates({ idNumber: ZHANG_SAN, name: '张三' }) },
      endorsementOptions: {
        path: '/api/v1/police/hk-macau-endorsement/options',
        call: () => services.endorsementOptions({ idNumber: ZHANG_SAN, name: '张三', permitNumber: 'C12345678' }),
      },
      trafficDecisionDraft: {
        path: '/api/v1/police/traffic-violations/decision-drafts',
        call: () => services.decisionDraft({ idNumber: ZHANG_SAN, name: '张三', plateNumber: '京B23456', violationId: '1101052510120003' }),
      },
      acceptTrafficDecision: {
        path: '/api/v1/police/traffic-violations/decisions',
        call: () =>
          services.acceptDecision(
            { idNumber: ZHANG_SAN, name: '张三', plateNumber: '京B23456', violationId: '1101052510120003', draftNo: 'CG00000001', signatureSha256: 'a'.repeat(64) },
            `traffic-accept-${randomUUID()}`,
          ),
      },
      registeredPhoto: {
        path: '/api/v1/person-check/registered-photo',
        call: () => fetchRegisteredPhoto(client, { idNumber: sampleCards.resident.idNumber, name: sampleCards.resident.name }),
      },
      uploadIdPhoto: {
        path: '/api/v1/police/id-photo',
        call: () => services.uploadIdPhoto({ idNumber: ZHANG_SAN, name: '张三', photoJpegBase64: photo(3000), idempotencyKey: `photo-${randomUUID()}` }),
      },
    };
    // Submissions meet these statuses through the outbox (next test); every other documenting operation is here.
    const documenting = document.operations.filter((o) => o.id !== 'submit' && ['408', '425', '429'].some((key) => o.responses.has(key)));
    expect(documenting.map((o) => o.id).sort()).toEqual(Object.keys(queries).sort());
    for (const operation of documenting) {
      const query = queries[operation.id]!;
      for (const status of [408, 425, 429] as const) {
        quiet.setFault(`http-${status}`, { times: 1, path: query.path });
        expect(await rejection(query.call())).toMatchObject({ kind: 'server', status });
      }
    }
  });
});

describe('submissions (common) through the outbox', () => {
  it('delivers ratings and monthly reports: 201; 409 for a replay after a lost answer; 5xx, 408, 425, 429 retried; 400 and 413 kept as failed; 422 for a reused key', async () => {
    const dir = tempDir('contract-outbox');
    // A platform's body limit may be below the outbox's own payload cap (48 KiB); the reference's is 64 KiB,
    // so this outbox allows larger payloads to meet a 413.
    const { outbox, close } = openOutbox(dir.path('outbox.db'), { maxPayloadBytes: 256 * 1024 });
    const tallyDb = openDatabase(dir.path('tally.db'), { migrations });
    const tally = new ServiceTally(tallyDb);
    const { worker, monitor } = startSync(outbox, quietProxy.url, { timeoutMs: 3000 });
    try {
      const rated = queueEvaluation(outbox, tally, { serviceId: 'credit-query', transactionId: `XY${Date.now()}`, rating: 5 });
      // The platform stores the rating but its answer is lost: the retry with the same key gets 409 = delivered.
      quiet.setFault('lost-response', { times: 1, path: '/api/v1/submissions' });
      await waitFor(() => outbox.getByKey(rated.item.idempotencyKey)?.status === 'delivered', 15_000, 'the rating delivered');
      expect(quiet.submissionAttempts.get(rated.item.idempotencyKey)).toBe(2);

      tally.recordTransaction('credit-query');
      const month = new Date().toISOString().slice(0, 7);
      const report = queueMonthlyReport(outbox, buildMonthlyReport(tally, { terminalId: TERMINAL_ID, month }));
      quiet.setFault('http-500', { times: 3, path: '/api/v1/submissions' });
      await waitFor(() => outbox.getByKey(report.item.idempotencyKey)?.status === 'delivered', 15_000, 'the report delivered');

      // 408, 425 and 429 are retried with the same key like a 5xx; the item is never marked failed.
      const later = queueEvaluation(outbox, tally, { serviceId: 'progress-query', transactionId: `XY${Date.now()}-later`, rating: 4 });
      const statuses: string[] = [];
      for (const fault of ['http-408', 'http-425', 'http-429'] as const) {
        quiet.setKeyFault(later.item.idempotencyKey, fault);
        const before = quiet.submissionAttempts.get(later.item.idempotencyKey) ?? 0;
        const seenBefore = quietProxy.exchanges.length;
        await waitFor(() => quietProxy.exchanges.slice(seenBefore).some((e) => e.status === Number(fault.slice(5))), 15_000, `a ${fault} answer`);
        statuses.push(outbox.getByKey(later.item.idempotencyKey)!.status);
        expect(quiet.submissionAttempts.get(later.item.idempotencyKey) ?? 0).toBe(before);
      }
      quiet.setKeyFault(later.item.idempotencyKey, 'none');
      await waitFor(() => outbox.getByKey(later.item.idempotencyKey)?.status === 'delivered', 15_000, 'the rating delivered after 408/425/429');
      expect(statuses.every((status) => status === 'pending')).toBe(true);

      // A report past the platform's body limit (a tally of 400 services in an old month) is refused with
      // 413: final, kept as failed for staff.
      for (let i = 0; i < 400; i += 1) tally.recordTransaction(`service-${String(i).padStart(3, '0')}`, new Date('2020-01-15T04:00:00Z'));
      const oversized = queueMonthlyReport(outbox, buildMonthlyReport(tally, { terminalId: TERMINAL_ID, month: '2020-01' }));
      await waitFor(() => outbox.getByKey(oversized.item.idempotencyKey)?.status === 'failed', 15_000, 'the oversized report kept as failed');

      const refused = queueEvaluation(outbox, tally, { serviceId: 'credit-query', transactionId: `XY${Date.now()}-bad`, rating: 1, reasons: ['too-slow'] });
      quiet.setKeyFault(refused.item.idempotencyKey, 'http-400');
      await waitFor(() => outbox.getByKey(refused.item.idempotencyKey)?.status === 'failed', 15_000, 'the refused rating kept as failed');
      quiet.setKeyFault(refused.item.idempotencyKey, 'none');

      // The same key with another body (here another position in the stream) is the terminal's bug: 422, final.
      const stored = quiet.submissions.get(rated.item.idempotencyKey)!.body as { stream: string; kind: string; createdAt: string; sequence: number; payload: unknown };
      const reused = client.submit({ ...stored, sequence: stored.sequence + 1000, idempotencyKey: rated.item.idempotencyKey });
      expect((await rejection(reused)).status).toBe(422);
      expect(await client.submit({ ...stored, idempotencyKey: rated.item.idempotencyKey })).toMatchObject({ replayed: true });

      const seen = answersSeen(quietProxy.exchanges);
      for (const status of [201, 409, 500, 400, 408, 413, 422, 425, 429]) expect(seen).toContain(`submit ${status}`);
    } finally {
      await worker.stop({ drainMs: 0 });
      monitor.stop();
      close();
      closeDatabase(tallyDb);
      dir.remove();
    }
  });
});

describe('what the real core sends (demo stack: card reader and printer on PTYs, the core, its outbox)', () => {
  let stackHelpers: typeof import('../support/services-stack.ts');
  beforeAll(async () => {
    // Imported here so the direct-client tests above still run while the core does not load.
    stackHelpers = await import('../support/services-stack.ts');
    // The core talks to the proxy; the proxy learns where the stack's reference upstream is once it runs.
    s = await stackHelpers.startServiceStack({ configOverride: { upstream: { baseUrl: stackProxy.url, timeoutMs: 3000 } } });
    stackProxy.setTarget(s.stack.upstream.url);
  }, 60_000);

  afterAll(async () => {
    await s?.close();
  });

  it('queries for the card in the reader: personal credit, progress, traffic violations, an ID photo, an e-licence', async () => {
    await s.sessionWithCard();
    // The personal record is access 'verified': 人证核验 first (through the core alone).
    await passPersonCheck(s.call);
    expect((await s.value<{ reportNo: string }>('queryCredit', { kind: 'personal' })).reportNo).toMatch(/^XY\d{14}$/);
    await s.value('queryProgress', { by: 'idCard' });
    await s.value('queryProgress', { by: 'receipt', receiptNo: KNOWN_RECEIPT });
    await s.value('queryTrafficViolations', { plateNumber: '京A12345' });
    expect(await s.value('uploadIdPhoto', { submissionId: randomUUID(), photoJpeg: stackHelpers.fakeJpegDataUrl(3000) })).toMatchObject({ accepted: true });
    await s.value('verifyELicence', { code: sampleLicences[0]!.code, source: 'camera' });
    // A platform asking to come back later has not refused the licence: the citizen is told to try again.
    s.stack.upstream.setFault('http-429', { times: 1, path: '/api/v1/e-licence/verify' });
    await s.failure('verifyELicence', { code: sampleLicences[0]!.code, source: 'camera' }, 'UPSTREAM_UNAVAILABLE');
    await s.value('endSession', { reason: 'completed' });
  });

  it('queries enterprise credit without a card', async () => {
    await s.value('startSession');
    expect((await s.value<{ entityName: string }>('queryEnterpriseCredit', { creditCode: SMALL_SHOP })).entityName).toBe('昆明市五华区示例小吃店');
    await s.value('endSession', { reason: 'completed' });
  });

  it('carries what the core builds for a form, a commitment, a rating and a staff call', async () => {
    await s.sessionWithCard();
    const opened = await s.value<{ values: Record<string, string> }>('startForm', { formId: 'residence-permit' });
    const values = {
      ...opened.values,
      residenceAddress: '云南省昆明市五华区示例路8号3栋201',
      phone: '13800138000',
      reason: 'employment',
      residenceSince: '2025-06-01',
      truthful: 'yes',
    };
    const form = await s.value<{ receiptNo: string }>('submitForm', { submissionId: randomUUID(), formId: 'residence-permit', values });
    const matter = await s.value<{ version: string }>('getCommitmentMatter', { matterId: 'individual-business-registration' });
    await s.value('submitCommitment', {
      submissionId: randomUUID(),
      matterId: 'individual-business-registration',
      matterVersion: matter.version,
      agreed: true,
      signaturePng: await stackHelpers.signaturePng(),
    });
    await s.value('submitEvaluation', { serviceId: 'form-filling', transactionId: form.receiptNo, rating: 2, reasons: ['too-slow'], comment: '排队太久' });
    await s.value('callStaff', { serviceId: 'form-filling', screen: 'form-review' });
    await s.value('endSession', { reason: 'completed' });
    const kinds = () => new Set(stackProxy.exchanges.filter((e) => e.status !== undefined).map((e) => e.submissionKind));
    await waitFor(() => ['form.v1', 'credit-commitment.v1', 'evaluation.v1', 'staff-call.v1'].every((k) => kinds().has(k)), 15_000, 'all four kinds delivered');
  });

  it('lists the waiting certificates and reports a hand-out (自助取证, simulated dispenser)', async () => {
    await s.sessionWithCard();
    await passPersonCheck(s.call);
    const { certificates } = await s.value<{ certificates: { certificateId: string }[] }>('listWaitingCertificates');
    s.stack.dispenser.citizen = () => 20;
    expect(await s.value('handOutCertificate', { certificateId: certificates[0]!.certificateId })).toMatchObject({ outcome: 'taken' });
    await s.value('endSession', { reason: 'completed' });
    const kinds = () => new Set(stackProxy.exchanges.filter((e) => e.status !== undefined).map((e) => e.submissionKind));
    await waitFor(() => kinds().has('certificate-handout.v1'), 15_000, 'the hand-out report delivered');
  });

  it('submits an endorsement application with its fee paid at the terminal (往来港澳二次签注)', async () => {
    await s.sessionWithCard();
    await passPersonCheck(s.call);
    await s.value('listEndorsementOptions', { by: 'entry', permitNumber: 'C12345678' });
    const submissionId = randomUUID();
    const fee = await s.value<{ purpose: string; purchaseId: string; amountFen: number }>('endorsementFee', { submissionId, type: 'T' });
    const { payment } = await s.value<{ payment: { orderNo: string } }>('startNativePayment', { purpose: fee.purpose, purchaseId: fee.purchaseId, shownFen: fee.amountFen, channel: 'alipay' });
    s.stack.paymentServer.ledger.payNative('alipay', payment.orderNo);
    await waitFor(async () => (await s.value<{ display: string }>('checkPayment', { orderNo: payment.orderNo })).display === 'paid', 5000, 'paid');
    expect(await s.value('submitEndorsement', { submissionId, type: 'T', orderNo: payment.orderNo })).toMatchObject({ payment: { status: 'paid', orderNo: payment.orderNo } });
    await s.value('endSession', { reason: 'completed' });
    const kinds = () => new Set(stackProxy.exchanges.filter((e) => e.status !== undefined).map((e) => e.submissionKind));
    await waitFor(() => kinds().has('hk-macau-endorsement.v1'), 15_000, 'the application delivered');
  });

  it('tells the platform a fine paid at the terminal through the outbox', async () => {
    const stackHelpers = await import('../support/services-stack.ts');
    await s.sessionWithCard();
    await passPersonCheck(s.call);
    await s.value('queryTrafficViolations', { plateNumber: '京B23456' });
    const draft = await s.value<{ draftNo: string }>('draftTrafficDecision', { violationId: '1101052510120003' });
    const decision = await s.value<{ decisionNo: string; amountFen: number }>('acceptTrafficDecision', {
      acceptId: randomUUID(),
      violationId: '1101052510120003',
      draftNo: draft.draftNo,
      agreed: true,
      signaturePng: await stackHelpers.signaturePng(),
    });
    const { payment } = await s.value<{ payment: { orderNo: string } }>('startNativePayment', { purpose: 'traffic-fine', purchaseId: decision.decisionNo, shownFen: decision.amountFen, channel: 'non-tax' });
    s.stack.paymentServer.ledger.payNative('non-tax', payment.orderNo);
    await waitFor(async () => (await s.value<{ display: string }>('checkPayment', { orderNo: payment.orderNo })).display === 'paid', 5000, 'paid');
    await s.value('completeTrafficFine', { decisionNo: decision.decisionNo, orderNo: payment.orderNo });
    await s.value('endSession', { reason: 'completed' });
    const kinds = () => new Set(stackProxy.exchanges.filter((e) => e.status !== undefined).map((e) => e.submissionKind));
    await waitFor(() => kinds().has('traffic-fine-paid.v1'), 15_000, 'the paid notice delivered');
  });
});

describe('coverage', () => {
  it('every terminal call has an operation; every operation, documented answer and submission kind was exercised', () => {
    const report = contractReport(document, allExchanges());
    expect(report.undocumented).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(report.unexercised).toEqual([]);
    expect(report.unseenAnswers).toEqual([]);
    const kinds = new Set(allExchanges().map((e) => e.submissionKind));
    expect(SUBMISSION_KINDS.filter((k) => !kinds.has(k))).toEqual([]);
  });
});
