/**
 * 信用承诺 / 告知承诺: the matters a citizen may commit to, and the signed commitment (queued in the outbox).
 */
import { z } from 'zod';
import { method, result, LOCAL_MS, UPSTREAM_MS } from '../../method.ts';
import { empty, resourceId, submissionId } from '../shared/request-parts.ts';
import type { LocalizedText, SubmissionReceiptView } from '../shared/service-types.ts';

/** Signatures are small line drawings; 32 KiB of data URL is plenty and fits an outbox payload (48 KiB). */
export const MAX_SIGNATURE_DATA_URL_CHARS = 32 * 1024;

export interface CommitmentMatterSummary {
  matterId: string;
  /** Text version; submitCommitment must name the version the citizen saw. */
  version: string;
  title: LocalizedText;
  authority: LocalizedText;
}

export interface CommitmentMatter extends CommitmentMatterSummary {
  intro: LocalizedText;
  /** The commitments themselves, shown as a numbered list; all must be read before signing. */
  clauses: LocalizedText[];
  /** What follows a false commitment (失信后果); shown highlighted. */
  consequences: LocalizedText;
  /** The citizen signs on the touch screen (PNG data URL in submitCommitment). */
  signatureRequired: boolean;
}

export const creditCommitmentMethods = {
  listCommitmentMatters: method({
    service: 'credit-commitment',
    access: 'open',
    enabledBy: ['credit-commitment'],
    timeoutMs: LOCAL_MS,
    request: empty,
    result: result<CommitmentMatterSummary[]>(),
  }),
  getCommitmentMatter: method({
    service: 'credit-commitment',
    access: 'open',
    enabledBy: ['credit-commitment'],
    timeoutMs: LOCAL_MS,
    request: z.object({ matterId: resourceId }).strict(),
    result: result<CommitmentMatter>(),
  }),
  submitCommitment: method({
    service: 'credit-commitment',
    access: 'citizen',
    enabledBy: ['credit-commitment'],
    tally: 'credit-commitment',
    timeoutMs: UPSTREAM_MS,
    request: z
      .object({
        submissionId,
        matterId: resourceId,
        /** The text version the citizen saw (CommitmentMatter.version); a stale screen is refused. */
        matterVersion: z.string().min(1).max(32),
        /** The citizen ticked "I have read and commit to the above". */
        agreed: z.literal(true),
        /** Touch-screen signature as a PNG data URL; required when the matter says so. */
        signaturePng: z
          .string()
          .max(MAX_SIGNATURE_DATA_URL_CHARS, 'signature image too large')
          .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a PNG data URL')
          .optional(),
      })
      .strict(),
    result: result<SubmissionReceiptView>(),
  }),
} as const;
