/**
 * What every route file of the reference upstream answers the same way: an error body, the JSON
 * object check, a terminal POST (the method, the X-Terminal-Id header, a JSON object body), and the
 * citizen named in a body (ID number and name, 二要素核验).
 */
import { isAcceptedIdNumber } from './id-number-format.ts';
import { findSampleRecord } from './sample-records.ts';
import type { RouteRequest, RouteResult } from './upstream-routes.ts';

export const error = (status: number, code: string, message: string): RouteResult => ({ status, body: { error: code, message } });

export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A terminal's POST with a JSON object body handed to `handler`, or the error the platform gives. */
export function terminalPost(request: RouteRequest, handler: (body: Record<string, unknown>) => RouteResult): RouteResult {
  if (request.method !== 'POST') return error(405, 'method-not-allowed', 'use POST');
  if (!request.headers['x-terminal-id']) return error(400, 'missing-terminal-id', 'X-Terminal-Id header is required');
  if (!request.bodyIsJson || !isObject(request.body)) return error(400, 'invalid-body', 'body must be a JSON object');
  return handler(request.body);
}

/** The body's idNumber and name, checked as the platforms do: a known number presented with another name is refused. */
export function checkSubject(body: Record<string, unknown>): RouteResult | { idNumber: string; name: string } {
  const { idNumber: rawId, name } = body;
  if (typeof rawId !== 'string' || typeof name !== 'string' || name.trim() === '') return error(400, 'missing-fields', 'idNumber and name are required');
  const idNumber = rawId.toUpperCase();
  if (!isAcceptedIdNumber(idNumber)) return error(400, 'invalid-id-number', 'idNumber is not a valid ID number');
  const sample = findSampleRecord(idNumber);
  if (sample && sample.name !== name.trim()) return error(400, 'identity-mismatch', 'name does not match the ID number');
  return { idNumber, name: name.trim() };
}
