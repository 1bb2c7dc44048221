/**
 * The terminal starts with another encryption key than the one its queued items were sealed
 * with (key file lost or replaced): those items are reported and kept, never sent, never deleted,
 * never marked failed; their stream waits (order), other streams go on. With the right key back,
 * everything is delivered. The key itself never appears in a log line.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxKey } from '../../electron/core/outbox/outbox-key.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../upstream/reference-upstream.ts';
import { acceptedInStream, captureLogger, openOutbox, startSync, tempDir, waitUntil } from './outbox-fixture.ts';

let upstream: ReferenceUpstream;
let temp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  upstream = await startReferenceUpstream();
  temp = tempDir('outbox-key');
});
afterEach(async () => {
  await upstream.close();
  temp.remove();
});

const keyA = new OutboxKey(Buffer.alloc(32, 0xa1));
const keyB = new OutboxKey(Buffer.alloc(32, 0xb2));

describe('outbox with the wrong key', () => {
  it('holds the items it cannot open, keeps serving other streams, and delivers all once the key is back', async () => {
    const path = temp.path('kiosk.db');
    const before = openOutbox(path, { keys: keyA });
    const old = [1, 2, 3].map((n) => before.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n, name: '周杰' } }).item);
    before.close();

    // Restart with key B.
    const { logger, lines } = captureLogger();
    const wrong = openOutbox(path, { keys: keyB });
    expect(wrong.outbox.keyReport()).toEqual({ undecryptable: 3, unknownKeyIds: [keyA.id] });
    const sync = startSync(wrong.outbox, upstream.url, { logger });
    const other = wrong.outbox.enqueue({ stream: 'evaluations', kind: 'evaluation.v1', payload: { rating: 5 } }).item;
    const behind = wrong.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 4, name: '周杰' } }).item;
    await waitUntil(() => wrong.outbox.get(other.id)?.status === 'delivered', 5000, 'the other stream');
    await waitUntil(() => sync.worker.heldStreams.includes('forms'), 5000, 'the forms stream to be held');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sync.worker.stop();

    expect([...old, behind].map((item) => wrong.outbox.get(item.id)?.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(wrong.outbox.get(old[0]!.id)?.attempts).toBe(0);
    expect(wrong.outbox.count('failed')).toBe(0);
    expect(acceptedInStream(upstream.submissions, 'forms')).toEqual([]);
    const log = lines.join('\n');
    expect(log).toContain('"message":"outbox key mismatch: undelivered submissions kept but not sent","items":3');
    expect(log).toContain(`"keyIds":["${keyA.id}"]`);
    expect(log).toContain('"message":"outbox stream held: its next item was sealed with another key","stream":"forms"');
    for (const key of [keyA, keyB]) expect(log).not.toContain(key.material().toString('hex'));
    wrong.close();

    // Restart with B current and A as a previous key (e.g. the old key file restored).
    const fixed = openOutbox(path, { keys: { current: keyB, previous: [keyA] } });
    expect(fixed.outbox.keyReport().undecryptable).toBe(0);
    const again = startSync(fixed.outbox, upstream.url);
    await waitUntil(() => fixed.outbox.count('pending') === 0, 5000, 'everything to be delivered');
    await again.worker.stop();
    expect(acceptedInStream(upstream.submissions, 'forms').map((p) => p.n)).toEqual([1, 2, 3, 4]);
    expect(upstream.orderViolations).toEqual([]);
    fixed.close();
  });
});
