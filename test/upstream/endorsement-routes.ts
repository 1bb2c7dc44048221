/**
 * The reference upstream's 往来港澳二次签注 route: the endorsement types a holder may apply for on
 * their card permit, with validity, times, fee and the payment reference the application is paid
 * by. Applications arrive through the submission route (stream 'endorsements'); their receipt
 * numbers appear in progress like any submission.
 */
import { isAcceptedIdNumber } from './id-number-format.ts';
import { findSampleRecord } from './sample-records.ts';
import { LI_SI, ZHANG_SAN } from './service-samples.ts';
import type { RouteRequest, RouteResult } from './upstream-routes.ts';
import { error, terminalPost } from './route-kit.ts';

type EndorsementOption = { type: 'G' | 'L' | 'T' | 'S' | 'Q'; allowed: boolean; refusal?: string; validityMonths: number; times: number; feeYuan: number };

export interface SamplePermit {
  holderIdNumber: string;
  permitNumber: string;
  expiresOn: string;
  options: EndorsementOption[];
}

const option = (type: EndorsementOption['type'], validityMonths: number, times: number, refusal?: string, feeYuan = 15): EndorsementOption => ({
  type,
  allowed: refusal === undefined,
  ...(refusal === undefined ? {} : { refusal }),
  validityMonths,
  times,
  feeYuan,
});

export const samplePermits: readonly SamplePermit[] = [
  {
    holderIdNumber: ZHANG_SAN,
    permitNumber: 'C12345678',
    expiresOn: '2031-06-30',
    options: [option('G', 3, 1), option('L', 3, 1), option('T', 3, 1), option('S', 3, 1, '未登记商务备案，请到出入境窗口办理'), option('Q', 3, 1, undefined, 20.5)],
  },
  {
    holderIdNumber: LI_SI,
    permitNumber: 'CA1234567',
    expiresOn: '2029-01-31',
    options: [option('G', 3, 1), option('L', 3, 1, '户籍地未开放个人旅游签注'), option('T', 12, 0)],
  },
];

/** The platform's own check, independent of the terminal's rule: card permits only. */
const CARD_PERMIT = /^C(?:[0-9]{8}|[A-HJ-NP-Z][0-9]{7})$/;
let referenceSeq = 0;

/** Undefined when the path is not this route. */
export function endorsementRoute(request: RouteRequest): RouteResult | undefined {
  if (request.path !== '/api/v1/police/hk-macau-endorsement/options') return undefined;
  return terminalPost(request, endorsementOptions);
}

function endorsementOptions(body: Record<string, unknown>): RouteResult {
  const { idNumber: rawId, name, permitNumber } = body;
  if (typeof rawId !== 'string' || typeof name !== 'string' || name.trim() === '' || typeof permitNumber !== 'string') {
    return error(400, 'missing-fields', 'idNumber, name and permitNumber are required');
  }
  const idNumber = rawId.toUpperCase();
  if (!isAcceptedIdNumber(idNumber)) return error(400, 'invalid-id-number', 'idNumber is not a valid ID number');
  const sample = findSampleRecord(idNumber);
  if (sample && sample.name !== name.trim()) return error(400, 'identity-mismatch', 'name does not match the ID number');
  if (!CARD_PERMIT.test(permitNumber)) return error(400, 'not-endorsable', 'only card permits (C…) can be endorsed');
  const permit = samplePermits.find((p) => p.permitNumber === permitNumber);
  if (!permit || permit.holderIdNumber !== idNumber) return error(404, 'unknown-permit', 'no such permit is issued to this holder');
  referenceSeq += 1;
  return {
    status: 200,
    body: { permitNumber, expiresOn: permit.expiresOn, paymentReference: `QZ-${permitNumber.slice(-4)}-${String(referenceSeq).padStart(6, '0')}`, options: permit.options },
  };
}
