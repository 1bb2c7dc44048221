/**
 * The reference upstream's 交通违法处理 routes (公安交管 simple procedure at a terminal): the
 * violations of a vehicle with the platform's eligibility for 简易程序, a decision draft, the
 * accepted decision (idempotent by key) with its 缴款码, the decision document, and its public
 * result page. The platform hears of the payment through the submission route (stream
 * 'traffic-fines', kind 'traffic-fine-paid.v1'); a repeat changes nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { sampleVehicles, type SampleVehicle, type SampleViolation } from './service-samples.ts';
import type { RouteRequest, RouteResult, UpstreamState } from './upstream-routes.ts';
import { checkSubject, error, isObject, terminalPost } from './route-kit.ts';

export const TRAFFIC_PAID_KIND = 'traffic-fine-paid.v1';
export const SIMPLE_PROCEDURE_MAX_FINE_YUAN = 200;
const WINDOW = '请携带身份证、驾驶证到违法行为发生地交警支队违法处理窗口办理';

interface Decision {
  decisionNo: string;
  noticeNo: string;
  violationId: string;
  plateNumber: string;
  holderIdNumber: string;
  holderName: string;
  amountFen: number;
  points: number;
  decidedAt: string;
  signatureSha256: string;
  paid?: { orderNo: string; transactionId: string; paidAt: string };
}

interface TrafficState {
  /** Public result pages of queries (token → what the page shows: no personal data). */
  queries: Map<string, { plateMasked: string; unhandled: number; points: number; fineYuan: number }>;
  drafts: Map<string, { violationId: string; holderIdNumber: string }>;
  decisions: Map<string, Decision>;
  byViolation: Map<string, string>;
  byKey: Map<string, { body: unknown; result: RouteResult }>;
  seq: number;
}

const states = new WeakMap<UpstreamState, TrafficState>();
const stateOf = (upstream: UpstreamState): TrafficState => {
  let state = states.get(upstream);
  if (!state) {
    state = { queries: new Map(), drafts: new Map(), decisions: new Map(), byViolation: new Map(), byKey: new Map(), seq: 0 };
    states.set(upstream, state);
  }
  return state;
};


/** The platform's own rule for 简易程序; the terminal never decides it. */
export function simpleProcedure(v: SampleViolation, decided: boolean): { eligible: boolean; reason?: string; whereToGo?: string } {
  if (v.handled || decided) return { eligible: false, reason: '该违法行为已处理', whereToGo: '无需再次处理' };
  if (v.capture !== 'camera') return { eligible: false, reason: '现场查处的违法行为不适用自助处理', whereToGo: WINDOW };
  if (v.fineYuan > SIMPLE_PROCEDURE_MAX_FINE_YUAN) return { eligible: false, reason: '罚款金额超过200元，不适用简易程序', whereToGo: WINDOW };
  if (v.detention) return { eligible: false, reason: '需要暂扣或吊销证件，不适用简易程序', whereToGo: WINDOW };
  return { eligible: true };
}

export function violationItem(v: SampleViolation, upstream: UpstreamState) {
  const state = stateOf(upstream);
  const decisionNo = state.byViolation.get(v.violationId);
  const decision = decisionNo === undefined ? undefined : state.decisions.get(decisionNo);
  const { capture: _c, detention: _d, ...item } = v;
  return {
    ...item,
    handled: v.handled || decision !== undefined,
    fineFen: v.fineYuan * 100,
    simpleProcedure: simpleProcedure(v, decision !== undefined),
    ...(decision
      ? {
          decisionNo: decision.decisionNo,
          paid: decision.paid !== undefined,
          // Decided but unpaid: the fine is due against the decision, at any terminal, without a new decision.
          decision: {
            decisionNo: decision.decisionNo,
            noticeNo: decision.noticeNo,
            amountDueFen: decision.paid === undefined ? decision.amountFen : 0,
            paid: decision.paid !== undefined,
            points: decision.points,
            decidedAt: decision.decidedAt,
            resultUrl: resultUrl(upstream, decision.decisionNo),
          },
        }
      : {}),
  };
}

/** The holder's vehicle and the violation named in the body, or the refusal. */
function findViolation(body: Record<string, unknown>): RouteResult | { subject: { idNumber: string; name: string }; vehicle: SampleVehicle; violation: SampleViolation } {
  const subject = checkSubject(body);
  if ('status' in subject) return subject;
  const vehicle = sampleVehicles.find((v) => v.plateNumber === body.plateNumber);
  if (!vehicle || vehicle.ownerIdNumber !== subject.idNumber) return error(403, 'not-owner', 'this vehicle is not registered to the card holder');
  const violation = vehicle.violations.find((v) => v.violationId === body.violationId);
  if (!violation) return error(404, 'unknown-violation', 'no such violation of this vehicle');
  return { subject, vehicle, violation };
}

