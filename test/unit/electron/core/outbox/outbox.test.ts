import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../../../electron/core/outbox/outbox.ts';
import { OutboxError } from '../../../../../electron/core/outbox/outbox-errors.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { manualClock, useOutboxDb } from '../../../../support/outbox-test-db.ts';

const t = useOutboxDb('outbox');
const key = new OutboxKey(Buffer.alloc(32, 7));
const citizen = { name: '李娜', idNumber: '530102198506140034', phone: '13800000000' };
const DAY = 86_400_000;

function make(options: { retentionMs?: number } = {}) {
  const clock = manualClock();
  const lines: string[] = [];
  const logger = {
    debug: () => {},
    info: (m: string, f?: object) => lines.push(`${m} ${JSON.stringify(f)}`),
    warn: (m: string, f?: object) => lines.push(`${m} ${JSON.stringify(f)}`),
    error: (m: string, f?: object) => lines.push(`${m} ${JSON.stringify(f)}`),
    child: () => logger,
  };
  const outbox = new Outbox(t.db(), { keys: key, now: clock.now, logger, ...options });
  return { outbox, clock, lines };
}

const rawPayload = (id: number) => (t.db().prepare('SELECT payload FROM outbox WHERE id = ?').get(id) as { payload: Buffer }).payload;

describe('Outbox.enqueue', () => {
  it('commits a sealed row with a UUID v4 key, the creation time and the key id', () => {
    const { outbox, clock } = make();
    const { item, duplicate } = outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: citizen });
    expect(duplicate).toBe(false);
    expect(item).toMatchObject({ stream: 'forms', kind: 'form.v1', status: 'pending', attempts: 0, strikes: 0, keyId: key.id });
    expect(item.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(item.createdAt).toBe(clock.now().toISOString());
    const stored = rawPayload(item.id);
    expect(stored.includes(Buffer.from(citizen.idNumber))).toBe(false);
    expect(stored.includes(Buffer.from('李娜'))).toBe(false);
    expect(outbox.ledger.open(outbox.ledger.head('forms')!)).toEqual({ ok: true, payload: citizen });
  });

  it('restores the connection to synchronous=NORMAL after its FULL transaction', () => {
    const { outbox } = make();
    outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: {} });
    expect(t.db().pragma('synchronous', { simple: true })).toBe(1);
  });

  it('announces new items but not duplicates', () => {
    const { outbox } = make();
    const seen: number[] = [];
    outbox.on('enqueued', (item) => seen.push(item.id));
    const first = outbox.enqueue({ stream: 'evaluations', kind: 'evaluation.v1', payload: { rating: 5 }, idempotencyKey: 'eval-TX00000001' });
    const again = outbox.enqueue({ stream: 'evaluations', kind: 'evaluation.v1', payload: { rating: 1 }, idempotencyKey: 'eval-TX00000001' });
    expect(again).toEqual({ item: first.item, duplicate: true });
    expect(seen).toEqual([first.item.id]);
    expect(outbox.ledger.open(outbox.ledger.head('evaluations')!)).toEqual({ ok: true, payload: { rating: 5 } });
  });

  it('runs the caller’s statement in the same transaction, and rolls both back together', () => {
    const { outbox } = make();
    t.db().exec('CREATE TABLE side (n INTEGER)');
    outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: {} }, { alsoInTransaction: () => t.db().exec('INSERT INTO side VALUES (1)') });
    expect(() =>
      outbox.enqueue(
        { stream: 'forms', kind: 'form.v1', payload: {} },
        {
          alsoInTransaction: () => {
            t.db().exec('INSERT INTO side VALUES (2)');
            throw new Error('tally failed');
          },
        },
      ),
    ).toThrow('tally failed');
    expect(t.db().prepare('SELECT n FROM side').all()).toEqual([{ n: 1 }]);
    expect(outbox.count('pending')).toBe(1);
  });

  it.each([
    ['a bad stream name', { stream: 'Forms!', kind: 'k', payload: {} }, /invalid stream name/],
    ['a bad kind', { stream: 'forms', kind: '', payload: {} }, /invalid kind/],
    ['a short idempotency key', { stream: 'forms', kind: 'k', payload: {}, idempotencyKey: 'abc' }, /8-128 URL-safe/],
    ['an empty order key', { stream: 'forms', kind: 'k', payload: {}, orderKey: '' }, /an order key must be 1-128 URL-safe characters/],
    ['an order key with spaces (a name, say)', { stream: 'forms', kind: 'k', payload: {}, orderKey: '王 芳' }, /an order key must be 1-128 URL-safe characters/],
    ['an unserialisable payload', { stream: 'forms', kind: 'k', payload: undefined }, /not JSON-serialisable/],
    ['a circular payload', { stream: 'forms', kind: 'k', payload: (() => { const o: Record<string, unknown> = {}; o.o = o; return o; })() }, /not JSON-serialisable/],
    ['a too large payload', { stream: 'forms', kind: 'k', payload: { blob: 'x'.repeat(60_000) } }, /too large/],
  ])('refuses %s and writes nothing', (_label, request, message) => {
    const { outbox } = make();
    expect(() => outbox.enqueue(request)).toThrow(OutboxError);
    expect(() => outbox.enqueue(request)).toThrow(message);
    expect(outbox.count('pending')).toBe(0);
  });

  it('refuses a key reused for another stream', () => {
    const { outbox } = make();
    outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: {}, idempotencyKey: 'shared-key-001' });
    expect(() => outbox.enqueue({ stream: 'help', kind: 'help.v1', payload: {}, idempotencyKey: 'shared-key-001' })).toThrow(
      /already used by another submission/,
    );
  });

  it('refuses new submissions once closed', () => {
    const { outbox } = make();
    outbox.close();
    expect(() => outbox.enqueue({ stream: 'forms', kind: 'k', payload: {} })).toThrow(/shutting down/);
  });
});

