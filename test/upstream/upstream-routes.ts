/**
 * What the reference upstream answers, as plain data (status + JSON body). The server in
 * reference-upstream.ts handles sockets and faults; this file is the API's behaviour only.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { isAcceptedIdNumber } from './id-number-format.ts';
import { findSampleRecord } from './sample-records.ts';
import { serviceRoute } from './service-routes.ts';
import { trafficPaymentSubmitted } from './traffic-routes.ts';
import { error, isObject } from './route-kit.ts';

export interface RouteRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or undefined when the body was empty or not JSON (see bodyIsJson). */
  body: unknown;
  bodyIsJson: boolean;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface Submission {
  reference: string;
  terminalId: string;
  body: unknown;
  receivedAt: string;
}

export class UpstreamState {
  readonly submissions = new Map<string, Submission>();
  /** How many times each Idempotency-Key reached the submission route (first delivery + replays). */
  readonly submissionAttempts = new Map<string, number>();
  /**
   * Per-case ordering check: a newly accepted submission whose body carries `stream`, a `case` and
   * a numeric `sequence` must have a higher sequence than the last one accepted in that case.
   * Submissions without a case promise no order (the outbox orders per case, not per stream).
   */
  readonly orderViolations: string[] = [];
  readonly #lastSequence = new Map<string, number>();
  readonly issuedReports = new Set<string>();
  #reportSeq = 0;
  #submissionSeq = 0;

  /** 缴款码 notices this platform issued (number → fen); the demo stack shares them with the payment server. */
  #notices = new Map<string, number>();

  constructor(readonly baseUrl: () => string) {}

  noticeIssued(noticeNo: string, amountFen: number): void {
    this.#notices.set(noticeNo, amountFen);
  }

  /** From now on, notices go (also) into `book`: the reference payment server's notice list. */
  shareNotices(book: Map<string, number>): void {
    for (const [no, fen] of this.#notices) book.set(no, fen);
    this.#notices = book;
  }

  nextReportNo(now: Date): string {
    this.#reportSeq += 1;
    const day = now.toISOString().slice(0, 10).replaceAll('-', '');
    return `XY${day}${String(this.#reportSeq).padStart(6, '0')}`;
  }

  /** Records an accepted submission's place in its stream (see orderViolations). */
  checkOrder(terminalId: string, key: string, body: Record<string, unknown>): void {
    const { stream, sequence } = body;
    const orderCase = body.case;
    if (typeof stream !== 'string' || typeof sequence !== 'number' || typeof orderCase !== 'string') return;
    const lane = `${terminalId}/${stream}/${orderCase}`;
    const last = this.#lastSequence.get(lane);
    if (last !== undefined && sequence <= last) {
      this.orderViolations.push(`${lane}: sequence ${sequence} (key ${key}) accepted after ${last}`);
    }
    this.#lastSequence.set(lane, Math.max(sequence, last ?? sequence));
  }

  nextSubmissionRef(): string {
    this.#submissionSeq += 1;
    return `SUB-${String(this.#submissionSeq).padStart(6, '0')}`;
  }
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function route(request: RouteRequest, state: UpstreamState): RouteResult {
  const { method, path } = request;
  if (method === 'GET' && path === '/health') return { status: 200, body: { status: 'ok', time: new Date().toISOString() } };
  if (method === 'GET' && path.startsWith('/verify/')) return verify(path.slice('/verify/'.length), state);
  if (path === '/api/v1/credit/personal') {
    return method === 'POST' ? personalCredit(request, state) : error(405, 'method-not-allowed', 'use POST');
  }
  if (path === '/api/v1/submissions') {
    return method === 'POST' ? submission(request, state) : error(405, 'method-not-allowed', 'use POST');
  }
  const service = serviceRoute(request, state);
  if (service) return service;
  return error(404, 'not-found', `no route for ${method} ${path}`);
}

function requireTerminal(request: RouteRequest): RouteResult | string {
  const terminalId = header(request.headers, 'x-terminal-id')?.trim();
  return terminalId ? terminalId : error(400, 'missing-terminal-id', 'X-Terminal-Id header is required');
}

function personalCredit(request: RouteRequest, state: UpstreamState): RouteResult {
  const terminal = requireTerminal(request);
  if (typeof terminal !== 'string') return terminal;
  if (!request.bodyIsJson || !isObject(request.body)) return error(400, 'invalid-body', 'body must be a JSON object');
  const { idNumber: rawId, name } = request.body;
  if (typeof rawId !== 'string' || rawId === '' || typeof name !== 'string' || name.trim() === '') {
    return error(400, 'missing-fields', 'idNumber and name are required');
  }
  const idNumber = rawId.toUpperCase();
  if (!isAcceptedIdNumber(idNumber)) return error(400, 'invalid-id-number', 'idNumber is not a valid ID number');
  const sample = findSampleRecord(idNumber);
  // 二要素核验: a known number presented with another name is refused, as the real service does.
  if (sample && sample.name !== name.trim()) return error(400, 'identity-mismatch', 'name does not match the ID number');

  const reportNo = state.nextReportNo(new Date());
  state.issuedReports.add(reportNo);
  return {
    status: 200,
    body: {
      reportNo,
      subjectName: sample?.name ?? name.trim(),
      status: sample?.status ?? 'good',
      entries: sample?.entries ?? [],
      verifyUrl: `${state.baseUrl()}/verify/${reportNo}`,
    },
  };
}

function verify(reportNo: string, state: UpstreamState): RouteResult {
  return state.issuedReports.has(reportNo)
    ? { status: 200, body: { reportNo, valid: true } }
    : error(404, 'unknown-report', 'no report with this number was issued');
}

function submission(request: RouteRequest, state: UpstreamState): RouteResult {
  const terminal = requireTerminal(request);
  if (typeof terminal !== 'string') return terminal;
  const key = header(request.headers, 'idempotency-key')?.trim();
  if (!key) return error(400, 'missing-idempotency-key', 'Idempotency-Key header is required');
  if (!/^[A-Za-z0-9._:-]{8,128}$/.test(key)) return error(400, 'invalid-idempotency-key', 'Idempotency-Key must be 8-128 URL-safe characters');
  if (!request.bodyIsJson || !isObject(request.body)) return error(400, 'invalid-body', 'body must be a JSON object');

  state.submissionAttempts.set(key, (state.submissionAttempts.get(key) ?? 0) + 1);
  const previous = state.submissions.get(key);
  if (previous) {
    // A replay of the same submission is acknowledged with the original reference; the same key
    // carrying different content is a client bug and is refused.
    if (!isDeepStrictEqual(previous.body, request.body)) {
      return error(422, 'idempotency-key-reused', 'this Idempotency-Key was used for a different submission');
    }
    return { status: 409, body: { reference: previous.reference, error: 'duplicate', message: 'already received' } };
  }
  const reference = state.nextSubmissionRef();
  state.checkOrder(terminal, key, request.body);
  state.submissions.set(key, { reference, terminalId: terminal, body: request.body, receivedAt: new Date().toISOString() });
  trafficPaymentSubmitted(request.body, state);
  return { status: 201, body: { reference } };
}
