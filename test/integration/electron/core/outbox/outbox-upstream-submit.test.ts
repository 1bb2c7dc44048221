/**
 * UpstreamClient.submit() and checkHealth() against the reference upstream on loopback, over the
 * client's own node:http transport: every answer maps to delivered / replayed / one UpstreamError
 * kind, and no ID number ever appears in an error message.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamClient, UpstreamError } from '../../../../../electron/core/upstream/upstream-client.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';

const idNumber = '11010519491231002X';
let upstream: ReferenceUpstream;
let client: UpstreamClient;
let n = 0;

beforeAll(async () => {
  upstream = await startReferenceUpstream({ slowBodyDelayMs: 1500 });
  client = new UpstreamClient({ baseUrl: upstream.url, timeoutMs: 400, terminalId: 'KM-0001' });
});
afterAll(() => upstream.close());
afterEach(() => upstream.setFault('none'));

const request = (payload: unknown = { name: '张三', idNumber }) => ({
  idempotencyKey: `submit-test-${(n += 1)}-${Date.now()}`,
  stream: 'forms',
  kind: 'form.v1',
  createdAt: '2025-03-01T00:00:00.000Z',
  sequence: n,
  payload,
});

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  expect(String((error as Error).message)).not.toContain(idNumber);
  return error as UpstreamError;
}

/** A one-route server for answers the reference upstream never gives. */
async function oneShot(status: number, body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('UpstreamClient.submit', () => {
  it('sends the body and headers and returns the reference; a replay is 409 with the same reference', async () => {
    const r = request();
    const first = await client.submit(r);
    expect(first).toEqual({ reference: expect.stringMatching(/^SUB-\d{6}$/), replayed: false });
    const sent = upstream.requests.at(-1)!;
    expect(sent.headers).toMatchObject({ 'idempotency-key': r.idempotencyKey, 'x-terminal-id': 'KM-0001', 'content-type': 'application/json' });
    expect(sent.body).toEqual({ stream: 'forms', kind: 'form.v1', createdAt: r.createdAt, sequence: r.sequence, payload: r.payload });
    expect(await client.submit(r)).toEqual({ reference: first.reference, replayed: true });
  });

  it('a 409 without a reference still counts as already delivered', async () => {
    const { url, server } = await oneShot(409, '{"error":"duplicate"}');
    try {
      const other = new UpstreamClient({ baseUrl: url, timeoutMs: 400, terminalId: 'KM-0001' });
      expect(await other.submit(request())).toEqual({ reference: null, replayed: true });
    } finally {
      server.close();
    }
  });

  it.each([
    ['a 201 without a reference', 201, '{"ok":true}', 'bad-response', /accepted without a reference/],
    ['a 200 that is not JSON', 200, '{"refer', 'bad-response', /not valid JSON/],
    ['a 503', 503, '{}', 'server', /upstream error 503/],
    ['a 429', 429, '{"message":"slow down"}', 'server', /asked to try later \(429\)/],
  ])('maps %s to %s', async (_label, status, body, kind, message) => {
    const { url, server } = await oneShot(status, body);
    try {
      const other = new UpstreamClient({ baseUrl: url, timeoutMs: 400, terminalId: 'KM-0001' });
      const error = await failure(other.submit(request()));
      expect(error.kind).toBe(kind);
      expect(error.message).toMatch(message);
    } finally {
      server.close();
    }
  });

  it('a 422 (key reused with other content) is rejected with the upstream message', async () => {
    const r = request();
    await client.submit(r);
    const error = await failure(client.submit({ ...r, payload: { changed: true } }));
    expect(error).toMatchObject({ kind: 'rejected', status: 422 });
    expect(error.message).toBe('POST /api/v1/submissions: rejected (422): this Idempotency-Key was used for a different submission');
  });

  it('an upstream message echoing an ID number is scrubbed', async () => {
    const { url, server } = await oneShot(400, JSON.stringify({ message: `bad idNumber ${idNumber}` }));
    try {
      const other = new UpstreamClient({ baseUrl: url, timeoutMs: 400, terminalId: 'KM-0001' });
      expect((await failure(other.submit(request()))).message).toBe('POST /api/v1/submissions: rejected (400): bad idNumber [redacted]');
    } finally {
      server.close();
    }
  });

  it.each([
    ['hang', 'timeout'],
    ['slow-body', 'timeout'],
    ['reset', 'network'],
    ['lost-response', 'network'],
    ['http-500', 'server'],
    ['bad-shape', 'bad-response'],
  ] as const)('fault %s ends as %s, on time', async (fault, kind) => {
    upstream.setFault(fault, { times: 1 });
    const started = performance.now();
    expect((await failure(client.submit(request()))).kind).toBe(kind);
    expect(performance.now() - started).toBeLessThan(1200);
  });

  it('an abort from the caller is kind cancelled', async () => {
    upstream.setFault('hang', { times: 1 });
    const controller = new AbortController();
    const before = upstream.requests.length;
    const submitting = failure(client.submit(request(), { signal: controller.signal }));
    // Abort once the request hangs at the upstream, not while it is still being sent.
    await expect.poll(() => upstream.requests.length, { timeout: 5000, interval: 5 }).toBeGreaterThan(before);
    controller.abort();
    expect((await submitting).kind).toBe('cancelled');
    const aborted = AbortSignal.abort();
    expect((await failure(client.submit(request(), { signal: aborted }))).kind).toBe('cancelled');
  });
});

describe('UpstreamClient.checkHealth', () => {
  it('resolves on 200 and fails by kind otherwise', async () => {
    await expect(client.checkHealth()).resolves.toBeUndefined();
    upstream.setFault('http-500', { times: 1 });
    expect((await failure(client.checkHealth())).kind).toBe('server');
    const closed = await startReferenceUpstream();
    await closed.close();
    const offline = new UpstreamClient({ baseUrl: closed.url, timeoutMs: 400, terminalId: 'KM-0001' });
    const error = await failure(offline.checkHealth());
    expect(error).toMatchObject({ kind: 'network', message: 'GET /health: connection failed (ECONNREFUSED)' });
  });

  it('refuses a non-http(s) base URL as a network failure instead of throwing', async () => {
    const odd = new UpstreamClient({ baseUrl: 'ftp://127.0.0.1:21', timeoutMs: 400, terminalId: 'KM-0001' });
    expect((await failure(odd.checkHealth())).kind).toBe('network');
  });
});
