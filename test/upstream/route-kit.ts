/**
 * What every route file of the reference upstream answers the same way: an error body, the JSON
 * object check, and a terminal POST (the method, the X-Terminal-Id header, a JSON object body).
 */
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
