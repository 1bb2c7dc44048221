/**
 * 往来港澳二次签注: after 人证核验, the endorsement types the upstream allows this holder on the
 * permit they entered or scanned (with validity, times and fee), and the application for one,
 * queued in the outbox. Where the terminal takes payments, the fee the upstream states is paid at
 * the pay step (purpose `hk-macau-endorsement-fee`, purchase = the submission id) and the
 * application carries the order; elsewhere it goes in marked "fee due" with the upstream's payment
 * reference, which the receipt prints with where to pay.
 */
import { z } from 'zod';
import type { PaymentChannelId } from '../../payments/payments.contract.ts';
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

/** The payments purpose the endorsement fee is paid under (the purchase id is the submission id). */
export const ENDORSEMENT_FEE_PURPOSE = 'hk-macau-endorsement-fee';

/**
 * How the fee of the chosen type is paid: at this terminal's pay step (the amount is the upstream's
 * fee, in fen), or at a counter / the 移民局12367 app (no payments here, or no channel).
 */
export type EndorsementFeeView =
  | { payAt: 'terminal'; purpose: typeof ENDORSEMENT_FEE_PURPOSE; purchaseId: string; amountFen: number }
  | { payAt: 'counter'; feeYuan: number };

/** Paid at the terminal: what the receipt shows of it (never a card number: the terminal never learns one). */
export interface EndorsementPaidView {
  status: 'paid';
  orderNo: string;
  channel: PaymentChannelId;
  transactionId: string;
  amountFen: number;
}

export interface EndorsementReceiptView {
  receiptNo: string;
  type: EndorsementType;
  permitMasked: string;
  validityMonths: number;
  times: number;
  feeYuan: number;
  /** Paid here, or due: pay by this reference at an exit-entry counter or the 移民局12367 app. */
  payment: { status: 'due'; reference: string } | EndorsementPaidView;
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
  /** How the fee of the chosen type is paid; at the terminal, the purchase the pay step then pays. */
  endorsementFee: method({
    service: 'hk-macau-endorsement',
    access: 'verified',
    enabledBy: ['hk-macau-endorsement'],
    timeoutMs: UPSTREAM_MS,
    request: z.object({ submissionId, type: z.enum(ENDORSEMENT_TYPES) }).strict(),
    result: result<EndorsementFeeView>(),
  }),
  submitEndorsement: method({
    service: 'hk-macau-endorsement',
    access: 'verified',
    enabledBy: ['hk-macau-endorsement'],
    tally: 'hk-macau-endorsement',
    timeoutMs: UPSTREAM_MS,
    // The permit is the one listEndorsementOptions answered for in this session: a scanned number never goes back to the screen.
    // orderNo: the paid order of this submission's fee, required where the fee is paid at the terminal.
    request: z.object({ submissionId, type: z.enum(ENDORSEMENT_TYPES), orderNo: z.string().regex(/^[A-Za-z0-9]{8,32}$/).optional() }).strict(),
    result: result<EndorsementReceiptView>(),
  }),
} as const;
