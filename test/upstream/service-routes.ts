/**
 * The reference upstream's citizen-service endpoints: enterprise credit, e-licence verification,
 * progress, the police tiles and the published guides. Plain data in, status + JSON out; faults
 * are applied by reference-upstream.ts exactly as for the credit route.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { certificateRoute } from './certificate-routes.ts';
import { endorsementRoute } from './endorsement-routes.ts';
import { queryResultUrl, trafficRoute, violationItem } from './traffic-routes.ts';
import { isAcceptedCreditCode } from './credit-code-format.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import {
  EXPIRED_LICENCE_CODE,
  sampleApplications,
  sampleEnterprises,
  sampleLicences,
  sampleVehicles,
  type SampleApplication,
} from './service-samples.ts';
import type { RouteRequest, RouteResult, UpstreamState } from './upstream-routes.ts';
import { checkSubject, error, isObject, terminalPost } from './route-kit.ts';

const GUIDES_DIR = fileURLToPath(new URL('../../resources/guides/', import.meta.url));
const SAMPLE_PHOTO = fileURLToPath(new URL('../../resources/person-check/sample-card-photo.png', import.meta.url));

/**
 * Photo answers by Idempotency-Key with the body they answered: a retried upload gets the first
 * answer, the same key with another photo or holder is refused (422) as for submissions.
 */
const photoResults = new WeakMap<UpstreamState, Map<string, { body: Record<string, unknown>; result: RouteResult }>>();

/** Undefined when the path is not a service route (the caller then answers 404). */
export function serviceRoute(request: RouteRequest, state: UpstreamState): RouteResult | undefined {
  const { method, path } = request;
  const post = (handler: (body: Record<string, unknown>) => RouteResult): RouteResult => terminalPost(request, handler);
  if (path === '/api/v1/credit/enterprise') return post((body) => enterpriseCredit(body, state));
  if (path === '/api/v1/e-licence/verify') return post(verifyLicence);
  if (path === '/api/v1/progress/by-holder') return post((body) => progressByHolder(body, state));
  if (path === '/api/v1/police/traffic-violations') return post((body) => trafficViolations(body, state));
  const traffic = trafficRoute(request, state);
  if (traffic) return traffic;
  if (path === '/api/v1/police/id-photo') return post((body) => idPhoto(body, request, state));
  if (path === '/api/v1/person-check/registered-photo') return post(registeredPhoto);
  if (path === '/api/v1/certificates/waiting') return certificateRoute(request, state);
  if (path === '/api/v1/police/hk-macau-endorsement/options') return endorsementRoute(request);
  const receipt = /^\/(?:api\/v1\/progress|p)\/([^/]+)$/.exec(path)?.[1];
  if (receipt !== undefined && path !== '/api/v1/progress/by-holder') {
    if (method !== 'GET') return error(405, 'method-not-allowed', 'use GET');
    const found = findApplication(decodeURIComponent(receipt), state);
    return found ? { status: 200, body: found } : error(404, 'unknown-receipt', 'no application with this receipt number');
  }
  const photoReceipt = /^\/photo\/([A-Za-z0-9]{1,64})$/.exec(path)?.[1];
  if (photoReceipt !== undefined && method === 'GET') return photoReceiptPage(photoReceipt, state);
  const guideId = /^\/guides\/([a-z0-9-]{1,64})$/.exec(path)?.[1];
  if (guideId !== undefined && method === 'GET') return publishedGuide(guideId);
  return undefined;
}

function enterpriseCredit(body: Record<string, unknown>, state: UpstreamState): RouteResult {
  const code = typeof body.creditCode === 'string' ? body.creditCode.toUpperCase() : '';
  if (!isAcceptedCreditCode(code)) return error(400, 'invalid-credit-code', 'creditCode is not a valid unified social credit code');
  const sample = sampleEnterprises.find((e) => e.creditCode === code);
  if (!sample) return error(404, 'unknown-entity', 'no entity is registered with this code');
  const reportNo = state.nextReportNo(new Date());
  state.issuedReports.add(reportNo);
  return { status: 200, body: { reportNo, ...sample, verifyUrl: `${state.baseUrl()}/verify/${reportNo}` } };
}

