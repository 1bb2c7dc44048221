import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/logging/logger.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { RelayCountWriter } from '../payment-relay/relay-counts.ts';
import { RelayRetention } from '../payment-relay/relay-retention.ts';
import { migrateTo, migrateToLatest } from './migrations.ts';
import { hourOf, PaymentRelayStore, type RelayCountDelta, type UnattributedDelta } from './payment-relay-store.ts';

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

  /** Hourly rows for two terminals and two channels over `days` days up to `last`, with some gaps. */
  const history = (last: Date, days: number) => {
    const counts: RelayCountDelta[] = [];
    const others: UnattributedDelta[] = [];
    for (let h = 0; h < days * 24; h++) {
      const at = new Date(last.getTime() - h * 3600_000);
      const hour = hourOf(at);
      if (h % 5 !== 0) counts.push(delta('KM-0001', 'alipay', hour, { forwarded: (h % 7) + 1, failed: h % 3, refused: h % 2, lastForwardedAt: `${hour}:${String(h % 60).padStart(2, '0')}:00.000Z` }));
      if (h % 4 === 0) counts.push(delta('KM-0001', 'wechat-pay', hour, { failed: 1 }));
      if (h % 3 === 0) counts.push(delta('KM-0002', 'unionpay', hour, { forwarded: 2, lastForwardedAt: `${hour}:30:00.000Z` }));
      if (h % 6 === 0) others.push({ reason: 'wrong-tag', hour, count: 3 });
    }
    return { counts, others };
  };
  const rowCount = async (table: 'payment_relay_counts' | 'payment_relay_unattributed' | 'payment_relay_before' | 'payment_relay_minutes') =>
    Number((await t!.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('prunes hourly rows past the retention into per-terminal-and-channel totals: the page shows the same before and after, and nothing inside the retention is touched', async () => {
    t = await openTestDatabase(dialect);
    const store = new PaymentRelayStore(t.db);
    const now = new Date('2026-12-05T09:30:00.000Z');
    const { counts, others } = history(now, 120);
    await store.add(counts, others);
    const recentSince = hourOf(new Date(now.getTime() - 23 * 3600_000));
    const views = async () => ({ one: await store.forTerminal('KM-0001', recentSince), two: await store.forTerminal('KM-0002', recentSince), others: await store.unattributed(recentSince) });
    const before = await views();
    expect(before.one.map((c) => c.firstHour)).toEqual([hourOf(new Date(now.getTime() - (120 * 24 - 1) * 3600_000)), hourOf(new Date(now.getTime() - (120 * 24 - 4) * 3600_000))]);
    const rowsBefore = await rowCount('payment_relay_counts');

    const lines: string[] = [];
    const retention = new RelayRetention(store, 90, createLogger({ write: (l) => lines.push(l) }), () => now);
    const pruned = await retention.prune();
    // Only the hours before the first one inside the 90 days went; those inside all stayed.
    const cutoff = hourOf(new Date(now.getTime() - 90 * 86_400_000));
    const expected = counts.filter((c) => c.hour < cutoff).length;
    expect(pruned).toMatchObject({ hourRows: expected, unattributedRows: others.filter((o) => o.hour < cutoff).length });
    expect(expected).toBeGreaterThan(0);
    expect(await rowCount('payment_relay_counts')).toBe(rowsBefore - expected);
    expect(await t.db.selectFrom('payment_relay_counts').select('hour').where('hour', '<', cutoff).execute()).toEqual([]);
    expect(await rowCount('payment_relay_before')).toBe(3);
    expect(await views()).toEqual(before);
    expect(lines.filter((l) => l.includes('payment relay counts pruned'))).toHaveLength(1);

    // Again at once: nothing more to fold, the same view.
    expect(await retention.prune()).toMatchObject({ hourRows: 0, unattributedRows: 0 });
    expect(await views()).toEqual(before);
    // A late write for an hour already pruned (another instance's retry) is folded by the next prune.
    const late = hourOf(new Date(now.getTime() - 100 * 86_400_000));
    await store.add([delta('KM-0002', 'unionpay', late, { forwarded: 5 })], [{ reason: 'wrong-tag', hour: late, count: 1 }]);
    expect(await retention.prune()).toMatchObject({ hourRows: 1, unattributedRows: 1 });
    const after = await views();
    expect(after.two[0]?.total.forwarded).toBe((before.two[0]?.total.forwarded ?? 0) + 5);
    expect(after.others[0]?.total).toBe((before.others[0]?.total ?? 0) + 1);
    expect({ ...after.two[0], total: before.two[0]?.total }).toEqual(before.two[0]);

    // A retention of 200 days keeps every row the table still holds.
    const kept = await rowCount('payment_relay_counts');
    expect(await new RelayRetention(store, 200, createLogger({ write: () => undefined }), () => now).prune()).toMatchObject({ hourRows: 0 });
    expect(await rowCount('payment_relay_counts')).toBe(kept);
  });

  it('folds each row once when two instances prune at the same moment while the relay keeps counting', async () => {
    t = await openTestDatabase(dialect);
    const other = dialect === 'postgres' ? t.open() : t.db;
    try {
      const stores = [new PaymentRelayStore(t.db), new PaymentRelayStore(other)];
      const now = new Date('2026-12-05T09:30:00.000Z');
      const { counts, others } = history(now, 100);
      await stores[0]!.add(counts, others);
      const totals = async () => ({ one: (await stores[0]!.forTerminal('KM-0001', '2026-12-05T00')).map((c) => [c.channel, c.total, c.firstHour, c.lastForwardedAt]), two: (await stores[0]!.forTerminal('KM-0002', '2026-12-05T00')).map((c) => [c.channel, c.total]), others: await stores[0]!.unattributed('2026-12-05T00') });
      const expected = await totals();
      const cutoff = hourOf(new Date(now.getTime() - 30 * 86_400_000));
      const results = await Promise.all([
        stores[0]!.prune(cutoff, '2026-12-04T00:00'),
        stores[1]!.prune(cutoff, '2026-12-04T00:00'),
        stores[1]!.add([delta('KM-0001', 'alipay', hourOf(now), { forwarded: 1 })]),
        stores[0]!.prune(cutoff, '2026-12-04T00:00'),
      ]);
      const folded = [results[0], results[1], results[3]] as { hourRows: number; unattributedRows: number }[];
      expect(folded.reduce((sum, r) => sum + r.hourRows, 0)).toBe(counts.filter((c) => c.hour < cutoff).length);
      expect(folded.reduce((sum, r) => sum + r.unattributedRows, 0)).toBe(others.filter((o) => o.hour < cutoff).length);
      const after = await totals();
      // The one notification counted meanwhile, and nothing else changed.
      const alipay = after.one[0]!;
      expect(alipay[1]).toEqual({ ...(expected.one[0]![1] as object), forwarded: ((expected.one[0]![1] as { forwarded: number }).forwarded) + 1 });
      expect({ ...after, one: [[alipay[0], expected.one[0]![1], alipay[2], alipay[3]], ...after.one.slice(1)] }).toEqual(expected);
    } finally {
      if (other !== t.db) await other.destroy();
    }
  });

  it('keeps per-minute forwards and failures for the alert window and prunes them after a day', async () => {
    t = await openTestDatabase(dialect);
    const store = new PaymentRelayStore(t.db);
    let now = new Date('2026-12-05T09:30:10.000Z');
    const writer = new RelayCountWriter(store, createLogger({ write: () => undefined }), () => now);
    writer.failed('KM-0001', 'alipay');
    writer.failed('KM-0001', 'wechat-pay');
    writer.forwarded('KM-0002', 'alipay');
    now = new Date('2026-12-05T09:44:50.000Z');
    writer.failed('KM-0001', 'alipay');
    await writer.flush();
    expect((await store.recentOutcomes('2026-12-05T09:30')).sort((a, b) => (a.terminalId < b.terminalId ? -1 : 1))).toEqual([
      { terminalId: 'KM-0001', forwarded: 0, failed: 3, lastFailedAt: '2026-12-05T09:44:50.000Z' },
      { terminalId: 'KM-0002', forwarded: 1, failed: 0, lastFailedAt: null },
    ]);
    expect(await store.recentOutcomes('2026-12-05T09:31')).toEqual([{ terminalId: 'KM-0001', forwarded: 0, failed: 1, lastFailedAt: '2026-12-05T09:44:50.000Z' }]);
    expect(await rowCount('payment_relay_minutes')).toBe(3);
    // A day later the minute rows go; the hourly ones stay (inside the retention).
    const retention = new RelayRetention(store, 90, createLogger({ write: () => undefined }), () => new Date('2026-12-06T10:31:00.000Z'));
    expect(await retention.prune()).toEqual({ hourRows: 0, unattributedRows: 0, minuteRows: 2 });
    expect(await rowCount('payment_relay_minutes')).toBe(1);
    expect((await store.forTerminal('KM-0001', '2026-12-05T00')).map((c) => c.total.failed)).toEqual([2, 1]);
    await writer.close();
  });

  it('migration 012 adds the retention tables to a database an older console left; its counts stay', async () => {
    t = await openTestDatabase(dialect, { migrate: false });
    await migrateTo(t.db, dialect, '011-notify-settings');
    await sql`INSERT INTO payment_relay_counts (terminal_id, channel, hour, forwarded, failed, refused, last_forwarded_at) VALUES ('KM-0001', 'alipay', '2026-01-01T00', 4, 1, 0, '2026-01-01T00:10:00.000Z')`.execute(t.db);
    expect(await migrateToLatest(t.db, dialect)).toContain('012-payment-relay-retention');
    const store = new PaymentRelayStore(t.db);
    const before = await store.forTerminal('KM-0001', '2026-12-05T00');
    expect(await store.prune('2026-12-01T00', '2026-12-01T00:00')).toEqual({ hourRows: 1, unattributedRows: 0, minuteRows: 0 });
    expect(await store.forTerminal('KM-0001', '2026-12-05T00')).toEqual(before);
    expect(before[0]).toMatchObject({ total: { forwarded: 4, failed: 1, refused: 0 }, firstHour: '2026-01-01T00', lastForwardedAt: '2026-01-01T00:10:00.000Z' });
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
