/**
 * The citizen-service endpoints of the upstream (enterprise credit, e-licence verification,
 * progress, the police tiles), on top of UpstreamClient so every call shares its timeout,
 * redirect refusal, error kinds and scrubbing. Responses are validated here: a screen never
 * renders a shape the upstream did not promise.
 */
import { z } from 'zod';
import { UpstreamError, type CallOptions, type UpstreamClient } from './upstream-client.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const creditEntry = z.object({
  category: z.enum(['red-list', 'black-list', 'commitment', 'penalty', 'license']),
  title: z.string().min(1),
  authority: z.string().min(1),
  date,
});

export const enterpriseCreditSchema = z.object({
  reportNo: z.string().min(1).max(64),
  creditCode: z.string().length(18),
  entityName: z.string().min(1),
  entityType: z.string().min(1),
  legalRepresentative: z.string().min(1),
  registeredAt: date,
  status: z.enum(['good', 'warning', 'dishonest']),
  entries: z.array(creditEntry),
  verifyUrl: z.url({ protocol: /^https?$/ }),
});
export type EnterpriseCreditRecord = z.output<typeof enterpriseCreditSchema>;

export const eLicenceSchema = z.object({
  licenceType: z.string().regex(/^[a-z0-9-]{1,40}$/),
  licenceName: z.string().min(1).max(60),
  licenceNo: z.string().min(1).max(64),
  holderName: z.string().min(1).max(100),
  /** Compared with the ID card on the terminal; never sent to the screen. */
  holderIdNumber: z.string().min(1).max(32),
  issuer: z.string().min(1).max(100),
  validUntil: z.union([date, z.literal('long-term')]),
  status: z.enum(['valid', 'expired', 'revoked']),
  /** What the licence says, for form prefill (e.g. creditCode, entityName, licenceClass). */
  fields: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/), z.string().max(500)).default({}),
});
export type ELicenceRecord = z.output<typeof eLicenceSchema>;

export const progressItemSchema = z.object({
  receiptNo: z.string().min(1).max(64),
  matter: z.string().min(1).max(200),
  status: z.enum(['received', 'processing', 'needs-materials', 'approved', 'rejected', 'ready-for-pickup', 'completed']),
  note: z.string().max(500).default(''),
  submittedAt: z.string().min(1),
  updatedAt: z.string().min(1),
  steps: z.array(z.object({ name: z.string().min(1).max(100), done: z.boolean(), at: z.string().optional() })).max(30).default([]),
  pickup: z.string().max(200).optional(),
});
export type ProgressRecord = z.output<typeof progressItemSchema>;
const progressListSchema = z.object({ holderName: z.string().default(''), items: z.array(progressItemSchema).max(200) });

export const trafficViolationsSchema = z.object({
  plateNumber: z.string().min(1).max(16),
  items: z
    .array(
      z.object({
        occurredAt: z.string().min(1),
        location: z.string().min(1).max(200),
        behaviour: z.string().min(1).max(200),
        points: z.number().int().min(0).max(12),
        fineYuan: z.number().min(0).max(100_000),
        handled: z.boolean(),
        authority: z.string().min(1).max(100),
      }),
    )
    .max(500),
});
export type TrafficViolationsRecord = z.output<typeof trafficViolationsSchema>;

export const idPhotoResultSchema = z.object({
  accepted: z.boolean(),
  receiptNo: z.string().max(64).default(''),
  checks: z.array(z.object({ check: z.enum(['face', 'background', 'size', 'exposure', 'format']), passed: z.boolean() })).max(10),
});
export type IdPhotoRecord = z.output<typeof idPhotoResultSchema>;

export interface Subject {
  idNumber: string;
  name: string;
}

export class ServiceUpstream {
  readonly #client: UpstreamClient;

  constructor(client: UpstreamClient) {
    this.#client = client;
  }

  async enterpriseCredit(creditCode: string, options: CallOptions = {}): Promise<EnterpriseCreditRecord> {
    return this.#post('/api/v1/credit/enterprise', { creditCode }, enterpriseCreditSchema, options);
  }

  async verifyELicence(code: string, options: CallOptions = {}): Promise<ELicenceRecord> {
    return this.#post('/api/v1/e-licence/verify', { code }, eLicenceSchema, options);
  }

  async progressByReceipt(receiptNo: string, options: CallOptions = {}): Promise<ProgressRecord> {
    const path = `/api/v1/progress/${encodeURIComponent(receiptNo)}`;
    const { status, json } = await this.#client.requestJson('GET', path, options);
    return validate(progressItemSchema, json, `GET /api/v1/progress/{receiptNo}`, status);
  }

  async progressByHolder(subject: Subject, options: CallOptions = {}): Promise<z.output<typeof progressListSchema>> {
    return this.#post('/api/v1/progress/by-holder', subject, progressListSchema, options, [subject.idNumber]);
  }

  async trafficViolations(subject: Subject & { plateNumber: string }, options: CallOptions = {}): Promise<TrafficViolationsRecord> {
    return this.#post('/api/v1/police/traffic-violations', subject, trafficViolationsSchema, options, [subject.idNumber]);
  }

  /** The photo check answers at once (合格性检测), so this is a direct call, not an outbox item. */
  async uploadIdPhoto(
    request: Subject & { photoJpegBase64: string; idempotencyKey: string },
    options: CallOptions = {},
  ): Promise<IdPhotoRecord> {
    const { idempotencyKey, ...body } = request;
    return this.#post('/api/v1/police/id-photo', body, idPhotoResultSchema, { ...options, headers: { 'idempotency-key': idempotencyKey } }, [
      request.idNumber,
    ]);
  }

  async #post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options: CallOptions & { headers?: Record<string, string> },
    secrets: readonly string[] = [],
  ): Promise<z.output<S>> {
    const { status, json } = await this.#client.requestJson('POST', path, { ...options, body, secrets });
    return validate(schema, json, `POST ${path}`, status);
  }
}

/** Paths and codes only: zod messages may quote values, and values may be personal data. */
function validate<S extends z.ZodType>(schema: S, json: unknown, what: string, status: number): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'} ${issue.code}`)
    .join(', ');
  throw new UpstreamError('bad-response', `${what}: response failed validation: ${where}`, { status });
}
