/**
 * Disk full, emulated with SQLite's own size limit (PRAGMA max_page_count), which makes SQLite
 * fail exactly as on a full disk (SQLITE_FULL). The outbox refuses new submissions a little
 * before that point, keeping room to deliver what is queued; if SQLite runs out anyway, the
 * refusal is the same. Either way nothing already queued is lost.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import { queueEvaluation } from '../../../../../electron/core/evaluation/evaluations.ts';
import { OutboxError, OutboxFullError } from '../../../../../electron/core/outbox/outbox-errors.ts';
import { ServiceTally } from '../../../../../electron/core/evaluation/service-tally.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { openOutbox, startSync, tempDir } from '../../../../support/outbox-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

let upstream: ReferenceUpstream;
let temp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  upstream = await startReferenceUpstream();
  temp = tempDir('outbox-full');
});
afterEach(async () => {
  await upstream.close();
  temp.remove();
});

const form = (n: number) => ({ stream: 'forms', kind: 'form.v1', payload: { n, name: '孙丽', address: '昆明市五华区某路'.repeat(20) } });

describe('outbox on a full disk', () => {
  it('refuses new submissions with OutboxFullError, keeps and delivers everything already queued', async () => {
    const alerts = new AlertBoard();
    const { db, outbox, close } = openOutbox(temp.path('kiosk.db'), { reserve: { pages: 16 }, alerts });
    const tally = new ServiceTally(db);
    for (let n = 0; n < 20; n += 1) outbox.enqueue(form(n));
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 20}`);

    const acked: number[] = [];
    let refusal: unknown;
    for (let n = 20; n < 1000 && refusal === undefined; n += 1) {
      try {
        acked.push(outbox.enqueue(form(n)).item.id);
      } catch (error) {
        refusal = error;
      }
    }
    expect(refusal).toBeInstanceOf(OutboxFullError);
    expect((refusal as OutboxError).code).toBe('storage-full');
    // Staff see it on the overview and the fleet in the heartbeat, not only in the log.
    expect(alerts.get('outbox-storage-full')).toMatchObject({ kind: 'disk-full', severity: 'critical' });
    expect((refusal as Error).message).toBe(
      'storage is full: the submission was not saved (items already queued are kept); free disk space or deliver the queue',
    );

    // Refused again, every time, evaluations too, and the tally stays consistent with the queue.
    expect(() => outbox.enqueue(form(2000))).toThrow(OutboxFullError);
    expect(() =>
      queueEvaluation(outbox, tally, { serviceId: 'credit-query', transactionId: 'TX-FULL-0001', rating: 1, reasons: ['slow'] }),
    ).toThrow(OutboxFullError);
    expect(tally.month(tally.monthOf())).toEqual([]);
    expect(outbox.count('pending')).toBe(20 + acked.length);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);

    // Delivery only updates rows in place: it works on the full disk.
    const { worker } = startSync(outbox, upstream.url);
    await waitFor(() => outbox.count('pending') === 0, 10_000, 'the queue to drain on a full disk');
    expect(upstream.submissions.size).toBe(20 + acked.length);
    expect(outbox.count('delivered')).toBe(20 + acked.length);
    await worker.stop();

    // Space comes back: submissions are accepted again.
    db.pragma('max_page_count = 1073741823');
    expect(outbox.enqueue(form(3000)).item.status).toBe('pending');
    expect(alerts.get('outbox-storage-full')).toBeUndefined();
    close();
  });

  it('a real SQLITE_FULL is the same refusal, leaves no partial row, and the database stays intact', () => {
    const path = temp.path('kiosk.db');
    // No reserve: SQLite itself must hit the limit.
    const first = openOutbox(path, { reserve: { pages: 0, bytes: 0 } });
    first.outbox.enqueue(form(0));
    first.db.pragma(`max_page_count = ${first.db.pragma('page_count', { simple: true }) as number}`);
    const big = { stream: 'forms', kind: 'form.v1', payload: { blob: 'x'.repeat(40_000) } };
    let refusal: unknown;
    try {
      first.outbox.enqueue(big);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OutboxFullError);
    expect((refusal as Error & { cause: { code: string } }).cause.code).toBe('SQLITE_FULL');
    expect(first.db.inTransaction).toBe(false);
    first.close();

    const second = openOutbox(path);
    expect(second.outbox.list({ status: 'pending' }).map((item) => item.id)).toEqual([1]);
    expect(second.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(second.outbox.enqueue(big).item.id).toBe(2);
    second.close();
  });

  it('with a healthy upstream, a disk too full to record deliveries keeps requests bounded, the network online, and an alert up', async () => {
    const { db, outbox, close } = openOutbox(temp.path('kiosk.db'), { reserve: { pages: 0, bytes: 0 } });
    const items = Array.from({ length: 60 }, (_, n) => outbox.enqueue(form(n)).item);
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    // Full: recording "delivered" grows rows and index pages, which now needs pages SQLite may not take.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const alerts = new AlertBoard();
    const { worker, monitor } = startSync(outbox, upstream.url, { alerts });
    const states: string[] = [];
    monitor.on('change', (change) => states.push(change.state));
    await waitFor(() => alerts.get('outbox-disk-full') !== undefined, 10_000, 'the disk-full alert');
    expect(alerts.get('outbox-disk-full')).toMatchObject({ kind: 'disk-full', severity: 'critical' });

    // Requests per second stay bounded however often the lanes are poked meanwhile.
    const submissions = () => upstream.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/submissions').length;
    const before = submissions();
    const poker = setInterval(() => worker.wake(), 5);
    // A rate against a real HTTP server over real SQLite needs a real window: the worker's sleeps use
    // the process timers (only its `now` can be injected), and the pokes must race them for real.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    clearInterval(poker);
    const perSecond = (submissions() - before) / 3;
    expect(perSecond).toBeLessThanOrEqual(2);
    expect(states).not.toContain('degraded');
    expect(states).not.toContain('offline');
    expect(monitor.state).toBe('online');
    expect(outbox.count('pending')).toBeGreaterThan(0);
    expect(outbox.count('failed')).toBe(0);

    // Space comes back: everything is recorded as delivered, exactly once at the upstream, and the alert goes.
    db.pragma('max_page_count = 1073741823');
    await waitFor(() => outbox.count('pending') === 0, 15_000, 'the queue to drain once space is back');
    expect(items.every((item) => upstream.submissions.has(item.idempotencyKey))).toBe(true);
    expect(upstream.submissions.size).toBe(items.length);
    expect(alerts.get('outbox-disk-full')).toBeUndefined();
    await worker.stop();
    close();
  }, 30_000);
});
