/**
 * 交通违法查询 and 处理: violations of a plate (contract/rules/plate-number.ts) for the card holder;
 * one the platform allows under 简易程序 is decided on screen (the decision text, the holder's
 * signature), its fine paid against the 缴款码 (contract/payments/), and the 处罚决定书 printed.
 * Points, fines and eligibility come only from the platform.
 */
import { z } from 'zod';
import { method, result, PRINT_MS, UPSTREAM_MS } from '../../method.ts';
import { printJobId } from '../shared/request-parts.ts';
import type { PrintResult } from '../shared/service-types.ts';

/** The payment purpose of a fine (payments registry); the purchase is the decision number. */
export const TRAFFIC_FINE_PURPOSE = 'traffic-fine';

/** A touch-screen signature (PNG data URL), the same bound as 信用承诺's. */
const MAX_SIGNATURE_DATA_URL_CHARS = 32 * 1024;

export interface TrafficViolationItem {
  violationId: string;
  occurredAt: string;
  location: string;
  behaviour: string;
  points: number;
  fineYuan: number;
  fineFen: number;
  legalBasis: string;
  handled: boolean;
  authority: string;
  /** The platform's word: may this violation be decided here, and if not, why and where to go. */
  simpleProcedure: { eligible: boolean; reason?: string; whereToGo?: string };
  /**
   * Decided (here or elsewhere): `due` while the fine is unpaid, payable at the terminal against
   * the decision (purpose traffic-fine, purchase = decisionNo) after 人证核验; `paid` once paid.
   */
  decision?: { decisionNo: string; amountDueFen: number; status: 'due' | 'paid' };
}

export interface TrafficViolationView {
  plateNumber: string;
  items: TrafficViolationItem[];
  unhandledCount: number;
  totalPoints: number;
  totalFineYuan: number;
  queriedAt: string;
  /** The platform's public page of this result (no personal data): the QR offered when the printer cannot print. */
  resultUrl?: string;
}

/** The decision text shown before signing (处罚决定书 draft). */
export interface TrafficDecisionDraft {
  draftNo: string;
  violationId: string;
  plateNumber: string;
  paragraphs: string[];
  points: number;
  fineFen: number;
  legalBasis: string;
  authority: string;
}

/** The accepted decision: what the pay step pays (purpose traffic-fine, purchase = decisionNo). */
export interface TrafficDecisionView {
  decisionNo: string;
  /** 缴款码 of the non-tax platform. */
  noticeNo: string;
  amountFen: number;
  points: number;
  decidedAt: string;
  /** Public page of the result for the phone (no personal data). */
  resultUrl: string;
  /** Already paid (a resumed decision): go straight to the document. */
  paid: boolean;
}

export interface TrafficFinePaidView {
  decisionNo: string;
  /** 'delivered': the platform has it; 'queued': held on the terminal and sent when it is back. */
  delivery: 'delivered' | 'queued';
  /** The decision's public page for the phone; absent when the address the platform gave carried personal data. */
  resultUrl?: string;
  /** The 处罚决定书 can go to the A4 printer here; otherwise it is a receipt slip. */
  a4: boolean;
}

const violationId = z.string().regex(/^[0-9A-Za-z]{1,32}$/);
const decisionNo = z.string().regex(/^[0-9A-Za-z]{1,32}$/);
const plateNumber = z.string().min(1).max(16);

export const trafficViolationMethods = {
  queryTrafficViolations: method({
    service: 'traffic-violation',
    access: 'citizen',
    enabledBy: ['traffic-violation'],
    tally: 'traffic-violation',
    timeoutMs: UPSTREAM_MS,
    request: z.object({ plateNumber }).strict(),
    result: result<TrafficViolationView>(),
  }),
  /** The decision text for one eligible violation of the last query. */
  draftTrafficDecision: method({
    service: 'traffic-violation',
    access: 'verified',
    enabledBy: ['traffic-violation'],
    timeoutMs: UPSTREAM_MS,
    request: z.object({ violationId }).strict(),
    result: result<TrafficDecisionDraft>(),
  }),
  /**
   * The holder accepts the draft with their signature. `acceptId` is the screen's key for this
   * acceptance: a double tap or a retry gets the same decision, never a second one.
   */
  acceptTrafficDecision: method({
    service: 'traffic-violation',
    access: 'verified',
    enabledBy: ['traffic-violation'],
    tally: 'traffic-violation',
    timeoutMs: UPSTREAM_MS,
    request: z
      .object({
        acceptId: z.uuid(),
        violationId,
        draftNo: z.string().regex(/^[0-9A-Za-z-]{1,32}$/),
        agreed: z.literal(true),
        signaturePng: z
          .string()
          .max(MAX_SIGNATURE_DATA_URL_CHARS, 'signature image too large')
          .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a PNG data URL'),
      })
      .strict(),
    result: result<TrafficDecisionView>(),
  }),
  /** After the pay step said paid: the platform is told (or the notice queued); never lost. */
  completeTrafficFine: method({
    service: 'traffic-violation',
    access: 'verified',
    enabledBy: ['traffic-violation'],
    timeoutMs: UPSTREAM_MS,
    request: z.object({ decisionNo, orderNo: z.string().regex(/^[A-Za-z0-9]{8,32}$/) }).strict(),
    result: result<TrafficFinePaidView>(),
  }),
  /** The 处罚决定书 on A4 through the OS printer (where configured; the slip kind 'traffic-decision' otherwise). */
  printTrafficDecision: method({
    service: 'traffic-violation',
    access: 'verified',
    enabledBy: ['traffic-violation'],
    timeoutMs: PRINT_MS,
    request: z.object({ jobId: printJobId, decisionNo }).strict(),
    result: result<PrintResult>(),
  }),
} as const;
