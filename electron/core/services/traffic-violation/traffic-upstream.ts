/**
 * 交通违法查询/处理's upstream calls and the records they answer (the slip and the screen read
 * them): the violations with the platform's 简易程序 eligibility, a decision draft, the accepted
 * decision (Idempotency-Key), and the decision document (whether the platform has it as paid).
 */
import { z } from 'zod';
import { getJson, postJson, type Subject } from '../../upstream/json-calls.ts';
import type { CallOptions, UpstreamClient } from '../../upstream/upstream-client.ts';

const id = z.string().regex(/^[0-9A-Za-z]{1,32}$/);

export const trafficViolationsSchema = z.object({
  plateNumber: z.string().min(1).max(16),
  items: z
    .array(
      z.object({
        violationId: id,
        occurredAt: z.string().min(1),
        location: z.string().min(1).max(200),
        behaviour: z.string().min(1).max(200),
        points: z.number().int().min(0).max(12),
        fineYuan: z.number().min(0).max(100_000),
        fineFen: z.number().int().min(0).max(10_000_000),
        legalBasis: z.string().min(1).max(200),
        handled: z.boolean(),
        authority: z.string().min(1).max(100),
        simpleProcedure: z.object({ eligible: z.boolean(), reason: z.string().max(200).optional(), whereToGo: z.string().max(200).optional() }),
        /** Set once decided; unpaid with an amount due: the fine can be paid here against it. */
        decision: z
          .object({
            decisionNo: id,
            noticeNo: z.string().regex(/^[0-9A-Za-z]{1,32}$/),
            amountDueFen: z.number().int().min(0).max(10_000_000),
            paid: z.boolean(),
            points: z.number().int().min(0).max(12),
            decidedAt: z.string().min(1).max(40),
            resultUrl: z.url({ protocol: /^https?$/ }).max(300),
          })
          .optional(),
      }),
    )
    .max(500),
  /** The platform's public page of this result (no personal data), offered as a QR when printing cannot be done. */
  resultUrl: z.url({ protocol: /^https?$/ }).max(300).optional(),
});
export type TrafficViolationsRecord = z.output<typeof trafficViolationsSchema>;
export type TrafficViolationRecord = TrafficViolationsRecord['items'][number];

export const decisionDraftSchema = z.object({
  draftNo: z.string().regex(/^[0-9A-Za-z-]{1,32}$/),
  violationId: id,
  plateNumber: z.string().min(1).max(16),
  paragraphs: z.array(z.string().min(1).max(500)).min(1).max(20),
  points: z.number().int().min(0).max(12),
  fineFen: z.number().int().min(0).max(10_000_000),
  legalBasis: z.string().min(1).max(200),
  authority: z.string().min(1).max(100),
});
export type DecisionDraftRecord = z.output<typeof decisionDraftSchema>;

export const acceptedDecisionSchema = z.object({
  decisionNo: id,
  noticeNo: z.string().regex(/^[0-9A-Za-z]{1,32}$/),
  amountFen: z.number().int().min(1).max(10_000_000),
  points: z.number().int().min(0).max(12),
  decidedAt: z.string().min(1).max(40),
  resultUrl: z.url({ protocol: /^https?$/ }).max(300),
});
export type AcceptedDecisionRecord = z.output<typeof acceptedDecisionSchema>;

export const decisionDocumentSchema = z.object({
  decisionNo: id,
  paid: z.boolean(),
  paidAt: z.string().optional(),
});

type ViolationSubject = Subject & { plateNumber: string; violationId: string };

export function trafficViolations(client: UpstreamClient, subject: Subject & { plateNumber: string }, options: CallOptions = {}): Promise<TrafficViolationsRecord> {
  return postJson(client, '/api/v1/police/traffic-violations', subject, trafficViolationsSchema, { ...options, secrets: [subject.idNumber] });
}

export function decisionDraft(client: UpstreamClient, subject: ViolationSubject, options: CallOptions = {}): Promise<DecisionDraftRecord> {
  return postJson(client, '/api/v1/police/traffic-violations/decision-drafts', subject, decisionDraftSchema, { ...options, secrets: [subject.idNumber] });
}

/** The same key and body on every retry: the platform answers a repeat with the first decision. */
export function acceptDecision(
  client: UpstreamClient,
  request: ViolationSubject & { draftNo: string; signatureSha256: string },
  idempotencyKey: string,
  options: CallOptions = {},
): Promise<AcceptedDecisionRecord> {
  return postJson(client, '/api/v1/police/traffic-violations/decisions', request, acceptedDecisionSchema, {
    ...options,
    headers: { 'Idempotency-Key': idempotencyKey },
    secrets: [request.idNumber],
  });
}

export function decisionDocument(client: UpstreamClient, decisionNo: string, options: CallOptions = {}): Promise<z.output<typeof decisionDocumentSchema>> {
  return getJson(client, `/api/v1/police/traffic-decisions/${encodeURIComponent(decisionNo)}`, 'traffic decision', decisionDocumentSchema, options);
}
