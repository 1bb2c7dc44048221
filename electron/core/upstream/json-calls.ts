/**
 * The helpers every citizen-service upstream call is built from (each service folder holds its own
 * calls and record schemas, e.g. services/traffic-violation/traffic-upstream.ts). They sit on
 * UpstreamClient.requestJson, so every call shares its timeout, redirect refusal, error kinds and
 * scrubbing; and answers are validated here, so a screen never renders a shape the upstream did
 * not promise.
 */
import { z } from 'zod';
import { UpstreamError, type CallOptions, type UpstreamClient } from './upstream-client.ts';

/** A calendar date as the upstream writes it (YYYY-MM-DD). */
export const upstreamDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The card holder a personal query is about; the upstream checks the name against the ID number. */
export interface Subject {
  idNumber: string;
  name: string;
}

export interface PostOptions extends CallOptions {
  headers?: Record<string, string>;
  /** Values (ID numbers) to scrub from an upstream message that echoes them. */
  secrets?: readonly string[];
}

export async function postJson<S extends z.ZodType>(client: UpstreamClient, path: string, body: unknown, schema: S, options: PostOptions = {}): Promise<z.output<S>> {
  const { status, json } = await client.requestJson('POST', path, { ...options, body, secrets: options.secrets ?? [] });
  return validateAnswer(schema, json, `POST ${path}`, status);
}

/** `what` names the path template, so a log line never carries the value in the path. */
export async function getJson<S extends z.ZodType>(client: UpstreamClient, path: string, what: string, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
  const { status, json } = await client.requestJson('GET', path, options);
  return validateAnswer(schema, json, `GET ${what}`, status);
}

/** Paths and codes only: zod messages may quote values, and values may be personal data. */
export function validateAnswer<S extends z.ZodType>(schema: S, json: unknown, what: string, status: number): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'} ${issue.code}`)
    .join(', ');
  throw new UpstreamError('bad-response', `${what}: response failed validation: ${where}`, { status });
}
