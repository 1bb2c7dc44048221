/**
 * 信用查询 · 企业: a unified social credit code typed on the keyboard, checked (contract/rules/credit-code.ts)
 * and queried upstream. Reached from the 信用查询 tile; counts as a credit-query transaction.
 */
import { z } from 'zod';
import { method, result, UPSTREAM_MS } from '../../method.ts';
import type { CreditEntry, CreditStatus } from '../shared/service-types.ts';

export interface EnterpriseCreditView {
  reportNo: string;
  /** The 18-character unified social credit code, normalised to upper case (public information). */
  creditCode: string;
  entityName: string;
  /** e.g. '有限责任公司', '个体工商户', as the registry states it. */
  entityType: string;
  /** Public registry information, shown in full. */
  legalRepresentative: string;
  /** YYYY-MM-DD */
  registeredAt: string;
  status: CreditStatus;
  entries: CreditEntry[];
  queriedAt: string;
  /** URL encoded in the printed report's verification QR code. */
  verifyUrl: string;
}

export const creditEnterpriseMethods = {
  queryEnterpriseCredit: method({
    service: 'credit-enterprise',
    access: 'citizen',
    enabledBy: ['credit-query'],
    tally: 'credit-query',
    timeoutMs: UPSTREAM_MS,
    request: z
      .object({
        /** As typed by the citizen; the core normalises and checks it (GB 32100). */
        creditCode: z.string().min(1).max(40),
      })
      .strict(),
    result: result<EnterpriseCreditView>(),
  }),
} as const;
