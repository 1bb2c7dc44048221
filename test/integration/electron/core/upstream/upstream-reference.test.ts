/**
 * The reference upstream itself, spoken to with plain fetch over loopback: its sample data, its
 * refusals, the idempotent submissions endpoint the outbox relies on, its faults and its CLI.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateResidentId } from '../../../../../electron/contract/rules/id-number.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { sampleRecords } from '../../../../upstream/sample-records.ts';

let upstream: ReferenceUpstream;
beforeAll(async () => {
  upstream = await startReferenceUpstream({ host: '127.0.0.1', port: 0 });
});
afterAll(() => upstream.close());
afterEach(() => upstream.setFault('none'));

const terminal = { 'content-type': 'application/json', 'x-terminal-id': 'KM-0001' };

async function post(path: string, body: unknown, headers: Record<string, string> = terminal) {
  const response = await fetch(`${upstream.url}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Written out again here, on purpose, rather than imported from the server under test. */
function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return '10X98765432'.charAt(sum % 11);
}

describe('sample records', () => {
  it('include 张三 and at least three people with entries, all with valid GB 11643 numbers', () => {
    expect(sampleRecords.find((r) => r.idNumber === '11010519491231002X')?.name).toBe('张三');
    expect(sampleRecords.length).toBeGreaterThanOrEqual(3);
    for (const record of sampleRecords) {
      expect(record.idNumber.slice(17), record.name).toBe(checkChar(record.idNumber.slice(0, 17)));
      expect(validateResidentId(record.idNumber), record.name).toEqual({ ok: true });
      expect(record.entries.length).toBeGreaterThan(0);
    }
    const titles = sampleRecords.flatMap((r) => r.entries.map((e) => e.title)).join(' ');
    for (const kind of ['守信红名单', '行政处罚', '信用承诺']) expect(titles).toContain(kind);
    expect(new Set(sampleRecords.map((r) => r.status))).toEqual(new Set(['good', 'warning', 'dishonest']));
  });
});