function verifyLicence(body: Record<string, unknown>): RouteResult {
  const code = typeof body.code === 'string' ? body.code.trim() : '';
  if (code === '') return error(400, 'missing-code', 'code is required');
  if (code === EXPIRED_LICENCE_CODE) return error(410, 'code-expired', 'this code has expired: refresh it in the app');
  const licence = sampleLicences.find((l) => l.code === code);
  if (!licence) return error(404, 'unknown-code', 'not an e-licence code issued by the provincial platform');
  const { code: _code, ...rest } = licence;
  return { status: 200, body: rest };
}

/** A case's public progress page: the same page the receipts' QR codes open. */
const progressPageUrl = (state: UpstreamState, receiptNo: string): string => `${state.baseUrl()}/p/${encodeURIComponent(receiptNo)}`;

function asProgress(app: SampleApplication, state: UpstreamState): Record<string, unknown> {
  const { holderIdNumber: _holder, ...rest } = app;
  return { ...rest, resultUrl: progressPageUrl(state, app.receiptNo) };
}

/** Submissions from terminals appear as freshly received applications under their receipt number. */
function submittedApplications(state: UpstreamState): { holderIdNumber: string; progress: Record<string, unknown> }[] {
  return [...state.submissions.values()].flatMap((submission) => {
    const body = submission.body as { payload?: Record<string, unknown> };
    const payload = body.payload;
    if (!isObject(payload) || typeof payload.receiptNo !== 'string') return [];
    const person = (payload.applicant ?? payload.committer) as { idNumber?: unknown } | undefined;
    const endorsement = payload.endorsement as { type?: unknown } | undefined;
    const matter =
      typeof payload.formId === 'string' ? `表单 ${payload.formId}` : endorsement ? `往来港澳签注 ${String(endorsement.type ?? '')}` : `信用承诺 ${String(payload.matterId ?? '')}`;
    return [
      {
        holderIdNumber: typeof person?.idNumber === 'string' ? person.idNumber : '',
        progress: {
          receiptNo: payload.receiptNo,
          matter,
          status: 'received',
          note: '',
          submittedAt: submission.receivedAt,
          updatedAt: submission.receivedAt,
          steps: [
            { name: '受理', done: true, at: submission.receivedAt },
            { name: '审核', done: false },
            { name: '办结', done: false },
          ],
          resultUrl: progressPageUrl(state, payload.receiptNo),
        },
      },
    ];
  });
}

function findApplication(receiptNo: string, state: UpstreamState): Record<string, unknown> | undefined {
  const sample = sampleApplications.find((a) => a.receiptNo === receiptNo.toUpperCase());
  if (sample) return asProgress(sample, state);
  return submittedApplications(state).find((a) => String(a.progress.receiptNo).toUpperCase() === receiptNo.toUpperCase())?.progress;
}

function progressByHolder(body: Record<string, unknown>, state: UpstreamState): RouteResult {
  const subject = checkSubject(body);
  if ('status' in subject) return subject;
  const items = [
    ...sampleApplications.filter((a) => a.holderIdNumber === subject.idNumber).map((a) => asProgress(a, state)),
    ...submittedApplications(state)
      .filter((a) => a.holderIdNumber.toUpperCase() === subject.idNumber)
      .map((a) => a.progress),
  ];
  return { status: 200, body: { holderName: subject.name, items } };
}

function trafficViolations(body: Record<string, unknown>, state: UpstreamState): RouteResult {
  const subject = checkSubject(body);
  if ('status' in subject) return subject;
  const plate = typeof body.plateNumber === 'string' ? body.plateNumber : '';
  const vehicle = sampleVehicles.find((v) => v.plateNumber === plate);
  if (!vehicle || vehicle.ownerIdNumber !== subject.idNumber) {
    return error(403, 'not-owner', 'this vehicle is not registered to the card holder');
  }
  const items = vehicle.violations.map((v) => violationItem(v, state));
  return { status: 200, body: { plateNumber: vehicle.plateNumber, items, resultUrl: queryResultUrl(state, vehicle.plateNumber, items) } };
}

