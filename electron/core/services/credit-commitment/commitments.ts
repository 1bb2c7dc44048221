/**
 * 信用承诺 / 告知承诺: the commitment texts (resources/commitments/*.json) and the submission of a
 * signed commitment. The citizen commits to the exact version of the text they saw; the payload
 * names it, so a later text change never rewrites what someone signed.
 */
import { z } from 'zod';
import type { CommitmentMatter, CommitmentMatterSummary } from '../../../contract/service-api.ts';
import { localizedTextSchema } from '../shared/localized-text.ts';
import { loadResourceDir } from '../shared/resource-files.ts';

export const commitmentMatterSchema = z
  .object({
    matterId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    version: z.string().min(1).max(32),
    title: localizedTextSchema,
    authority: localizedTextSchema,
    intro: localizedTextSchema,
    clauses: z.array(localizedTextSchema).min(1).max(30),
    consequences: localizedTextSchema,
    signatureRequired: z.boolean().default(true),
    /** The upstream's code for the matter (事项编码), sent with the submission. */
    matterCode: z.string().min(1).max(64),
  })
  .strict();

export type CommitmentMatterResource = z.output<typeof commitmentMatterSchema>;

export const COMMITMENT_STREAM = 'commitments';
export const COMMITMENT_KIND = 'credit-commitment.v1';

export function loadCommitments(dir: string): Map<string, CommitmentMatterResource> {
  return loadResourceDir(dir, commitmentMatterSchema, (m) => m.matterId);
}

export const toCommitmentSummary = (m: CommitmentMatterResource): CommitmentMatterSummary => ({
  matterId: m.matterId,
  version: m.version,
  title: m.title,
  authority: m.authority,
});

export const toCommitmentView = (m: CommitmentMatterResource): CommitmentMatter => ({
  ...toCommitmentSummary(m),
  intro: m.intro,
  clauses: m.clauses,
  consequences: m.consequences,
  signatureRequired: m.signatureRequired,
});

/** The check is shared with 交通违法处理's signature (services/shared/signature-png.ts). */
export { checkSignaturePng } from '../shared/signature-png.ts';
