/**
 * The client for the government credit platform. Every failure becomes an UpstreamError of one
 * kind the UI can act on (retry later vs. show the upstream's refusal), and no error message ever
 * carries the citizen's ID number: messages end up in logs and on maintenance screens.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { httpFetch } from './http-transport.ts';

export type UpstreamErrorKind = 'timeout' | 'network' | 'server' | 'rejected' | 'bad-response' | 'cancelled';

export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  /** HTTP status when the upstream answered (server, rejected, some bad-response). */
  readonly status?: number;

  constructor(kind: UpstreamErrorKind, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpstreamError';
    this.kind = kind;
    if (options.status !== undefined) this.status = options.status;
  }
}

/** One entry of a credit record, personal or enterprise alike. */
export const creditEntrySchema = z.object({
  category: z.enum(['red-list', 'black-list', 'commitment', 'penalty', 'license']),
  title: z.string().min(1),
  authority: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** Unknown fields are dropped, not refused: the platform may add fields without breaking kiosks. */
export const creditRecordSchema = z.object({
  reportNo: z.string().min(1).max(64),
  subjectName: z.string().min(1),
  status: z.enum(['good', 'warning', 'dishonest']),
  entries: z.array(creditEntrySchema),
  verifyUrl: z.url({ protocol: /^https?$/ }),
});

export type CreditRecord = z.output<typeof creditRecordSchema>;
export type CreditEntry = CreditRecord['entries'][number];

export interface UpstreamClientOptions {
  baseUrl: string;
  timeoutMs: number;
  terminalId: string;
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** Aborts the call, e.g. when the citizen's session ends; rejects with kind 'cancelled'. */
  signal?: AbortSignal;
}

const CREDIT_PATH = '/api/v1/credit/personal';
const SUBMISSIONS_PATH = '/api/v1/submissions';
const HEALTH_PATH = '/health';

export interface SubmissionRequest {
  /** 8-128 URL-safe characters; the same key for every retry of the same item. */
  idempotencyKey: string;
  stream: string;
  kind: string;
  /** JSON-serialisable; may carry personal data, so it never appears in an error message. */
  payload: unknown;
  createdAt?: string;
  /** Position in its stream on this terminal, so the upstream can check ordering. */
  sequence?: number;
  /** The case the item is ordered within (outbox order key): order holds per case, not per stream. */
  case?: string;
}

export interface SubmissionReceipt {
  /** The upstream's reference number; null only for a 409 replay that did not carry one. */
  reference: string | null;
  /** True when the upstream answered 409: it had this submission already. */
  replayed: boolean;
}

/** Request Timeout, Too Early, Too Many Requests: 4xx statuses that are not the platform's final word. */
const TRY_LATER_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);

/** Large enough for any credit record; a runaway body is refused rather than buffered. */
const MAX_RESPONSE_CHARS = 1_000_000;

export class UpstreamClient {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #terminalId: string;
  readonly #fetch: typeof fetch;

  constructor(options: UpstreamClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs;
    this.#terminalId = options.terminalId;
    this.#fetch = options.fetch ?? httpFetch;
  }

  async queryPersonalCredit(subject: { idNumber: string; name: string }, options: CallOptions = {}): Promise<CreditRecord> {
    const body = await this.#postJson(CREDIT_PATH, subject, options, [subject.idNumber]);
    const parsed = creditRecordSchema.safeParse(body.json);
    if (!parsed.success) {
      // Paths and codes only: zod messages may quote values, and values may be personal data.
      const where = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(body)'} ${issue.code}`)
        .join(', ');
      throw new UpstreamError('bad-response', `POST ${CREDIT_PATH}: credit record failed validation: ${where}`, {
        status: body.status,
      });
    }
    return parsed.data;
  }

  /**
   * Delivers one outbox item. The Idempotency-Key makes retries safe: a replay of something the
   * upstream already has is answered 409 with the original reference, which counts as delivered.
   * Any other 4xx is kind 'rejected' (permanent); 408/425/429 and 5xx, timeouts and connection
   * failures are 'server' / 'timeout' / 'network'; a 2xx without a reference is 'bad-response'
   * (outcome unknown, safe to retry).
   */
  async submit(request: SubmissionRequest, options: CallOptions = {}): Promise<SubmissionReceipt> {
    const body: Record<string, unknown> = { stream: request.stream, kind: request.kind };
    if (request.createdAt !== undefined) body.createdAt = request.createdAt;
    if (request.sequence !== undefined) body.sequence = request.sequence;
    if (request.case !== undefined) body.case = request.case;
    body.payload = request.payload;
    const what = `POST ${SUBMISSIONS_PATH}`;
    const { status, text } = await this.#send('POST', SUBMISSIONS_PATH, options, {
      body,
      headers: { 'idempotency-key': request.idempotencyKey },
    });
    if (status === 409) {
      const reference = referenceOf(parseJson(text));
      return { reference: reference ?? null, replayed: true };
    }
    const json = this.#checkStatus(what, status, text, []);
    const reference = referenceOf(json);
    if (reference === undefined) {
      throw new UpstreamError('bad-response', `${what}: accepted without a reference`, { status });
    }
    return { reference, replayed: false };
  }

  /**
   * One JSON call for the citizen-service endpoints (json-calls.ts), with the same headers,
   * timeout, redirect refusal, status mapping and message scrubbing as the credit query. `secrets`
   * are values (ID numbers) to scrub from an upstream message that echoes them.
   */
  async requestJson(
    method: 'GET' | 'POST',
    path: string,
    options: CallOptions & { body?: unknown; headers?: Record<string, string>; secrets?: readonly string[] } = {},
  ): Promise<{ status: number; json: unknown }> {
    const { status, text } = await this.#send(method, path, options, {
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    return { status, json: this.#checkStatus(`${method} ${path}`, status, text, options.secrets ?? []) };
  }

  /** GET /health: resolves when the upstream answers 2xx, else throws an UpstreamError. */
  async checkHealth(options: CallOptions = {}): Promise<void> {
    const { status } = await this.#send('GET', HEALTH_PATH, options, {});
    if (status < 200 || status >= 300) {
      throw new UpstreamError(status >= 500 ? 'server' : 'bad-response', `GET ${HEALTH_PATH}: status ${status}`, { status });
    }
  }

  async #postJson(
    path: string,
    payload: unknown,
    options: CallOptions,
    secrets: readonly string[],
  ): Promise<{ status: number; json: unknown }> {
    const { status, text } = await this.#send('POST', path, options, { body: payload });
    return { status, json: this.#checkStatus(`POST ${path}`, status, text, secrets) };
  }

  async #send(
    method: 'GET' | 'POST',
    path: string,
    options: CallOptions,
    extra: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; text: string }> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    const what = `${method} ${path}`;
    try {
      const response = await this.#fetch(`${this.#baseUrl}${path}`, {
        method,
        headers: {
          ...(extra.body === undefined ? {} : { 'content-type': 'application/json' }),
          accept: 'application/json',
          'x-terminal-id': this.#terminalId,
          'x-request-id': randomUUID(),
          ...extra.headers,
        },
        ...(extra.body === undefined ? {} : { body: JSON.stringify(extra.body) }),
        signal,
        // A redirect would re-send personal data to wherever it points: treat it as a bad answer.
        redirect: 'manual',
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      throw this.#transportError(error, what, timeout, options.signal);
    }
  }

  /** Maps a non-2xx status to its UpstreamError; returns the parsed JSON body of a 2xx. */
  #checkStatus(what: string, status: number, text: string, secrets: readonly string[]): unknown {
    if (status >= 500) throw new UpstreamError('server', `${what}: upstream error ${status}`, { status });
    // "Come back later" says nothing about the request: like a 5xx the outcome is unknown, so a
    // citizen is told to try again, not that the platform refused them.
    if (TRY_LATER_STATUSES.has(status)) throw new UpstreamError('server', `${what}: upstream asked to try later (${status})`, { status });
    if (status >= 400) {
      const reason = scrub(upstreamMessage(text), secrets);
      throw new UpstreamError('rejected', `${what}: rejected (${status})${reason ? `: ${reason}` : ''}`, { status });
    }
    if (status < 200 || status >= 300) {
      throw new UpstreamError('bad-response', `${what}: unexpected status ${status}`, { status });
    }
    if (text.length > MAX_RESPONSE_CHARS) {
      throw new UpstreamError('bad-response', `${what}: response too large (${text.length} characters)`, { status });
    }
    const json = parseJson(text);
    if (json === undefined) throw new UpstreamError('bad-response', `${what}: response is not valid JSON`, { status });
    return json;
  }

  #transportError(error: unknown, what: string, timeout: AbortSignal, caller?: AbortSignal): UpstreamError {
    if (caller?.aborted) return new UpstreamError('cancelled', `${what}: cancelled`);
    if (timeout.aborted) return new UpstreamError('timeout', `${what}: no answer within ${this.#timeoutMs} ms`);
    // undici reports connection failures as TypeError('fetch failed') with the socket error as cause.
    const cause = (error as { cause?: unknown }).cause;
    const code = (cause as { code?: unknown } | undefined)?.code;
    const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
    return new UpstreamError('network', `${what}: connection failed (${detail})`, { cause: error });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function referenceOf(json: unknown): string | undefined {
  const reference = (json as { reference?: unknown } | null | undefined)?.reference;
  return typeof reference === 'string' && reference.length > 0 && reference.length <= 128 ? reference : undefined;
}

/** The upstream's own explanation from a JSON error body ({ message } or { error }), shortened. */
function upstreamMessage(text: string): string {
  let message: unknown;
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: unknown };
    message = json.message ?? json.error;
  } catch {
    return '';
  }
  return typeof message === 'string' ? message.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
}

/** The upstream may echo what it was sent; never let an ID number through into a message. */
function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  // Any other ID-number-shaped run (18-digit resident/permit numbers, 15-character foreigner cards).
  return out.replace(/\d{17}[\dXx]|\d{15}|[A-Z]{3}\d{12}/g, '[redacted]');
}
