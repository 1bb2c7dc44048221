/**
 * UpstreamClient against the real reference upstream over loopback HTTP: every failure mode ends
 * in one UpstreamError kind, on time, with no ID number in its message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamClient, UpstreamError } from '../../../../../electron/core/upstream/upstream-client.ts';
import { startReferenceUpstream, type ReferenceUpstream, type UpstreamFault } from '../../../../upstream/reference-upstream.ts';

const zhangSan = { idNumber: '11010519491231002X', name: '张三' };
const stranger = { idNumber: '530102198506140034', name: '周敏' };
const TIMEOUT_MS = 500;

let upstream: ReferenceUpstream;
let client: UpstreamClient;

beforeAll(async () => {
  upstream = await startReferenceUpstream({ host: '127.0.0.1', port: 0, slowBodyDelayMs: 3000 });
  client = new UpstreamClient({ baseUrl: `${upstream.url}/`, timeoutMs: TIMEOUT_MS, terminalId: 'KM-0001' });
});
afterAll(() => upstream.close());
afterEach(() => upstream.setFault('none'));

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    const upstreamError = error as UpstreamError;
    // The rule that matters most: whatever went wrong, the message carries no ID number.
    for (const id of [zhangSan.idNumber, stranger.idNumber]) {
      expect(upstreamError.message).not.toContain(id);
      expect(String(upstreamError.stack)).not.toContain(id);
    }
    return upstreamError;
  }
  throw new Error('expected the call to fail');
}

describe('UpstreamClient.queryPersonalCredit', () => {
  it('returns the record of a known person and sends the terminal id', async () => {
    const record = await client.queryPersonalCredit(zhangSan);
    expect(record.subjectName).toBe('张三');
    expect(record.status).toBe('good');
    expect(record.reportNo).toMatch(/^XY\d{8}\d{6}$/);
    expect(record.verifyUrl).toBe(`${upstream.url}/verify/${record.reportNo}`);
    expect(record.entries.map((e) => e.category)).toEqual(['red-list', 'commitment']);
    expect(record.entries[0]?.title).toContain('守信红名单');

    const sent = upstream.requests.at(-1);
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/api/v1/credit/personal');
    expect(sent?.headers['x-terminal-id']).toBe('KM-0001');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.body).toEqual(zhangSan);
  });

  it('returns a clean record for someone the platform has nothing on', async () => {
    const record = await client.queryPersonalCredit(stranger);
    expect(record).toMatchObject({ subjectName: '周敏', status: 'good', entries: [] });
  });

  it('drops fields it does not know instead of failing (the platform may add some)', async () => {
    const extended = new UpstreamClient({
      baseUrl: upstream.url,
      timeoutMs: TIMEOUT_MS,
      terminalId: 'KM-0001',
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const json = (await response.json()) as Record<string, unknown>;
        return Response.json({ ...json, issuedBy: '信用中国（示例）' }, { status: response.status });
      },
    });
    const record = await extended.queryPersonalCredit(zhangSan);
    expect(record).not.toHaveProperty('issuedBy');
    expect(record.subjectName).toBe('张三');
  });

  it.each<[UpstreamFault, UpstreamError['kind'], number | undefined]>([
    ['http-500', 'server', 500],
    ['reset', 'network', undefined],
    ['lost-response', 'network', undefined],
    ['bad-json', 'bad-response', 200],
    ['bad-shape', 'bad-response', 200],
  ])('fault %s ends in kind %s', async (fault, kind, status) => {
    upstream.setFault(fault);
    const error = await failure(client.queryPersonalCredit(zhangSan));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
  });

  it('reports a 500 without leaking the body, and says which call failed', async () => {
    upstream.setFault('http-500');
    const error = await failure(client.queryPersonalCredit(zhangSan));
    expect(error.message).toBe('POST /api/v1/credit/personal: upstream error 500');
  });

  it('names the fields of a malformed record without quoting their values', async () => {
    upstream.setFault('bad-shape');
    const error = await failure(client.queryPersonalCredit(zhangSan));
    expect(error.message).toMatch(/^POST \/api\/v1\/credit\/personal: credit record failed validation: reportNo invalid_type/);
  });

  it('says plainly that a truncated body is not JSON', async () => {
    upstream.setFault('bad-json');
    const error = await failure(client.queryPersonalCredit(zhangSan));
    expect(error.message).toBe('POST /api/v1/credit/personal: response is not valid JSON');
  });

  it.each<[UpstreamFault]>([['hang'], ['slow-body']])('%s ends in a timeout within the configured time', async (fault) => {
    upstream.setFault(fault);
    const started = performance.now();
    const error = await failure(client.queryPersonalCredit(zhangSan));
    const elapsed = performance.now() - started;
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`POST /api/v1/credit/personal: no answer within ${TIMEOUT_MS} ms`);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('passes on the upstream message of a 400', async () => {
    upstream.setFault('http-400');
    const error = await failure(client.queryPersonalCredit(zhangSan));
    expect(error.kind).toBe('rejected');
    expect(error.status).toBe(400);
    expect(error.message).toBe('POST /api/v1/credit/personal: rejected (400): simulated rejection by the upstream');
  });

  it('turns a real refusal (wrong name for a known ID number) into rejected with its reason', async () => {
    const error = await failure(client.queryPersonalCredit({ idNumber: zhangSan.idNumber, name: '李四' }));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('name does not match the ID number');
  });

  it('redacts an ID number that the upstream echoes back in its error message', async () => {
    const echoing = new UpstreamClient({
      baseUrl: upstream.url,
      timeoutMs: TIMEOUT_MS,
      terminalId: 'KM-0001',
      fetch: async () =>
        Response.json(
          { message: `证件号 ${zhangSan.idNumber} 与 ${stranger.idNumber.toLowerCase()} 核验失败 (GBR310075030220)` },
          { status: 422 },
        ),
    });
    const error = await failure(echoing.queryPersonalCredit(zhangSan));
    expect(error.kind).toBe('rejected');
    expect(error.message).toBe('POST /api/v1/credit/personal: rejected (422): 证件号 [redacted] 与 [redacted] 核验失败 ([redacted])');
  });

  it('reports an unreachable upstream as network', async () => {
    const closed = await startReferenceUpstream({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const offline = new UpstreamClient({ baseUrl: closed.url, timeoutMs: TIMEOUT_MS, terminalId: 'KM-0001' });
    const error = await failure(offline.queryPersonalCredit(zhangSan));
    expect(error.kind).toBe('network');
    expect(error.message).toBe('POST /api/v1/credit/personal: connection failed (ECONNREFUSED)');
  });

  it('treats a redirect as a bad response instead of following it with personal data', async () => {
    const redirecting = new UpstreamClient({
      baseUrl: upstream.url,
      timeoutMs: TIMEOUT_MS,
      terminalId: 'KM-0001',
      fetch: async () => new Response(null, { status: 307, headers: { location: 'http://127.0.0.1:9/elsewhere' } }),
    });
    const error = await failure(redirecting.queryPersonalCredit(zhangSan));
    expect(error).toMatchObject({ kind: 'bad-response', status: 307 });
  });

  it('stops at once when the caller aborts (the session ended)', async () => {
    upstream.setFault('hang');
    const controller = new AbortController();
    const before = upstream.requests.length;
    const call = client.queryPersonalCredit(zhangSan, { signal: controller.signal });
    // Abort once the request hangs at the upstream, not while it is still being sent.
    await expect.poll(() => upstream.requests.length, { timeout: 5000, interval: 5 }).toBeGreaterThan(before);
    const started = performance.now();
    controller.abort();
    const error = await failure(call);
    expect(error.kind).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS);
  });

  it('recovers once the upstream does: faults for a number of requests only', async () => {
    upstream.setFault('http-500', { times: 1 });
    expect((await failure(client.queryPersonalCredit(zhangSan))).kind).toBe('server');
    expect((await client.queryPersonalCredit(zhangSan)).subjectName).toBe('张三');
  });
});
