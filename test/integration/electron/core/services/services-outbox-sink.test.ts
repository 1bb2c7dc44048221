/**
 * The services' SubmissionSink on the real outbox: a submission is durable before the citizen is
 * told anything, reported 'delivered' when the upstream acknowledges in time, 'queued' when it is
 * down or slow (and delivered later), and refused with a clear error when the disk is full.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromSubmissionError } from '../../../../../electron/core/api/error-mapping.ts';
import { OutboxSubmissionSink } from '../../../../../electron/core/services/shared/submission-sink.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { openOutbox, startSync, tempDir } from '../../../../support/outbox-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

let upstream: ReferenceUpstream;
const temp = tempDir('services-sink');
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  upstream = await startReferenceUpstream();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  upstream.setFault('none');
});

afterAll(async () => {
  await upstream?.close();
  temp.remove();
});

function setUp(name: string, settleWaitMs = 1500) {
  const opened = openOutbox(temp.path(`${name}.db`));
  const { worker } = startSync(opened.outbox, upstream.url);
  cleanups.push(async () => {
    await worker.stop({ drainMs: 500 });
    opened.close();
  });
  return { ...opened, worker, sink: new OutboxSubmissionSink(opened.outbox, worker, settleWaitMs) };
}

const form = (receiptNo: string) => ({
  stream: 'forms',
  kind: 'form.v1',
  payload: { receiptNo, formId: 'residence-permit', values: { phone: '13800138000' }, applicant: { idNumber: '11010519491231002X', name: '张三' } },
  personal: true,
  idempotencyKey: `form-${randomUUID()}`,
});

describe('OutboxSubmissionSink', () => {
  it('says delivered when the upstream acknowledges within the wait, and queues nothing twice', async () => {
    const { sink, outbox } = setUp('online');
    const item = form('DEMO-0001-20260301-AAAAAA');
    expect(await sink.submit(item)).toEqual({ delivery: 'delivered' });
    expect(upstream.submissions.get(item.idempotencyKey)?.body).toMatchObject({ stream: 'forms', payload: { receiptNo: 'DEMO-0001-20260301-AAAAAA' } });
    expect(await sink.submit(item)).toEqual({ delivery: 'delivered' });
    expect(outbox.count('delivered')).toBe(1);
    expect(upstream.submissionAttempts.get(item.idempotencyKey)).toBe(1);
  });

  it('says queued at once when the upstream hangs, keeps the item durable, and delivers it later', async () => {
    const { sink, outbox } = setUp('offline', 300);
    upstream.setFault('hang', { path: '/api/v1/submissions' });
    const item = form('DEMO-0001-20260301-BBBBBB');
    const started = Date.now();
    expect(await sink.submit(item)).toEqual({ delivery: 'queued' });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(outbox.getByKey(item.idempotencyKey)?.status).toBe('pending');
    upstream.setFault('none');
    await waitFor(() => outbox.getByKey(item.idempotencyKey)?.status === 'delivered', 10_000, 'delivery after the upstream recovered');
    expect((upstream.submissions.get(item.idempotencyKey)?.body as { payload: unknown }).payload).toEqual(item.payload);
  });

  it('refuses with a clear error when the disk is full: nothing was saved, the citizen is told', async () => {
    const { sink, db, outbox } = setUp('full');
    upstream.setFault('hang', { path: '/api/v1/submissions' });
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const item = form('DEMO-0001-20260301-CCCCCC');
    const error = await sink.submit(item).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    const mapped = fromSubmissionError(error);
    expect(mapped.code).toBe('STORAGE_FULL');
    expect(mapped.message).toMatch(/storage is full/);
    expect(outbox.getByKey(item.idempotencyKey)).toBeUndefined();
  });
});
