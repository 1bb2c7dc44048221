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

/** PNG files start with these 8 bytes; a data URL claiming PNG must really be one. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Checks the decoded image: a PNG whose IHDR says a sane size. Returns the reason when not. */
export function checkSignaturePng(dataUrl: string): { ok: true; width: number; height: number } | { ok: false; reason: string } {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    return { ok: false, reason: 'signature is not a PNG image' };
  }
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 50 || height < 20 || width > 4000 || height > 4000) {
    return { ok: false, reason: `signature image size ${width}x${height} is out of range` };
  }
  return { ok: true, width, height };
}
