/**
 * 扫码亮证 / 免证办: an e-licence code read by the terminal's scanner, the camera or a keyboard-wedge
 * scanner, verified upstream; its values may prefill a form.
 */
import { z } from 'zod';
import { method, result, UPSTREAM_MS } from '../../method.ts';
import { scanTimeoutMs } from '../shared/request-parts.ts';
import type { LocalizedText } from '../shared/service-types.ts';

export interface ELicenceView {
  /** e.g. 'resident-id', 'driving-licence', 'business-licence', 'household-register'. */
  licenceType: string;
  licenceName: LocalizedText;
  holderName: string;
  licenceNoMasked: string;
  issuer: string;
  /** YYYY-MM-DD or 'long-term'. */
  validUntil: string;
  status: 'valid' | 'expired' | 'revoked';
  /** Whether the licence belongs to the citizen whose ID card was read; null when no card was read. */
  matchesCardHolder: boolean | null;
  verifiedAt: string;
  /** Form fields this licence can prefill (kept in the core for this session). */
  prefillKeys: string[];
}

export const eLicenceMethods = {
  /** Waits for the terminal's scanner to read an e-licence code, then verifies it with the upstream. */
  scanELicence: method({
    service: 'e-licence',
    access: 'citizen',
    enabledBy: ['e-licence', 'form-filling'],
    tally: 'e-licence',
    timeoutMs: UPSTREAM_MS,
    request: z.object({ timeoutMs: scanTimeoutMs }).strict(),
    result: result<ELicenceView>(),
  }),
  /** A code read by the renderer (camera or keyboard-wedge scanner), verified with the upstream. */
  verifyELicence: method({
    service: 'e-licence',
    access: 'citizen',
    enabledBy: ['e-licence', 'form-filling'],
    tally: 'e-licence',
    timeoutMs: UPSTREAM_MS,
    request: z.object({ code: z.string().min(1).max(1024), source: z.enum(['camera', 'keyboard']) }).strict(),
    result: result<ELicenceView>(),
  }),
} as const;
