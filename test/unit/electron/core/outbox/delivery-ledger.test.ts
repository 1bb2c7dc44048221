import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../../../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { useOutboxDb } from '../../../../support/outbox-test-db.ts';

const t = useOutboxDb('ledger');
const key = new OutboxKey(Buffer.alloc(32, 3));

describe('DeliveryLedger', () => {
  it('gives each stream its oldest pending item, and lists streams with pending items', () => {
    const outbox = new Outbox(t.db(), { keys: key });
    const ids = ['forms', 'help', 'forms', 'evaluations', 'help'].map(
      (stream, n) => outbox.enqueue({ stream, kind: 'k', payload: { n } }).item.id,
    );
    const ledger = outbox.ledger;
    expect(ledger.pendingStreams()).toEqual(['evaluations', 'forms', 'help']);
    expect(ledger.head('forms')?.id).toBe(ids[0]);
    ledger.markDelivered(ids[0]!, 'SUB-1', new Date().toISOString());
    expect(ledger.head('forms')?.id).toBe(ids[2]);
    ledger.markFailed(ids[2]!, 'rejected', new Date().toISOString());
    expect(ledger.head('forms')).toBeUndefined();
    expect(ledger.pendingStreams()).toEqual(['evaluations', 'help']);
  });

  it('records retries with strikes and backoff, and a settled item cannot be settled again', () => {
    const outbox = new Outbox(t.db(), { keys: key });
    const settled: string[] = [];
    outbox.on('settled', (item) => settled.push(`${item.id}:${item.status}`));
    const { id } = outbox.enqueue({ stream: 'forms', kind: 'k', payload: {} }).item;
    const ledger = outbox.ledger;
    ledger.markRetry(id, { attemptedAt: '2025-01-01T00:00:00.000Z', nextAttemptAt: '2025-01-01T00:00:02.000Z', strike: true, error: 'upstream error 500' });
    ledger.markRetry(id, { attemptedAt: '2025-01-01T00:00:02.000Z', nextAttemptAt: '2025-01-01T00:00:05.000Z', strike: false, error: 'timeout' });
    expect(outbox.get(id)).toMatchObject({ attempts: 2, strikes: 1, nextAttemptAt: '2025-01-01T00:00:05.000Z', lastError: 'timeout' });
    expect(ledger.resetBackoff()).toBe(1);
    expect(outbox.get(id)?.nextAttemptAt).toBeUndefined();
    ledger.markDelivered(id, 'SUB-9', '2025-01-01T00:00:06.000Z');
    ledger.markDelivered(id, 'SUB-10', '2025-01-01T00:00:07.000Z');
    ledger.markFailed(id, 'late failure', '2025-01-01T00:00:08.000Z');
    expect(outbox.get(id)).toMatchObject({ status: 'delivered', upstreamRef: 'SUB-9', attempts: 3 });
    expect(outbox.get(id)?.lastError).toBeUndefined();
    expect(settled).toEqual([`${id}:delivered`]);
  });

  it('tells a row sealed with another key from a damaged one', () => {
    const outbox = new Outbox(t.db(), { keys: key });
    const stranger = new Outbox(t.db(), { keys: new OutboxKey(Buffer.alloc(32, 4)) });
    stranger.enqueue({ stream: 'forms', kind: 'k', payload: { secret: 1 } });
    const foreign = outbox.ledger.open(outbox.ledger.head('forms')!);
    expect(foreign).toMatchObject({ ok: false, problem: 'unknown-key' });
    expect(JSON.stringify(foreign)).toMatch(/sealed with key k-[0-9a-f]{12}, which this terminal does not hold/);

    const { id } = outbox.enqueue({ stream: 'help', kind: 'k', payload: { secret: 2 } }).item;
    t.db().prepare('UPDATE outbox SET payload = ? WHERE id = ?').run(Buffer.alloc(60, 1), id);
    expect(outbox.ledger.open(outbox.ledger.head('help')!)).toMatchObject({ ok: false, problem: 'damaged' });

    // A sealed payload copied onto another row does not open there either (AAD binding).
    const { id: other } = outbox.enqueue({ stream: 'help', kind: 'k', payload: { secret: 3 } }).item;
    const sealed = t.db().prepare('SELECT payload FROM outbox WHERE id = ?').get(other) as { payload: Buffer };
    const { id: victim } = outbox.enqueue({ stream: 'tips', kind: 'k', payload: { secret: 4 } }).item;
    t.db().prepare('UPDATE outbox SET payload = ? WHERE id = ?').run(sealed.payload, victim);
    expect(outbox.ledger.open(outbox.ledger.head('tips')!)).toMatchObject({ ok: false, problem: 'damaged' });
  });

  it('offers next the oldest due item that is first in its case; a held item keeps its case waiting', () => {
    const outbox = new Outbox(t.db(), { keys: key });
    const add = (n: number, orderKey?: string) => outbox.enqueue({ stream: 'forms', kind: 'k', payload: { n }, ...(orderKey ? { orderKey } : {}) }).item.id;
    const [a1, a2, b1, free] = [add(1, 'case-a'), add(2, 'case-a'), add(3, 'case-b'), add(4)];
    const ledger = outbox.ledger;
    const now = '2025-01-01T00:00:00.000Z';
    expect(ledger.next('forms', now)?.id).toBe(a1);
    // a1 backs off: a2 waits behind it (same case), b1 is next.
    ledger.markRetry(a1!, { attemptedAt: now, nextAttemptAt: '2025-01-01T00:00:10.000Z', strike: true, error: 'HTTP 500' });
    expect(ledger.next('forms', now)?.id).toBe(b1);
    expect(ledger.nextDueAt('forms')).toBe('2025-01-01T00:00:10.000Z');
    // The item that just failed is offered last, and only when nothing else is due.
    expect(ledger.next('forms', '2025-01-01T00:00:10.000Z', { skip: a1! })?.id).toBe(b1);
    ledger.markDelivered(b1!, 'SUB-1', now);
    expect(ledger.next('forms', now)?.id).toBe(free);
    ledger.markDelivered(free!, 'SUB-2', now);
    expect(ledger.next('forms', now)).toBeUndefined();
    expect(ledger.next('forms', '2025-01-01T00:00:10.000Z', { skip: a1! })?.id).toBe(a1);
    // Held (no key): never offered, and its case-mate stays behind it.
    expect(ledger.next('forms', '2025-01-01T00:00:10.000Z', { held: [a1!] })).toBeUndefined();
    ledger.markDelivered(a1!, 'SUB-3', now);
    expect(ledger.next('forms', now)?.id).toBe(a2);
  });
});