describe('maintenance: list, acknowledge, requeue', () => {
  function withFailed() {
    const made = make();
    const { outbox, clock } = made;
    const a = outbox.enqueue({ stream: 'forms', kind: 'k', payload: { n: 1 } }).item;
    const b = outbox.enqueue({ stream: 'forms', kind: 'k', payload: { n: 2 } }).item;
    outbox.ledger.markFailed(a.id, 'POST /api/v1/submissions: rejected (400): form incomplete', clock.now().toISOString());
    return { ...made, a, b };
  }

  it('lists by status without payloads, oldest first', () => {
    const { outbox, a, b } = withFailed();
    expect(outbox.list({ status: 'failed' }).map((i) => i.id)).toEqual([a.id]);
    expect(outbox.list({ status: 'pending' }).map((i) => i.id)).toEqual([b.id]);
    expect(outbox.list({ status: 'failed' })[0]).toMatchObject({ lastError: expect.stringContaining('form incomplete') });
    expect(JSON.stringify(outbox.list({ status: 'failed' }))).not.toContain('payload');
  });

  it('acknowledging keeps the item, records who, and is idempotent', () => {
    const { outbox, a, lines } = withFailed();
    const acked = outbox.acknowledge(a.id, 'staff-007');
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'staff-007' });
    expect(outbox.acknowledge(a.id, 'staff-008').acknowledgedBy).toBe('staff-007');
    expect(outbox.list({ status: 'failed' })).toEqual([]);
    expect(outbox.list({ status: 'acknowledged' }).map((i) => i.id)).toEqual([a.id]);
    expect(lines.filter((l) => l.startsWith('outbox item acknowledged'))).toHaveLength(1);
  });

  it('refuses to acknowledge what is not failed, an unknown id, or without a staff id', () => {
    const { outbox, a, b } = withFailed();
    expect(() => outbox.acknowledge(b.id, 'staff-007')).toThrow(`outbox item ${b.id} is pending: only failed items can be acknowledged`);
    expect(() => outbox.acknowledge(999, 'staff-007')).toThrow('no outbox item 999');
    expect(() => outbox.acknowledge(a.id, '')).toThrow(/staff id/);
  });

  it('requeue puts a failed item back at its place in the stream, with fresh counters', () => {
    const { outbox, a } = withFailed();
    const requeued = outbox.requeue(a.id, 'staff-007');
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0, strikes: 0 });
    expect(requeued.lastError).toMatch(/^requeued by staff-007; before: .*form incomplete/);
    expect(outbox.ledger.head('forms')?.id).toBe(a.id);
  });
});

