/**
 * zod request schemas of the citizen-service methods (see service-api.ts for the results),
 * spread into requestSchemas in schemas.ts. Limits here are transport limits (sizes, shapes);
 * content rules (the GB 32100 check character, form field rules, plate numbers) are checked by
 * the core so that the citizen gets a specific error code rather than INVALID_REQUEST.
 */
import { z } from 'zod';

const empty = z.object({}).strict();
const resourceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lower-case id');
/** Renderer-generated per submission: a double tap or a retry never submits twice. */
const submissionId = z.uuid();
const scanTimeoutMs = z.number().int().min(1000).max(120_000).default(30_000);

/** Signatures are small line drawings; 32 KiB of data URL is plenty and fits an outbox payload (48 KiB). */
export const MAX_SIGNATURE_DATA_URL_CHARS = 32 * 1024;
/** A GA 461-style ID photo JPEG (358×441, ≤ 40 KB) as base64 fits in 60,000 characters. */
export const MAX_PHOTO_DATA_URL_CHARS = 60_000;
/** Longest single form value (textarea). */
export const MAX_FORM_VALUE_CHARS = 2000;

const formValues = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a field id'), z.string().max(MAX_FORM_VALUE_CHARS))
  .refine((values) => Object.keys(values).length <= 200, 'too many fields');

export const serviceRequestSchemas = {
  queryEnterpriseCredit: z
    .object({
      /** As typed by the citizen; the core trims, upper-cases and checks the GB 32100 check character. */
      creditCode: z.string().min(1).max(40),
    })
    .strict(),
  listCommitmentMatters: empty,
  getCommitmentMatter: z.object({ matterId: resourceId }).strict(),
  submitCommitment: z
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
  listForms: empty,
  /** Opens a form: returns its schema and the values prefilled from the session's ID card / e-licence. */
  startForm: z.object({ formId: resourceId }).strict(),
  /** Checks values on the core side and keeps them as the session's draft (nothing is sent). */
  validateForm: z.object({ formId: resourceId, values: formValues }).strict(),
  submitForm: z.object({ submissionId, formId: resourceId, values: formValues }).strict(),
  /** Waits for the terminal's scanner to read an e-licence code, then verifies it with the upstream. */
  scanELicence: z.object({ timeoutMs: scanTimeoutMs }).strict(),
  /** A code read by the renderer (camera or keyboard-wedge scanner), verified with the upstream. */
  verifyELicence: z.object({ code: z.string().min(1).max(1024), source: z.enum(['camera', 'keyboard']) }).strict(),
  /** Stops a waiting scanELicence / queryProgress({ by: 'scan' }). */
  cancelScan: empty,
  queryProgress: z.discriminatedUnion('by', [
    /** The receipt number as typed, or the text of the receipt's QR code (read by the camera). */
    z.object({ by: z.literal('receipt'), receiptNo: z.string().min(1).max(300) }).strict(),
    /** Everything filed under the ID card read in this session. */
    z.object({ by: z.literal('idCard') }).strict(),
    /** Waits for the terminal's scanner to read the receipt's QR code. */
    z.object({ by: z.literal('scan'), timeoutMs: scanTimeoutMs }).strict(),
  ]),
  listGuides: empty,
  getGuide: z.object({ guideId: resourceId }).strict(),
  callStaff: z
    .object({
      serviceId: resourceId.optional(),
      /** Which screen the citizen is on (e.g. 'form-review'), so staff know where to help. */
      screen: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
    })
    .strict(),
  cancelStaffCall: z.object({ callId: z.uuid() }).strict(),
  queryTrafficViolations: z.object({ plateNumber: z.string().min(1).max(16) }).strict(),
  uploadIdPhoto: z
    .object({
      submissionId,
      photoJpeg: z
        .string()
        .max(MAX_PHOTO_DATA_URL_CHARS, 'photo too large')
        .regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a JPEG data URL'),
    })
    .strict(),
  /** Prints the receipt of a result obtained in this session; idempotent per jobId. */
  printServiceReceipt: z
    .object({
      jobId: z.uuid(),
      /** The screen's language; the slip falls back to zh-CN for text not in it. Default: the terminal's. */
      locale: z.string().regex(/^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$/).optional(),
      document: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('enterprise-credit') }).strict(),
        z.object({ kind: z.literal('commitment'), receiptNo: z.string().min(1).max(64) }).strict(),
        z.object({ kind: z.literal('form'), receiptNo: z.string().min(1).max(64) }).strict(),
        z.object({ kind: z.literal('progress') }).strict(),
        z.object({ kind: z.literal('traffic-violations') }).strict(),
        z.object({ kind: z.literal('id-photo') }).strict(),
        z.object({ kind: z.literal('guide'), guideId: resourceId }).strict(),
      ]),
    })
    .strict(),
} as const;

export type ServiceMethod = keyof typeof serviceRequestSchemas;
export type PrintDocument = z.output<(typeof serviceRequestSchemas)['printServiceReceipt']>['document'];
