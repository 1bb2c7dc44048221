/**
 * 办件查询: progress of a matter by receipt number (typed, or the receipt's QR code) or by the
 * ID card read in this session.
 */
import { z } from 'zod';
import { method, result, UPSTREAM_MS } from '../../method.ts';
import { scanTimeoutMs } from '../shared/request-parts.ts';

export type ProgressStatus =
  | 'received'
  | 'processing'
  | 'needs-materials'
  | 'approved'
  | 'rejected'
  | 'ready-for-pickup'
  | 'completed';

export interface ProgressItem {
  receiptNo: string;
  /** The matter's name as the upstream states it. */
  matter: string;
  status: ProgressStatus;
  /** Upstream's explanation (e.g. which material is missing); may be empty. */
  note: string;
  submittedAt: string;
  updatedAt: string;
  steps: { name: string; done: boolean; at?: string }[];
  /** Where to collect the result (一窗出件), when status is 'ready-for-pickup'. */
  pickup?: string;
  /**
   * The case's public progress page (the upstream's), offered as a QR code for the phone when the
   * printer cannot print. Never personal data in it (the core checks); absent when there is none.
   */
  resultUrl?: string;
}

export interface ProgressView {
  /** Masked holder name when found by ID card, else ''. */
  holderNameMasked: string;
  items: ProgressItem[];
  queriedAt: string;
}

export const progressQueryMethods = {
  queryProgress: method({
    service: 'progress-query',
    access: 'citizen',
    enabledBy: ['progress-query'],
    tally: 'progress-query',
    timeoutMs: UPSTREAM_MS,
    request: z.discriminatedUnion('by', [
      /** The receipt number as typed, or the text of the receipt's QR code (read by the camera). */
      z.object({ by: z.literal('receipt'), receiptNo: z.string().min(1).max(300) }).strict(),
      /** Everything filed under the ID card read in this session. */
      z.object({ by: z.literal('idCard') }).strict(),
      /** Waits for the terminal's scanner to read the receipt's QR code. */
      z.object({ by: z.literal('scan'), timeoutMs: scanTimeoutMs }).strict(),
    ]),
    result: result<ProgressView>(),
  }),
} as const;
