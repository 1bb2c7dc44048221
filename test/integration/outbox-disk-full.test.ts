/**
 * Disk full, emulated with SQLite's own size limit (PRAGMA max_page_count), which makes SQLite
 * fail exactly as on a full disk (SQLITE_FULL). The outbox refuses new submissions a little
 * before that point, keeping room to deliver what is queued; if SQLite runs out anyway, the
 * refusal is the same. Either way nothing already queued is lost.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueEvaluation } from '../../electron/core/outbox/evaluations.ts';
import { OutboxError, OutboxFullError } from '../../electron/core/outbox/outbox-errors.ts';
import { ServiceTally } from '../../electron/core/outbox/service-tally.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../upstream/reference-upstream.ts';
import { openOutbox, startSync, tempDir, waitUntil } from './outbox-fixture.ts';

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
    const { db, outbox, close } = openOutbox(temp.path('kiosk.db'), { reserve: { pages: 16 } });
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
    await waitUntil(() => outbox.count('pending') === 0, 10_000, 'the queue to drain on a full disk');
    expect(upstream.submissions.size).toBe(20 + acked.length);
    expect(outbox.count('delivered')).toBe(20 + acked.length);
    await worker.stop();

    // Space comes back: submissions are accepted again.
    db.pragma('max_page_count = 1073741823');
    expect(outbox.enqueue(form(3000)).item.status).toBe('pending');
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
});