describe('retention purge', () => {
  it('empties payloads of items delivered longer ago than the retention, keeps the rows and logs the count', () => {
    const { outbox, clock, lines } = make({ retentionMs: 7 * DAY });
    const old = outbox.enqueue({ stream: 'forms', kind: 'k', payload: citizen }).item;
    const recent = outbox.enqueue({ stream: 'forms', kind: 'k', payload: citizen }).item;
    const pending = outbox.enqueue({ stream: 'forms', kind: 'k', payload: citizen }).item;
    outbox.ledger.markDelivered(old.id, 'SUB-1', clock.now().toISOString());
    clock.advance(3 * DAY);
    outbox.ledger.markDelivered(recent.id, 'SUB-2', clock.now().toISOString());
    clock.advance(4 * DAY);

    expect(outbox.purgeExpired()).toBe(1);
    expect(outbox.get(old.id)).toMatchObject({ status: 'delivered', upstreamRef: 'SUB-1', purgedAt: clock.now().toISOString() });
    expect(rawPayload(old.id).length).toBe(0);
    expect(rawPayload(recent.id).length).toBeGreaterThan(0);
    expect(rawPayload(pending.id).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('outbox personal data purged {"items":1,"retentionDays":7}'))).toBe(true);
    expect(outbox.purgeExpired()).toBe(0);
  });

  it('zeroes the purged payload in the database file itself, not just in the row', () => {
    const { outbox, clock } = make({ retentionMs: DAY });
    const item = outbox.enqueue({ stream: 'forms', kind: 'k', payload: citizen }).item;
    const sealed = Buffer.from(rawPayload(item.id));
    outbox.ledger.markDelivered(item.id, 'SUB-1', clock.now().toISOString());
    clock.advance(2 * DAY);
    expect(outbox.purgeExpired()).toBe(1);
    t.db().pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(t.dir(), 'kiosk.db'));
    expect(file.includes(sealed.subarray(13, 45))).toBe(false);
    expect(t.db().pragma('secure_delete', { simple: true })).toBe(0);
  });

  it('keeps failed items until acknowledged, then purges them after the retention too', () => {
    const { outbox, clock } = make({ retentionMs: DAY });
    const item = outbox.enqueue({ stream: 'forms', kind: 'k', payload: citizen }).item;
    outbox.ledger.markFailed(item.id, 'rejected', clock.now().toISOString());
    clock.advance(30 * DAY);
    expect(outbox.purgeExpired()).toBe(0);
    outbox.acknowledge(item.id, 'staff-007');
    clock.advance(DAY);
    expect(outbox.purgeExpired()).toBe(1);
    expect(() => outbox.requeue(item.id, 'staff-007')).toThrow(/payload was purged/);
    expect(outbox.get(item.id)?.status).toBe('acknowledged');
  });
});

describe('key report', () => {
  it('counts undelivered rows sealed with keys this outbox does not hold', () => {
    const { outbox } = make();
    outbox.enqueue({ stream: 'forms', kind: 'k', payload: {} });
    const other = new Outbox(t.db(), { keys: new OutboxKey(Buffer.alloc(32, 9)) });
    other.enqueue({ stream: 'forms', kind: 'k', payload: {} });
    other.enqueue({ stream: 'help', kind: 'k', payload: {} });
    expect(outbox.keyReport()).toEqual({ undecryptable: 2, unknownKeyIds: [new OutboxKey(Buffer.alloc(32, 9)).id] });
    const both = new Outbox(t.db(), { keys: { current: key, previous: [new OutboxKey(Buffer.alloc(32, 9))] } });
    expect(both.keyReport()).toEqual({ undecryptable: 0, unknownKeyIds: [] });
  });

  it('numbers new items above the sequence ledger\'s mark, so sequences never go backwards after a replaced database', async () => {
    const { SequenceLedger } = await import('../../../../../electron/core/outbox/sequence-ledger.ts');
    const ledger = new SequenceLedger(join(t.dir(), 'outbox-sequence.json'));
    ledger.acknowledged(41);
    const outbox = new Outbox(t.db(), { keys: new OutboxKey(Buffer.alloc(32, 7)), sequenceLedger: ledger });
    const [first, second] = outbox.enqueueMany([
      { stream: 'forms', kind: 'k', payload: {}, orderKey: 'case-1' },
      { stream: 'forms', kind: 'k', payload: {} },
    ]);
    expect([first!.item.id, second!.item.id]).toEqual([42, 43]);
    expect(first!.item.orderKey).toBe('case-1');
    expect(second!.item).not.toHaveProperty('orderKey');
    expect(ledger.marks.acknowledged).toBe(43);
    ledger.flush();
    expect(ledger.lastWriteError).toBeUndefined();
    expect(JSON.parse(readFileSync(join(t.dir(), 'outbox-sequence.json'), 'utf8'))).toMatchObject({ acknowledged: 43 });
  });
});
