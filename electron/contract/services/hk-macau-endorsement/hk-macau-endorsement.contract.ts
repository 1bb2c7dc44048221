/**
 * 往来港澳二次签注: after 人证核验, the endorsement types the upstream allows this holder on the
 * permit they entered or scanned (with validity, times and fee), and the application for one,
 * queued in the outbox. The fee is not taken here yet: the application goes in marked "fee due"
 * with the upstream's payment reference, which the receipt prints with where to pay.
 */
import { z } from 'zod';
import { method, result, UPSTREAM_MS } from '../../method.ts';
import { scanTimeoutMs, submissionId } from '../shared/request-parts.ts';

/** 团队旅游 G, 个人旅游 L, 探亲 T, 商务 S, 其他 Q. */
export const ENDORSEMENT_TYPES = ['G', 'L', 'T', 'S', 'Q'] as const;
export type EndorsementType = (typeof ENDORSEMENT_TYPES)[number];

export interface EndorsementOptionView {
  type: EndorsementType;
  /** False: shown greyed with the upstream's reason (e.g. 个人旅游 needs a hukou in a listed city). */
  allowed: boolean;
  refusal?: string;
  validityMonths: number;
  /** Trips to Hong Kong or Macau the endorsement allows; 0 = unlimited within its validity. */
  times: number;
  feeYuan: number;
}

export interface EndorsementOptionsView {
  permitMasked: string;
  permitExpiresOn: string;
  options: EndorsementOptionView[];
  queriedAt: string;
}

export interface EndorsementReceiptView {
  receiptNo: string;
  type: EndorsementType;
  permitMasked: string;
  validityMonths: number;
  times: number;
  feeYuan: number;
  /** Not paid at the terminal: pay by this reference at an exit-entry counter or the 移民局12367 app. */
  payment: { status: 'due'; reference: string };
  /** 'queued': kept on the terminal and delivered when the network returns; both are a success. */
  delivery: 'delivered' | 'queued';
  submittedAt: string;
  progressUrl: string;
}

/** Transport limit only: the core checks the permit with contract/rules/hk-macau-permit.ts. */
const permitNumber = z.string().min(1).max(32);

export const hkMacauEndorsementMethods = {
  listEndorsementOptions: method({
    service: 'hk-macau-endorsement',
    access: 'verified',
    enabledBy: ['hk-macau-endorsement'],
    timeoutMs: UPSTREAM_MS,
    // Typed on the on-screen keyboard (or read by a keyboard-wedge scanner), or read by the terminal's scanner.
    request: z.discriminatedUnion('by', [
      z.object({ by: z.literal('entry'), permitNumber }).strict(),
      z.object({ by: z.literal('scan'), timeoutMs: scanTimeoutMs }).strict(),
    ]),
    result: result<EndorsementOptionsView>(),
  }),
  submitEndorsement: method({
    service: 'hk-macau-endorsement',
    access: 'verified',
    enabledBy: ['hk-macau-endorsement'],
    tally: 'hk-macau-endorsement',
    timeoutMs: UPSTREAM_MS,
    // The permit is the one listEndorsementOptions answered for in this session: a scanned number never goes back to the screen.
    request: z.object({ submissionId, type: z.enum(ENDORSEMENT_TYPES) }).strict(),
    result: result<EndorsementReceiptView>(),
  }),
} as const;