function idPhoto(body: Record<string, unknown>, request: RouteRequest, state: UpstreamState): RouteResult {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) return error(400, 'missing-idempotency-key', 'Idempotency-Key header is required');
  const results = photoResults.get(state) ?? new Map<string, { body: Record<string, unknown>; result: RouteResult }>();
  photoResults.set(state, results);
  const earlier = results.get(key);
  if (earlier) {
    return isDeepStrictEqual(earlier.body, body)
      ? earlier.result
      : error(422, 'idempotency-key-reused', 'this Idempotency-Key was used for a different photo upload');
  }
  const subject = checkSubject(body);
  if ('status' in subject) return subject;
  const photo = typeof body.photoJpegBase64 === 'string' ? Buffer.from(body.photoJpegBase64, 'base64') : Buffer.alloc(0);
  const isJpeg = photo.length > 4 && photo[0] === 0xff && photo[1] === 0xd8 && photo.at(-2) === 0xff && photo.at(-1) === 0xd9;
  // The reference cannot see faces: a photo passes on format and size (GA 461 photos are 14-40 KB;
  // small test images stand in, so the floor is 2 KB).
  const sizeOk = photo.length >= 2048 && photo.length <= 48 * 1024;
  const accepted = isJpeg && sizeOk;
  const receiptNo = accepted ? `ZP${new Date().toISOString().slice(0, 10).replaceAll('-', '')}${String(results.size + 1).padStart(6, '0')}` : '';
  const result: RouteResult = {
    status: 200,
    body: {
      accepted,
      receiptNo,
      // The receipt's page, by its number: never the photo (nor the person) in the address.
      ...(accepted ? { resultUrl: `${state.baseUrl()}/photo/${receiptNo}` } : {}),
      checks: [
        { check: 'format', passed: isJpeg },
        { check: 'size', passed: sizeOk },
        { check: 'face', passed: isJpeg },
        { check: 'background', passed: isJpeg },
        { check: 'exposure', passed: isJpeg },
      ],
    },
  };
  results.set(key, { body, result });
  return result;
}

/**
 * The person's registered photo for 人证核验 where the terminal cannot read the card's: the sample
 * cards' people have the sample card's picture on record (public domain, resources/person-check/),
 * anyone else has none (404). The reference has no other photos to give.
 */
function registeredPhoto(body: Record<string, unknown>): RouteResult {
  const subject = checkSubject(body);
  if ('status' in subject) return subject;
  const sample = Object.values(sampleCards).find((c) => c.idNumber.toUpperCase() === subject.idNumber);
  if (!sample) return error(404, 'no-registered-photo', 'no photo is on record for this person');
  if ((sample.name || sample.nameEn || '') !== subject.name) return error(400, 'identity-mismatch', 'name does not match the ID number');
  return { status: 200, body: { mime: 'image/png', photoBase64: readFileSync(SAMPLE_PHOTO).toString('base64') } };
}

/** The photo receipt's public page (回执): its number and what to do with it, nothing of the photo or person. */
function photoReceiptPage(receiptNo: string, state: UpstreamState): RouteResult {
  for (const { result } of photoResults.get(state)?.values() ?? []) {
    const body = result.body as { accepted?: boolean; receiptNo?: string };
    if (body.accepted && body.receiptNo === receiptNo) {
      return { status: 200, body: { receiptNo, status: 'accepted', use: '办理身份证、护照、驾驶证等业务时出示照片回执号即可调用此照片' } };
    }
  }
  return error(404, 'unknown-receipt', 'no accepted photo with this receipt number');
}

/** The one source: the same guide files the terminal shows, as the phone page behind the QR. */
function publishedGuide(guideId: string): RouteResult {
  const files = existsSync(GUIDES_DIR) ? readdirSync(GUIDES_DIR).filter((name) => name.endsWith('.json')) : [];
  for (const name of files) {
    const guide = JSON.parse(readFileSync(`${GUIDES_DIR}${name}`, 'utf8')) as { guideId?: unknown };
    if (guide.guideId === guideId) return { status: 200, body: guide };
  }
  return error(404, 'unknown-guide', 'no guide with this id');
}