function draft(body: Record<string, unknown>, upstream: UpstreamState): RouteResult {
  const found = findViolation(body);
  if ('status' in found) return found;
  const { violation, vehicle, subject } = found;
  const state = stateOf(upstream);
  const rule = simpleProcedure(violation, state.byViolation.has(violation.violationId));
  if (violation.handled || state.byViolation.has(violation.violationId)) return error(409, 'already-handled', rule.reason ?? 'already handled');
  if (!rule.eligible) return { status: 422, body: { error: 'not-eligible', message: rule.reason, whereToGo: rule.whereToGo } };
  state.seq += 1;
  const draftNo = `CG${String(state.seq).padStart(8, '0')}`;
  state.drafts.set(draftNo, { violationId: violation.violationId, holderIdNumber: subject.idNumber });
  const when = violation.occurredAt.slice(0, 16).replace('T', ' ');
  return {
    status: 200,
    body: {
      draftNo,
      violationId: violation.violationId,
      plateNumber: vehicle.plateNumber,
      points: violation.points,
      fineFen: violation.fineYuan * 100,
      legalBasis: violation.legalBasis,
      authority: violation.authority,
      paragraphs: [
        `被处罚人：${subject.name}，机动车号牌：${vehicle.plateNumber}。`,
        `违法事实：${when}，在${violation.location}，${violation.behaviour}，经交通技术监控设备记录。`,
        `处罚依据：${violation.legalBasis}。`,
        `处罚决定：罚款${violation.fineYuan}元，记${violation.points}分。`,
        '被处罚人应自收到本决定书之日起十五日内缴纳罚款；到期不缴纳的，每日按罚款数额的百分之三加处罚款。',
        `如不服本决定，可在收到本决定书之日起六十日内向上一级公安机关申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。`,
        '本人对上述违法事实及处罚依据无异议，自愿接受简易程序处罚。',
      ],
    },
  };
}

function accept(request: RouteRequest, body: Record<string, unknown>, upstream: UpstreamState): RouteResult {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) return error(400, 'missing-idempotency-key', 'Idempotency-Key header is required');
  const state = stateOf(upstream);
  const earlier = state.byKey.get(key);
  if (earlier) return isDeepStrictEqual(earlier.body, body) ? earlier.result : error(422, 'idempotency-key-reused', 'this Idempotency-Key was used for another decision');
  const found = findViolation(body);
  if ('status' in found) return found;
  const { violation, subject, vehicle } = found;
  if (typeof body.signatureSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(body.signatureSha256)) return error(400, 'missing-signature', 'signatureSha256 is required');
  const pending = state.drafts.get(String(body.draftNo));
  if (!pending || pending.violationId !== violation.violationId || pending.holderIdNumber !== subject.idNumber) return error(400, 'unknown-draft', 'no such decision draft for this violation');
  if (violation.handled || state.byViolation.has(violation.violationId)) return error(409, 'already-handled', '该违法行为已处理');
  const rule = simpleProcedure(violation, false);
  if (!rule.eligible) return { status: 422, body: { error: 'not-eligible', message: rule.reason, whereToGo: rule.whereToGo } };
  state.seq += 1;
  const now = new Date();
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  // Unique across restarts of the reference (a demo terminal keeps its payment journal): the time is part of it.
  const decisionNo = `110105${day}${String(now.getTime()).slice(-7)}${String(state.seq % 100).padStart(2, '0')}`;
  const noticeNo = `1100${createHash('sha256').update(decisionNo).digest('hex').replace(/[a-f]/g, '').padEnd(16, '7').slice(0, 16)}`;
  const decision: Decision = {
    decisionNo,
    noticeNo,
    violationId: violation.violationId,
    plateNumber: vehicle.plateNumber,
    holderIdNumber: subject.idNumber,
    holderName: subject.name,
    amountFen: violation.fineYuan * 100,
    points: violation.points,
    decidedAt: now.toISOString(),
    signatureSha256: body.signatureSha256,
  };
  state.decisions.set(decisionNo, decision);
  state.byViolation.set(violation.violationId, decisionNo);
  upstream.noticeIssued(noticeNo, decision.amountFen);
  const result: RouteResult = {
    status: 201,
    body: { decisionNo, noticeNo, amountFen: decision.amountFen, points: decision.points, decidedAt: decision.decidedAt, resultUrl: resultUrl(upstream, decisionNo) },
  };
  state.byKey.set(key, { body, result });
  return result;
}

const resultUrl = (upstream: UpstreamState, decisionNo: string): string => `${upstream.baseUrl()}/p/traffic-decisions/${decisionNo}`;

