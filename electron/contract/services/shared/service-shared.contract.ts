/**
 * Methods every service journey uses: stopping a scan, and printing the receipt of a result the
 * citizen obtained in this session (each service's slip is built by its own core folder).
 */
import { z } from 'zod';
import { method, result, LOCAL_MS, PRINT_MS } from '../../method.ts';
import { empty, printJobId, resourceId } from './request-parts.ts';
import type { PrintResult } from './service-types.ts';

/** A code was scanned but could not be used: the screen asks the citizen to scan again. */
export interface ScanRejectedEvent {
  /**
   * Scanner-level: 'empty', 'too-long', 'binary' (not text), 'undecodable' (bad UTF-8/GB18030),
   * 'malformed-report' (HID). Service-level: 'not-a-receipt' (a code that is no receipt QR), 'not-a-payment-code' (payments), 'not-a-permit' (往来港澳通行证).
   */
  reason: 'empty' | 'too-long' | 'binary' | 'undecodable' | 'malformed-report' | 'not-a-receipt' | 'not-a-payment-code' | 'not-a-permit';
}

const printDocument = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('enterprise-credit') }).strict(),
  z.object({ kind: z.literal('commitment'), receiptNo: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('form'), receiptNo: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('progress') }).strict(),
  z.object({ kind: z.literal('traffic-violations') }).strict(),
  /** 处罚决定书 as a receipt slip, where no A4 printer is configured. */
  z.object({ kind: z.literal('traffic-decision'), decisionNo: z.string().regex(/^[0-9A-Za-z]{1,32}$/) }).strict(),
  z.object({ kind: z.literal('id-photo') }).strict(),
  z.object({ kind: z.literal('guide'), guideId: resourceId }).strict(),
  z.object({ kind: z.literal('hk-macau-endorsement'), receiptNo: z.string().min(1).max(64) }).strict(),
  /** The payment slip of an order paid in this session (electron/core/payments/payment-slip.ts). */
  z.object({ kind: z.literal('payment'), orderNo: z.string().regex(/^[A-Za-z0-9]{8,32}$/) }).strict(),
]);
export type PrintDocument = z.output<typeof printDocument>;

export const serviceSharedMethods = {
  /** Stops a waiting scanELicence / queryProgress({ by: 'scan' }). */
  cancelScan: method({ service: 'shared', access: 'open', timeoutMs: LOCAL_MS, request: empty, result: result<{ cancelled: boolean }>() }),
  /** Prints the receipt of a result obtained in this session; idempotent per jobId. */
  printServiceReceipt: method({
    service: 'shared',
    access: 'citizen',
    timeoutMs: PRINT_MS,
    request: z
      .object({
        jobId: printJobId,
        /** The screen's language; the slip falls back to zh-CN for text not in it. Default: the terminal's. */
        locale: z.string().regex(/^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$/).optional(),
        document: printDocument,
      })
      .strict(),
    result: result<PrintResult>(),
  }),
} as const;
