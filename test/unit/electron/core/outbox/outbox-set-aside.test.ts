/**
 * Setting aside items no key here opens (issue 10): they become failed, stay in the database,
 * are counted apart from the items still waiting for their key, are marked on their item, and a
 * staff member's requeue or acknowledgement keeps the count honest. Items of a known key are
 * never touched.
 */
import { describe, expect, it } from 'vitest';
import { isSetAside, Outbox } from '../../../../../electron/core/outbox/outbox.ts';
import { OutboxError } from '../../../../../electron/core/outbox/outbox-errors.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { manualClock, useOutboxDb } from '../../../../support/outbox-test-db.ts';

const t = useOutboxDb('outbox-set-aside');
const lost = new OutboxKey(Buffer.alloc(32, 9));
const here = new OutboxKey(Buffer.alloc(32, 7));

function seeded() {
  const clock = manualClock();
  const before = new Outbox(t.db(), { keys: lost, now: clock.now });
  const old = [1, 2].map((n) => before.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n } }).item);
  const outbox = new Outbox(t.db(), { keys: here, now: clock.now });
  const fresh = outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 3 } }).item;
  return { outbox, old, fresh };
}

describe('Outbox.setAsideUnreadable', () => {
  it('fails only the items no key opens, keeps them, counts them apart from the undecryptable ones', () => {
    const { outbox, old, fresh } = seeded();
    expect(outbox.keyReport()).toEqual({ undecryptable: 2, unknownKeyIds: [lost.id] });
    expect(outbox.countSetAside()).toBe(0);

    expect(outbox.setAsideUnreadable('staff')).toBe(2);
    expect(old.map((item) => outbox.get(item.id)?.status)).toEqual(['failed', 'failed']);
    expect(outbox.get(fresh.id)?.status).toBe('pending');
    expect(outbox.countSetAside()).toBe(2);
    expect(outbox.keyReport()).toEqual({ undecryptable: 0, unknownKeyIds: [] });
    expect(isSetAside(outbox.get(old[0]!.id)!)).toBe(true);
    expect(isSetAside(outbox.get(fresh.id)!)).toBe(false);
    expect(outbox.setAsideUnreadable('staff')).toBe(0);
  });

  it('an acknowledged set-aside item stays counted; one sent again waits for its key once more', () => {
    const { outbox, old } = seeded();
    outbox.setAsideUnreadable('staff');
    const acknowledged = outbox.acknowledge(old[0]!.id, 'staff');
    expect(acknowledged.status).toBe('acknowledged');
    expect(isSetAside(acknowledged)).toBe(true);
    expect(outbox.countSetAside()).toBe(2);

    const requeued = outbox.requeue(old[1]!.id, 'staff');
    expect(requeued.status).toBe('pending');
    expect(isSetAside(requeued)).toBe(false);
    expect(outbox.countSetAside()).toBe(1);
    expect(outbox.keyReport()).toEqual({ undecryptable: 1, unknownKeyIds: [lost.id] });
  });

  it('an item refused by the upstream is not counted as set aside', () => {
    const { outbox, fresh } = seeded();
    outbox.ledger.markFailed(fresh.id, 'sealed with key nobody, says the upstream', new Date().toISOString(), { attempted: true });
    expect(outbox.get(fresh.id)?.status).toBe('failed');
    expect(isSetAside(outbox.get(fresh.id)!)).toBe(false);
    expect(outbox.countSetAside()).toBe(0);
  });

  it('refuses a missing staff id, changing nothing', () => {
    const { outbox } = seeded();
    expect(() => outbox.setAsideUnreadable('')).toThrow(OutboxError);
    expect(outbox.keyReport().undecryptable).toBe(2);
  });
});