function decisionDocument(decisionNo: string, upstream: UpstreamState): RouteResult {
  const decision = stateOf(upstream).decisions.get(decisionNo);
  if (!decision) return error(404, 'unknown-decision', 'no decision with this number');
  const violation = sampleVehicles.flatMap((v) => v.violations).find((v) => v.violationId === decision.violationId)!;
  return {
    status: 200,
    body: {
      decisionNo,
      noticeNo: decision.noticeNo,
      plateNumber: decision.plateNumber,
      holderName: decision.holderName,
      holderIdNumber: decision.holderIdNumber,
      occurredAt: violation.occurredAt,
      location: violation.location,
      behaviour: violation.behaviour,
      legalBasis: violation.legalBasis,
      authority: violation.authority,
      points: decision.points,
      amountFen: decision.amountFen,
      decidedAt: decision.decidedAt,
      paid: decision.paid !== undefined,
      ...(decision.paid ? { paidAt: decision.paid.paidAt } : {}),
      resultUrl: resultUrl(upstream, decisionNo),
    },
  };
}

/** The public page behind the phone QR: no personal data, only the decision's state. */
function publicResult(decisionNo: string, upstream: UpstreamState): RouteResult {
  const decision = stateOf(upstream).decisions.get(decisionNo);
  if (!decision) return error(404, 'unknown-decision', 'no decision with this number');
  return { status: 200, body: { decisionNo, plateNumber: `${decision.plateNumber.slice(0, 2)}***${decision.plateNumber.slice(-2)}`, amountFen: decision.amountFen, points: decision.points, paid: decision.paid !== undefined } };
}

/** The page behind the phone QR of a query result: the counts, the plate masked; the token is unguessable. */
export function queryResultUrl(upstream: UpstreamState, plateNumber: string, items: readonly { handled: boolean; points: number; fineYuan: number }[]): string {
  const open = items.filter((i) => !i.handled);
  const token = randomBytes(12).toString('base64url');
  stateOf(upstream).queries.set(token, {
    plateMasked: `${plateNumber.slice(0, 2)}***${plateNumber.slice(-2)}`,
    unhandled: open.length,
    points: open.reduce((n, i) => n + i.points, 0),
    fineYuan: open.reduce((n, i) => n + i.fineYuan, 0),
  });
  return `${upstream.baseUrl()}/p/traffic-queries/${token}`;
}

/** An accepted submission of the paid notice: marks the decision paid once (a repeat changes nothing). */
export function trafficPaymentSubmitted(body: Record<string, unknown>, upstream: UpstreamState): void {
  if (body.kind !== TRAFFIC_PAID_KIND || !isObject(body.payload)) return;
  const { decisionNo, orderNo, transactionId, paidAt } = body.payload;
  const decision = stateOf(upstream).decisions.get(String(decisionNo));
  if (!decision || decision.paid) return;
  decision.paid = { orderNo: String(orderNo), transactionId: String(transactionId), paidAt: String(paidAt) };
}

/** Undefined when the path is not a traffic route. */
export function trafficRoute(request: RouteRequest, upstream: UpstreamState): RouteResult | undefined {
  const { method, path } = request;
  const post = (handler: (body: Record<string, unknown>) => RouteResult): RouteResult => terminalPost(request, handler);
  if (path === '/api/v1/police/traffic-violations/decision-drafts') return post((body) => draft(body, upstream));
  if (path === '/api/v1/police/traffic-violations/decisions') return post((body) => accept(request, body, upstream));
  const documentNo = /^\/api\/v1\/police\/traffic-decisions\/([0-9]{1,32})$/.exec(path)?.[1];
  if (documentNo !== undefined) {
    if (method !== 'GET') return error(405, 'method-not-allowed', 'use GET');
    if (!request.headers['x-terminal-id']) return error(400, 'missing-terminal-id', 'X-Terminal-Id header is required');
    return decisionDocument(documentNo, upstream);
  }
  const queryToken = /^\/p\/traffic-queries\/([A-Za-z0-9_-]{16})$/.exec(path)?.[1];
  if (queryToken !== undefined) {
    if (method !== 'GET') return error(405, 'method-not-allowed', 'use GET');
    const page = stateOf(upstream).queries.get(queryToken);
    return page ? { status: 200, body: page } : error(404, 'unknown-query', 'no such query result');
  }
  const publicNo = /^\/p\/traffic-decisions\/([0-9]{1,32})$/.exec(path)?.[1];
  if (publicNo !== undefined) return method === 'GET' ? publicResult(publicNo, upstream) : error(405, 'method-not-allowed', 'use GET');
  return undefined;
}
