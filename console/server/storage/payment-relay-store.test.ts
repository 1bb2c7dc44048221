import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/logging/logger.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { RelayCountWriter } from '../payment-relay/relay-counts.ts';
import { migrateTo, migrateToLatest } from './migrations.ts';
import { hourOf, PaymentRelayStore, type RelayCountDelta } from './payment-relay-store.ts';

afterAll(stopTestPostgres);

const delta = (terminalId: string, channel: string, hour: string, d: Partial<RelayCountDelta>): RelayCountDelta => ({ terminalId, channel, hour, forwarded: 0, failed: 0, refused: 0, lastForwardedAt: null, ...d });

describe.each(DIALECTS)('payment relay counts on %s', (dialect) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('adds per terminal, channel and hour; sums the recent hours and all of them; keeps the latest forwarded time', async () => {
    t = await openTestDatabase(dialect);
    const store = new PaymentRelayStore(t.db);
    await store.add([
      delta('KM-0001', 'alipay', '2026-12-03T08', { forwarded: 2, refused: 1, lastForwardedAt: '2026-12-03T08:40:00.000Z' }),
      delta('KM-0001', 'wechat-pay', '2026-12-05T09', { forwarded: 1, failed: 2, lastForwardedAt: '2026-12-05T09:10:00.000Z' }),
      delta('KM-0002', 'alipay', '2026-12-05T09', { forwarded: 7, lastForwardedAt: '2026-12-05T09:59:00.000Z' }),
    ]);
    await store.add([
      delta('KM-0001', 'alipay', '2026-12-05T09', { forwarded: 1, lastForwardedAt: '2026-12-05T09:05:00.000Z' }),
      // A delta written late by another instance with an older time: the later one stays.
      delta('KM-0001', 'wechat-pay', '2026-12-05T09', { forwarded: 1, lastForwardedAt: '2026-12-05T09:01:00.000Z' }),
      delta('KM-0001', 'wechat-pay', '2026-12-05T09', { refused: 3 }),
    ]);
    expect(await store.forTerminal('KM-0001', '2026-12-04T10')).toEqual([
      { channel: 'alipay', recent: { forwarded: 1, failed: 0, refused: 0 }, total: { forwarded: 3, failed: 0, refused: 1 }, lastForwardedAt: '2026-12-05T09:05:00.000Z', firstHour: '2026-12-03T08' },
      { channel: 'wechat-pay', recent: { forwarded: 2, failed: 2, refused: 3 }, total: { forwarded: 2, failed: 2, refused: 3 }, lastForwardedAt: '2026-12-05T09:10:00.000Z', firstHour: '2026-12-05T09' },
    ]);
    expect(await store.forTerminal('KM-9999', '2026-12-04T10')).toEqual([]);

    await store.add([], [{ reason: 'wrong-tag', hour: '2026-12-01T00', count: 4 }, { reason: 'wrong-tag', hour: '2026-12-05T09', count: 2 }]);
    await store.add([], [{ reason: 'wrong-tag', hour: '2026-12-05T09', count: 1 }, { reason: 'refusals-limited', hour: '2026-12-05T09', count: 9 }]);
    expect(await store.unattributed('2026-12-04T10')).toEqual([
      { reason: 'refusals-limited', recent: 9, total: 9 },
      { reason: 'wrong-tag', recent: 3, total: 7 },
    ]);
  });

  it('counts exactly when concurrent writes add to the same rows (two instances on PostgreSQL)', async () => {
    t = await openTestDatabase(dialect);
    // Several instances share PostgreSQL only; a SQLite console is one instance with one connection.
    const other = dialect === 'postgres' ? t.open() : t.db;
    try {
      const stores = [new PaymentRelayStore(t.db), new PaymentRelayStore(other)];
      await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.add([delta('KM-0001', 'alipay', '2026-12-05T09', { forwarded: 1, lastForwardedAt: `2026-12-05T09:${String(i).padStart(2, '0')}:00.000Z` })], [{ reason: 'wrong-tag', hour: '2026-12-05T09', count: 1 }])));
      const [row] = await stores[0]!.forTerminal('KM-0001', '2026-12-05T00');
      expect([row?.total.forwarded, row?.lastForwardedAt]).toEqual([40, '2026-12-05T09:39:00.000Z']);
      expect(await stores[1]!.unattributed('2026-12-05T00')).toEqual([{ reason: 'wrong-tag', recent: 40, total: 40 }]);
    } finally {
      if (other !== t.db) await other.destroy();
    }
  });

  it('migration 010 adds the tables to a database an older console left, and nothing else changes', async () => {
    t = await openTestDatabase(dialect, { migrate: false });
    await migrateTo(t.db, dialect, '009-report-site');
    await sql`INSERT INTO terminals (id, first_seen_at) VALUES ('KM-0001', '2026-12-01T00:00:00.000Z')`.execute(t.db);
    expect(await migrateToLatest(t.db, dialect)).toContain('010-payment-relay-counts');
    const store = new PaymentRelayStore(t.db);
    await store.add([delta('KM-0001', 'alipay', '2026-12-05T09', { forwarded: 1 })]);
    expect((await store.forTerminal('KM-0001', '2026-12-05T00'))[0]?.total).toEqual({ forwarded: 1, failed: 0, refused: 0 });
    expect((await t.db.selectFrom('terminals').select('id').execute()).map((r) => r.id)).toEqual(['KM-0001']);
  });

  it('writes behind: a burst becomes few writes with exact sums, and counts kept through a failing database are written when it is back', async () => {
    t = await openTestDatabase(dialect);
    const lines: string[] = [];
    let now = new Date('2026-12-05T09:30:00.000Z');
    const store = new PaymentRelayStore(t.db);
    let writes = 0;
    const counting = Object.assign(Object.create(store) as PaymentRelayStore, { add: (...args: Parameters<PaymentRelayStore['add']>) => (writes++, store.add(...args)) });
    const writer = new RelayCountWriter(counting, createLogger({ write: (l) => lines.push(l) }), () => now);
    for (let i = 0; i < 300; i++) {
      writer.forwarded('KM-0001', 'alipay');
      if (i % 3 === 0) writer.refused('KM-0001', 'alipay');
      if (i % 10 === 0) writer.unattributed('wrong-tag');
    }
    writer.failed('KM-0001', 'wechat-pay');
    await writer.flush();
    expect(writes).toBeLessThanOrEqual(3);
    expect(await store.forTerminal('KM-0001', hourOf(now))).toEqual([
      { channel: 'alipay', recent: { forwarded: 300, failed: 0, refused: 100 }, total: { forwarded: 300, failed: 0, refused: 100 }, lastForwardedAt: '2026-12-05T09:30:00.000Z', firstHour: '2026-12-05T09' },
      { channel: 'wechat-pay', recent: { forwarded: 0, failed: 1, refused: 0 }, total: { forwarded: 0, failed: 1, refused: 0 }, lastForwardedAt: null, firstHour: '2026-12-05T09' },
    ]);
    expect(await store.unattributed(hourOf(now))).toEqual([{ reason: 'wrong-tag', recent: 30, total: 30 }]);

    // The table is away (a real failed write), then back: the counts kept meanwhile arrive once.
    await sql`ALTER TABLE payment_relay_counts RENAME TO payment_relay_counts_away`.execute(t.db);
    now = new Date('2026-12-05T10:01:00.000Z');
    writer.forwarded('KM-0001', 'alipay');
    await waitFor(() => lines.some((l) => l.includes('payment relay counts not written; kept and retried')), 5000, 'the failed write logged');
    writer.forwarded('KM-0001', 'alipay');
    await sql`ALTER TABLE payment_relay_counts_away RENAME TO payment_relay_counts`.execute(t.db);
    await writer.close();
    const [alipay] = await store.forTerminal('KM-0001', '2026-12-05T10');
    expect([alipay?.recent.forwarded, alipay?.total.forwarded, alipay?.lastForwardedAt]).toEqual([2, 302, '2026-12-05T10:01:00.000Z']);
    expect(lines.filter((l) => l.includes('not written; kept and retried'))).toHaveLength(1);
  });
});
