/**
 * The reference upstream's 自助取证 route: finished certificates waiting for a card holder in a
 * terminal's dispenser, with the slot staff loaded each into. A certificate whose hand-out the
 * terminal reported (outbox stream 'certificate-handouts') no longer waits.
 */
import { LI_SI, ZHANG_SAN } from './service-samples.ts';
import type { RouteRequest, RouteResult, UpstreamState } from './upstream-routes.ts';
import { checkSubject, terminalPost } from './route-kit.ts';

export interface SampleCertificate {
  holderIdNumber: string;
  certificateId: string;
  kind: 'id-card' | 'permit' | 'licence';
  title: string;
  issuedBy: string;
  readyAt: string;
  /** The document's own number, which the dispenser's reader finds on the card. */
  certificateNumber: string;
  slot: number;
}

/** Loaded the same way into every terminal's dispenser (the simulators load these slots). */
export const sampleCertificates: readonly SampleCertificate[] = [
  { holderIdNumber: ZHANG_SAN, certificateId: 'CERT-ZS-0001', kind: 'id-card', title: '居民身份证', issuedBy: '北京市公安局朝阳分局', readyAt: '2026-11-20T10:00:00+08:00', certificateNumber: 'SFZ-110105-2026-004711', slot: 1 },
  { holderIdNumber: ZHANG_SAN, certificateId: 'CERT-ZS-0002', kind: 'permit', title: '往来港澳通行证', issuedBy: '北京市公安局出入境管理总队', readyAt: '2026-11-25T15:30:00+08:00', certificateNumber: 'TXZ-C20261125-0815', slot: 2 },
  { holderIdNumber: ZHANG_SAN, certificateId: 'CERT-ZS-0003', kind: 'licence', title: '机动车驾驶证', issuedBy: '北京市公安局公安交通管理局', readyAt: '2026-11-30T11:00:00+08:00', certificateNumber: 'JSZ-110105-2026-0930', slot: 4 },
  { holderIdNumber: LI_SI, certificateId: 'CERT-LS-0001', kind: 'licence', title: '机动车驾驶证', issuedBy: '深圳市公安局交通警察支队', readyAt: '2026-11-28T09:00:00+08:00', certificateNumber: 'JSZ-440305-2026-1203', slot: 3 },
];


function handedOut(state: UpstreamState): Set<string> {
  const ids = new Set<string>();
  for (const submission of state.submissions.values()) {
    const body = submission.body as { stream?: unknown; payload?: { certificateId?: unknown } };
    if (body.stream === 'certificate-handouts' && typeof body.payload?.certificateId === 'string') ids.add(body.payload.certificateId);
  }
  return ids;
}

/** Undefined when the path is not this route. */
export function certificateRoute(request: RouteRequest, state: UpstreamState): RouteResult | undefined {
  if (request.path !== '/api/v1/certificates/waiting') return undefined;
  return terminalPost(request, (body) => waitingCertificates(body, state));
}

function waitingCertificates(body: Record<string, unknown>, state: UpstreamState): RouteResult {
  const subject = checkSubject(body);
  if ('status' in subject) return subject;
  const { idNumber } = subject;
  const gone = handedOut(state);
  const certificates = sampleCertificates
    .filter((c) => c.holderIdNumber === idNumber && !gone.has(c.certificateId))
    .map(({ holderIdNumber: _holder, ...rest }) => rest);
  return { status: 200, body: { certificates } };
}
