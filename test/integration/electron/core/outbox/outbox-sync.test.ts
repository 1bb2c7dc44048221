/**
 * The sync worker against the reference upstream on loopback: ordering, idempotent replays,
 * permanent and transient failures, stuck heads that are never given up, offline → online, and shutdown.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import type { Outbox } from '../../../../../electron/core/outbox/outbox.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { acceptedInStream, openOutbox, startSync, tempDir } from '../../../../support/outbox-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

const SUBMISSIONS = '/api/v1/submissions';
let upstream: ReferenceUpstream;
let temp: ReturnType<typeof tempDir>;
let opened: ReturnType<typeof openOutbox>;
let outbox: Outbox;
const stops: Array<() => Promise<void>> = [];

beforeEach(async () => {
  upstream = await startReferenceUpstream({ slowBodyDelayMs: 2000 });
  temp = tempDir('outbox-sync');
  opened = openOutbox(temp.path('kiosk.db'));
  outbox = opened.outbox;
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  opened.close();
  await upstream.close();
  temp.remove();
});

function sync(options: Parameters<typeof startSync>[2] = {}) {
  const started = startSync(outbox, upstream.url, options);
  stops.push(() => started.worker.stop());
  return started;
}
const enqueue = (stream: string, n: number) => outbox.enqueue({ stream, kind: `${stream}.v1`, payload: { n, name: '王芳' } }).item;
const settled = () => outbox.count('pending') === 0;

describe('SyncWorker', () => {
  it('delivers every stream in order with the Idempotency-Key and stores the upstream reference', async () => {
    const items = Array.from({ length: 30 }, (_, n) => enqueue(['forms', 'help', 'evaluations'][n % 3]!, n));
    sync();
    await waitFor(settled, 5000, 'the queue to drain');
    for (const item of items) {
      const stored = outbox.get(item.id)!;
      const received = upstream.submissions.get(item.idempotencyKey)!;
      expect(stored).toMatchObject({ status: 'delivered', attempts: 1, upstreamRef: received.reference });
      expect(received.body).toEqual({ stream: item.stream, kind: item.kind, createdAt: item.createdAt, sequence: item.id, payload: expect.any(Object) });
    }
    for (const stream of ['forms', 'help', 'evaluations']) {
      const ns = acceptedInStream(upstream.submissions, stream).map((p) => p.n as number);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
      expect(ns).toHaveLength(10);
    }
    expect(upstream.orderViolations).toEqual([]);
    expect(upstream.requests.filter((r) => r.path === SUBMISSIONS).every((r) => typeof r.headers['idempotency-key'] === 'string')).toBe(true);
  });

  it('a lost response is retried and the 409 replay counts as delivered, with the original reference', async () => {
    const { monitor } = sync();
    await waitFor(() => monitor.state === 'online', 2000, 'online');
    upstream.setFault('lost-response', { times: 1, path: SUBMISSIONS });
    const item = enqueue('forms', 1);
    await waitFor(settled, 5000, 'delivery');
    expect(upstream.submissionAttempts.get(item.idempotencyKey)).toBe(2);
    expect(upstream.submissions.size).toBe(1);
    expect(outbox.get(item.id)).toMatchObject({ status: 'delivered', attempts: 2, upstreamRef: upstream.submissions.get(item.idempotencyKey)!.reference });
  });

  it('a 4xx is a permanent failure kept for maintenance with the upstream message; the stream goes on', async () => {
    const { monitor } = sync();
    await waitFor(() => monitor.state === 'online', 2000, 'online');
    upstream.setFault('http-400', { times: 1, path: SUBMISSIONS });
    const refused = enqueue('forms', 1);
    const next = enqueue('forms', 2);
    await waitFor(settled, 5000, 'the queue to settle');
    expect(outbox.get(refused.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(outbox.get(refused.id)?.lastError).toBe('POST /api/v1/submissions: rejected (400): simulated rejection by the upstream');
    expect(outbox.get(next.id)?.status).toBe('delivered');
    expect(outbox.list({ status: 'failed' }).map((i) => i.id)).toEqual([refused.id]);
    expect(monitor.state).toBe('online');
  });

  it('an Idempotency-Key the upstream knows with other content (422) fails permanently', async () => {
    const item = enqueue('forms', 1);
    await fetch(`${upstream.url}${SUBMISSIONS}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-terminal-id': 'KM-0001', 'idempotency-key': item.idempotencyKey },
      body: JSON.stringify({ something: 'else' }),
    });
    sync();
    await waitFor(settled, 5000, 'the item to settle');
    expect(outbox.get(item.id)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('(422): this Idempotency-Key was used for a different submission') });
  });

  it('5xx, timeouts and resets are retried with backoff until delivered; the network state follows', async () => {
    const { monitor } = sync({ timeoutMs: 300 });
    await waitFor(() => monitor.state === 'online', 2000, 'online');
    const states: string[] = [];
    monitor.on('change', (c) => states.push(c.state));
    upstream.setFault('http-500', { times: 2, path: SUBMISSIONS });
    const a = enqueue('forms', 1);
    await waitFor(settled, 5000, 'delivery after 500s');
    expect(outbox.get(a.id)).toMatchObject({ status: 'delivered', attempts: 3 });
    for (const fault of ['hang', 'reset', 'slow-body', 'bad-json'] as const) {
      upstream.setFault(fault, { times: 1, path: SUBMISSIONS });
      const item = enqueue('forms', 2);
      await waitFor(settled, 5000, `delivery after ${fault}`);
      expect(outbox.get(item.id)).toMatchObject({ status: 'delivered', attempts: 2 });
    }
    expect(states).toContain('degraded');
    expect(states.at(-1)).toBe('online');
    expect(upstream.submissions.size).toBe(5);
  });

  it('an always-500 item alone is never given up: it holds back only its own case, and an alert names its stream and since when', async () => {
    const alerts = new AlertBoard();
    const { monitor } = sync({ alerts, stuckAlertMs: 600 });
    await waitFor(() => monitor.state === 'online', 2000, 'online');
    const inCase = (n: number, orderKey?: string) =>
      outbox.enqueue({ stream: 'forms', kind: 'forms.v1', payload: { n }, ...(orderKey ? { orderKey } : {}) }).item;
    const stuck = inCase(1, 'case-a');
    upstream.setKeyFault(stuck.idempotencyKey, 'http-500');
    const sameCase = inCase(2, 'case-a');
    const otherCase = [inCase(3, 'case-b'), inCase(4, 'case-b')];
    const noCase = inCase(5);
    // Nothing else flows on any stream: the lane itself must find out that only this item fails.
    await waitFor(() => [...otherCase, noCase].every((i) => outbox.get(i.id)?.status === 'delivered'), 10_000, 'the other cases to go out');
    await waitFor(() => alerts.get('outbox-stuck:forms') !== undefined, 10_000, 'the stuck alert');
    await waitFor(() => (outbox.get(stuck.id)?.attempts ?? 0) >= 10, 15_000, 'many attempts');
    const alert = alerts.get('outbox-stuck:forms')!;
    expect(alert).toMatchObject({ kind: 'outbox-stream-stuck', severity: 'critical' });
    expect(alert.detail).toMatch(new RegExp(`^stream forms: item #${stuck.id} has not been delivered since ${alert.since.replace(/[.]/g, '\\.')} .*500`));
    expect(Date.parse(alert.since)).toBeLessThanOrEqual(Date.now() - 600);
    expect(outbox.get(stuck.id)).toMatchObject({ status: 'pending' });
    expect(outbox.get(sameCase.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(outbox.count('failed')).toBe(0);
    expect(acceptedInStream(upstream.submissions, 'forms').map((p) => p.n)).toEqual([3, 4, 5]);

    upstream.setKeyFault(stuck.idempotencyKey, 'none');
    await waitFor(settled, 5000, 'the case to drain');
    expect(acceptedInStream(upstream.submissions, 'forms').map((p) => p.n)).toEqual([3, 4, 5, 1, 2]);
    expect(alerts.get('outbox-stuck:forms')).toBeUndefined();
    expect(upstream.orderViolations).toEqual([]);
  });

  it('an always-slow item (every answer after the timeout) is retried, never failed, and nothing of its case overtakes it', async () => {
    const { monitor } = sync({ timeoutMs: 300 });
    await waitFor(() => monitor.state === 'online', 2000, 'online');
    const slow = outbox.enqueue({ stream: 'forms', kind: 'forms.v1', payload: { n: 1 }, orderKey: 'case-a' }).item;
    upstream.setKeyFault(slow.idempotencyKey, 'slow-body');
    const later = outbox.enqueue({ stream: 'forms', kind: 'forms.v1', payload: { n: 2 }, orderKey: 'case-a' }).item;
    // Other streams flow meanwhile, so each timeout counts as a strike: more than the old give-up bound of 8.
    const flow = setInterval(() => enqueue('evaluations', Date.now()), 20);
    try {
      await waitFor(() => (outbox.get(slow.id)?.strikes ?? 0) >= 9, 20_000, 'more than eight timed-out attempts');
    } finally {
      clearInterval(flow);
    }
    expect(outbox.get(slow.id)?.status).toBe('pending');
    expect(outbox.get(later.id)).toMatchObject({ status: 'pending', attempts: 0 });
    // The upstream stored the slow item each time (the answer came too late): the later one never went first.
    expect(upstream.submissions.has(later.idempotencyKey)).toBe(false);
    upstream.setKeyFault(slow.idempotencyKey, 'none');
    await waitFor(settled, 5000, 'delivery');
    expect(outbox.get(slow.id)).toMatchObject({ status: 'delivered', upstreamRef: upstream.submissions.get(slow.idempotencyKey)?.reference });
    expect(acceptedInStream(upstream.submissions, 'forms').map((p) => p.n)).toEqual([1, 2]);
    expect(upstream.orderViolations).toEqual([]);
  });

  it('while nothing is being accepted, a failing item collects no strikes and keeps its place', async () => {
    const { monitor } = sync();
    await waitFor(() => monitor.state === 'online', 2000, 'online');
    const item = enqueue('forms', 1);
    upstream.setKeyFault(item.idempotencyKey, 'http-500');
    await waitFor(() => (outbox.get(item.id)?.attempts ?? 0) >= 4, 5000, 'several attempts');
    expect(outbox.get(item.id)).toMatchObject({ status: 'pending', strikes: 0 });
    upstream.setKeyFault(item.idempotencyKey, 'none');
    await waitFor(settled, 5000, 'delivery');
  });

  it('goes offline when the upstream cannot be reached and delivers right away when it returns', async () => {
    const { monitor } = sync({ backoff: { baseMs: 20_000, capMs: 60_000 }, random: () => 0.99 });
    await waitFor(() => monitor.state === 'online', 2000, 'online');
    upstream.setFault('reset');
    const items = [enqueue('forms', 1), enqueue('help', 2)];
    await waitFor(() => monitor.state === 'offline', 5000, 'offline');
    expect(items.map((i) => outbox.get(i.id)?.status)).toEqual(['pending', 'pending']);
    // Backoff alone would wait ~20 s; the return of connectivity must not.
    const healed = Date.now();
    upstream.setFault('none');
    await waitFor(settled, 3000, 'delivery after reconnection');
    expect(Date.now() - healed).toBeLessThan(3000);
    expect(monitor.state).toBe('online');
  });

  it('stop() drains what is due, then aborts a hanging request without counting it as an attempt', async () => {
    const { worker, monitor } = sync({ timeoutMs: 5000 });
    await waitFor(() => monitor.state === 'online', 2000, 'online');
    upstream.setFault('hang', { path: SUBMISSIONS });
    const item = enqueue('forms', 1);
    await waitFor(() => upstream.requests.some((r) => r.path === SUBMISSIONS), 2000, 'the request to reach the upstream');
    const started = Date.now();
    await worker.stop({ drainMs: 200 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(outbox.get(item.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('waitForSettled() reports delivery within the wait, or the pending item after it', async () => {
    const { worker, monitor } = sync();
    await waitFor(() => monitor.state === 'online', 2000, 'online');
    const quick = enqueue('forms', 1);
    expect((await worker.waitForSettled(quick.id, 2000))?.status).toBe('delivered');
    upstream.setFault('http-500', { path: SUBMISSIONS });
    const slow = enqueue('forms', 2);
    expect((await worker.waitForSettled(slow.id, 150))?.status).toBe('pending');
    upstream.setFault('none');
  });
});
