/**
 * 信用查询 · 个人: the card holder's personal credit record, on screen, as a receipt and as an A4
 * report through the OS printer. Every method needs 人证核验 first (access 'verified'): the record is
 * the card holder's, so the person at the screen must be the card holder.
 */
import { z } from 'zod';
import { method, result, PRINT_MS, UPSTREAM_MS } from '../../method.ts';
import { printJobId } from '../shared/request-parts.ts';
import type { CreditEntry, CreditStatus, PrintResult } from '../shared/service-types.ts';

export interface CreditRecordView {
  reportNo: string;
  subjectName: string;
  idNumberMasked: string;
  /** Overall status as the upstream states it. */
  status: CreditStatus;
  entries: CreditEntry[];
  queriedAt: string;
  /** URL encoded in the receipt's QR code to verify the printed report. */
  verifyUrl: string;
}

export const creditQueryMethods = {
  queryCredit: method({
    service: 'credit-query',
    access: 'verified',
    tally: 'credit-query',
    timeoutMs: UPSTREAM_MS,
    request: z.object({ kind: z.literal('personal') }).strict(),
    result: result<CreditRecordView>(),
  }),
  printCreditReceipt: method({
    service: 'credit-query',
    access: 'verified',
    timeoutMs: PRINT_MS,
    request: z.object({ jobId: printJobId }).strict(),
    result: result<PrintResult>(),
  }),
  /** The credit report on A4 through the OS printer (when TerminalInfo.a4Printing); never 'waiting-for-paper'. */
  printCreditReport: method({
    service: 'credit-query',
    access: 'verified',
    timeoutMs: PRINT_MS,
    request: z.object({ jobId: printJobId }).strict(),
    result: result<PrintResult>(),
  }),
} as const;