describe('reference upstream', () => {
  it('answers /health', async () => {
    const response = await fetch(`${upstream.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('serves a sample person and a verify URL that confirms the report', async () => {
    const { status, json } = await post('/api/v1/credit/personal', { idNumber: '510104197511063314', name: '赵强' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ subjectName: '赵强', status: 'dishonest' });
    expect((json.entries as Array<{ category: string }>).map((e) => e.category)).toEqual(['black-list', 'penalty']);
    const verify = await fetch(String(json.verifyUrl));
    expect(verify.status).toBe(200);
    expect(await verify.json()).toEqual({ reportNo: json.reportNo, valid: true });
    expect((await fetch(`${upstream.url}/verify/XY20000101999999`)).status).toBe(404);
  });

  it('gives every query its own report number', async () => {
    const a = await post('/api/v1/credit/personal', { idNumber: '11010519491231002X', name: '张三' });
    const b = await post('/api/v1/credit/personal', { idNumber: '11010519491231002X', name: '张三' });
    expect(a.json.reportNo).not.toBe(b.json.reportNo);
  });

  it('answers an unknown person with a clean record', async () => {
    const { status, json } = await post('/api/v1/credit/personal', { idNumber: '530102198506140034', name: '周敏' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ subjectName: '周敏', status: 'good', entries: [] });
  });

  it('accepts the number formats of every card type the reader supports', async () => {
    for (const idNumber of ['81000019900307012X', 'GBR310075030220', '911124198806150031']) {
      expect((await post('/api/v1/credit/personal', { idNumber, name: '测试' })).status, idNumber).toBe(200);
    }
  });

  it.each([
    ['no X-Terminal-Id', { idNumber: '11010519491231002X', name: '张三' }, { 'content-type': 'application/json' }, 'missing-terminal-id'],
    ['no name', { idNumber: '11010519491231002X' }, terminal, 'missing-fields'],
    ['no idNumber', { name: '张三' }, terminal, 'missing-fields'],
    ['a body that is not JSON', '{"idNumber": ', terminal, 'invalid-body'],
    ['a JSON array', '[1,2]', terminal, 'invalid-body'],
    ['a wrong check character', { idNumber: '110105194912310021', name: '张三' }, terminal, 'invalid-id-number'],
    ['the wrong name for a known number', { idNumber: '11010519491231002X', name: '李四' }, terminal, 'identity-mismatch'],
  ])('refuses a query with %s: 400 with a JSON error', async (_label, body, headers, code) => {
    const { status, json } = await post('/api/v1/credit/personal', body, headers);
    expect(status).toBe(400);
    expect(json.error).toBe(code);
    expect(typeof json.message).toBe('string');
  });

  it('answers 404 and 405 for unknown routes and methods', async () => {
    expect((await fetch(`${upstream.url}/api/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${upstream.url}/api/v1/credit/personal`)).status).toBe(405);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await fetch(`${upstream.url}/api/v1/submissions`, {
      method: 'POST',
      headers: { ...terminal, 'idempotency-key': 'key-oversized-0001' },
      body: JSON.stringify({ blob: 'x'.repeat(100_000) }),
    });
    expect(response.status).toBe(413);
  });

  it('records every request with lower-cased headers and the parsed body', async () => {
    const before = upstream.requests.length;
    upstream.setFault('http-500', { times: 1 });
    await post('/api/v1/credit/personal', { idNumber: '11010519491231002X', name: '张三' });
    const recorded = upstream.requests.slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/credit/personal',
      body: { idNumber: '11010519491231002X', name: '张三' },
    });
    expect(recorded[0]?.headers['x-terminal-id']).toBe('KM-0001');
    expect(upstream.fault).toBe('none');
  });
});

describe('submissions (idempotent)', () => {
  const submit = (key: string | undefined, body: unknown) =>
    post('/api/v1/submissions', body, key === undefined ? terminal : { ...terminal, 'idempotency-key': key });

  it('accepts a submission once (201) and answers a replay with 409 and the same reference', async () => {
    const body = { stream: 'credit-commitment', kind: 'commitment.signed', data: { text: '本人承诺' } };
    const first = await submit('3f0e8a4c-7d1b-4b8e-9a55-1c2d3e4f5a6b', body);
    expect(first.status).toBe(201);
    expect(first.json.reference).toMatch(/^SUB-\d{6}$/);
    const replay = await submit('3f0e8a4c-7d1b-4b8e-9a55-1c2d3e4f5a6b', body);
    expect(replay.status).toBe(409);
    expect(replay.json.reference).toBe(first.json.reference);
    expect(upstream.submissions.get('3f0e8a4c-7d1b-4b8e-9a55-1c2d3e4f5a6b')).toMatchObject({ terminalId: 'KM-0001', body });
  });

  it('refuses the same key with different content (422), keeping the original', async () => {
    await submit('key-reused-00000001', { n: 1 });
    const reused = await submit('key-reused-00000001', { n: 2 });
    expect(reused.status).toBe(422);
    expect(reused.json.error).toBe('idempotency-key-reused');
    expect(upstream.submissions.get('key-reused-00000001')?.body).toEqual({ n: 1 });
  });

  it.each([
    ['no Idempotency-Key', undefined, 'missing-idempotency-key'],
    ['a too short key', 'abc', 'invalid-idempotency-key'],
  ])('refuses a submission with %s', async (_label, key, code) => {
    const { status, json } = await submit(key, { n: 1 });
    expect(status).toBe(400);
    expect(json.error).toBe(code);
  });

  it('after a lost response, the retry learns the submission had arrived', async () => {
    upstream.setFault('lost-response', { times: 1 });
    await expect(submit('key-lost-response-01', { n: 1 })).rejects.toThrow(TypeError);
    expect(upstream.submissions.has('key-lost-response-01')).toBe(true);
    const retry = await submit('key-lost-response-01', { n: 1 });
    expect(retry.status).toBe(409);
    expect(retry.json.reference).toBe(upstream.submissions.get('key-lost-response-01')?.reference);
  });

  it('a submission refused by a fault before processing is not recorded', async () => {
    upstream.setFault('http-500', { times: 1 });
    expect((await submit('key-not-recorded-01', { n: 1 })).status).toBe(500);
    expect(upstream.submissions.has('key-not-recorded-01')).toBe(false);
    expect((await submit('key-not-recorded-01', { n: 1 })).status).toBe(201);
  });
});

describe('lifecycle', () => {
  it('close() returns promptly even with a request hanging', async () => {
    const server = await startReferenceUpstream({ host: '127.0.0.1' });
    server.setFault('hang');
    const pending = fetch(`${server.url}/health`).catch((error: unknown) => error);
    await expect.poll(() => server.requests.length, { timeout: 5000, interval: 5 }).toBe(1);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(TypeError);
  });

  it('the CLI starts on the requested port, prints its URL and stops on SIGTERM', async () => {
    const free = await startReferenceUpstream({ host: '127.0.0.1' });
    const port = free.port;
    await free.close();
    const root = join(import.meta.dirname, '../../../../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/upstream/main.ts', String(port)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      expect(line.toString().trim()).toBe(`reference upstream listening on http://127.0.0.1:${port}`);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('the CLI refuses an unknown fault with a clear message', async () => {
    const root = join(import.meta.dirname, '../../../../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/upstream/main.ts', '0', '--fault=explode'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('unknown fault "explode"');
  });
});
