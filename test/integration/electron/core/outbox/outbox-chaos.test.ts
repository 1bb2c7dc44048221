/**
 * Chaos: for a bounded minute, the reference upstream alternates healthy phases with phases of
 * random faults (5xx, hangs, resets, lost responses, slow and malformed bodies) while the
 * terminal keeps queueing submissions on four streams. When it is over and the queue has
 * drained, every item is at the upstream exactly once, each case in order, none failed.
 * OUTBOX_CHAOS_MS shortens or lengthens the run; OUTBOX_CHAOS_SEED replays a schedule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosSchedule, playChaos, seededRandom } from '../../../../upstream/chaos.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { acceptedInStream, openOutbox, startSync, tempDir } from '../../../../support/outbox-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

const CHAOS_MS = Number(process.env.OUTBOX_CHAOS_MS ?? 60_000);
const seed = Number(process.env.OUTBOX_CHAOS_SEED ?? Date.now() % 2 ** 31);
const STREAMS = ['forms', 'commitments', 'evaluations', 'help'];

let upstream: ReferenceUpstream;
let temp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  // Slow bodies outlast the client's timeout, so they end as timeouts after the upstream acted.
  upstream = await startReferenceUpstream({ slowBodyDelayMs: 700 });
  temp = tempDir('outbox-chaos');
});
afterAll(async () => {
  await upstream?.close();
  temp?.remove();
});

describe('outbox under chaos', () => {
  it(`delivers everything exactly once and in order per case (${CHAOS_MS} ms, seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const { outbox, close } = openOutbox(temp.path('kiosk.db'));
    const { worker, monitor } = startSync(outbox, upstream.url, {
      timeoutMs: 400,
      backoff: { baseMs: 50, capMs: 1500 },
      offlineProbeMs: 100,
      onlineProbeMs: 1000,
    });
    const states = new Set<string>();
    monitor.on('change', (change) => states.add(change.state));

    const phases = chaosSchedule({
      durationMs: CHAOS_MS,
      seed,
      faults: ['http-500', 'hang', 'reset', 'lost-response', 'slow-body', 'bad-json', 'bad-shape'],
      phaseMs: [300, 2500],
    });
    const chaos = playChaos(upstream, phases);
    const queued: Array<{ key: string; id: number; n: number; stream: string; orderKey: string }> = [];
    let n = 0;
    const producer = setInterval(() => {
      const stream = STREAMS[Math.floor(random() * STREAMS.length)]!;
      // A handful of cases per stream: order must hold within each, not across them.
      const orderKey = `case-${Math.floor(random() * 6)}`;
      const { item } = outbox.enqueue({ stream, kind: `${stream}.v1`, payload: { n, name: '赵敏', idNumber: '530102198506140034' }, orderKey });
      queued.push({ key: item.idempotencyKey, id: item.id, n, stream, orderKey });
      n += 1;
    }, 25);
    try {
      await chaos.done;
    } finally {
      clearInterval(producer);
      chaos.stop();
    }
    await waitFor(() => outbox.count('pending') === 0, 30_000, `the queue to drain after the chaos (seed ${seed})`);
    await worker.stop();

    expect(queued.length).toBeGreaterThan(CHAOS_MS / 50);
    expect(outbox.list({ status: 'failed' }), `seed ${seed}`).toEqual([]);
    // Exactly once: every queued key accepted, one accepted submission per n, nothing else.
    expect(queued.filter((q) => !upstream.submissions.has(q.key)), `seed ${seed}`).toEqual([]);
    expect(upstream.submissions.size).toBe(queued.length);
    const ns = [...upstream.submissions.values()].map((s) => (s.body as { payload: { n: number } }).payload.n);
    expect(new Set(ns).size).toBe(queued.length);
    // In order within each case.
    const caseOf = new Map(queued.map((q) => [q.n, q.orderKey]));
    for (const stream of STREAMS) {
      for (const orderKey of new Set(queued.filter((q) => q.stream === stream).map((q) => q.orderKey))) {
        const accepted = acceptedInStream(upstream.submissions, stream)
          .map((p) => p.n as number)
          .filter((n) => caseOf.get(n) === orderKey);
        expect(accepted, `${stream}/${orderKey} (seed ${seed})`).toEqual(queued.filter((q) => q.stream === stream && q.orderKey === orderKey).map((q) => q.n));
      }
    }
    expect(upstream.orderViolations).toEqual([]);
    // The terminal's records match the upstream's, and the chaos really hit: replays and outages.
    for (const q of queued) expect(outbox.get(q.id)?.upstreamRef).toBe(upstream.submissions.get(q.key)?.reference);
    expect([...upstream.submissionAttempts.values()].filter((count) => count > 1).length, 'replayed (409) deliveries').toBeGreaterThan(0);
    expect(states.has('offline') || states.has('degraded')).toBe(true);
    close();
  }, CHAOS_MS + 90_000);
});
