/**
 * The payment relay's counts (migration 010): per terminal, channel and UTC hour, what was
 * forwarded (the broker's PUBACK), failed to forward (the channel retries) and refused; refusals
 * not attributable to a terminal per reason and hour. Writes are additive upserts, so any number
 * of console instances count into the same rows and a restart loses nothing already written;
 * reads sum one terminal's rows (its primary key prefix), never the whole table. Hourly rows older
 * than the retention are folded into one "before" row per terminal and channel (migration 012,
 * prune()), so the totals since counting began survive the pruning.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { ConsoleDb } from './database.ts';

/** Increments for one terminal, channel and hour. */
export interface RelayCountDelta {
  terminalId: string;
  channel: string;
  hour: string;
  forwarded: number;
  failed: number;
  refused: number;
  /** The latest forwarded notification's time in this delta, if any. */
  lastForwardedAt: string | null;
}

export interface UnattributedDelta {
  reason: string;
  hour: string;
  count: number;
}

/** Forwards and failures for one terminal and UTC minute (the payment-relay-failing alert's evidence). */
export interface MinuteDelta {
  terminalId: string;
  /** 'YYYY-MM-DDTHH:MM' (UTC). */
  minute: string;
  forwarded: number;
  failed: number;
  lastFailedAt: string | null;
}

/** One terminal's forwards and failures within the alert's window. */
export interface RecentRelayOutcome {
  terminalId: string;
  forwarded: number;
  failed: number;
  lastFailedAt: string | null;
}

export interface PruneResult {
  /** Hourly rows folded into the per-terminal-and-channel totals and deleted. */
  hourRows: number;
  unattributedRows: number;
  minuteRows: number;
}

export interface RelayCounts {
  forwarded: number;
  failed: number;
  refused: number;
}

export interface ChannelRelayCounts {
  channel: string;
  recent: RelayCounts;
  total: RelayCounts;
  lastForwardedAt: string | null;
  /** The first hour anything was counted for this terminal and channel ('YYYY-MM-DDTHH'). */
  firstHour: string;
}

/** The hour bucket of a time: 'YYYY-MM-DDTHH' (UTC), which sorts as text on both dialects. */
export function hourOf(at: Date): string {
  return at.toISOString().slice(0, 13);
}

/** The minute bucket of a time: 'YYYY-MM-DDTHH:MM' (UTC). */
export function minuteOf(at: Date): string {
  return at.toISOString().slice(0, 16);
}

/** Any constant: PostgreSQL pruners of every instance queue on this one transaction lock. */
const PRUNE_LOCK = 0x7265_6c61;

const later = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);

// PostgreSQL answers SUM over integers as bigint, which pg hands over as text.
const n = (v: unknown): number => Number(v ?? 0);

/**
 * An upsert's "the later of the stored and the incoming time" (another instance may have written a
 * later one meanwhile). Table and column are this file's constants, never input.
 */
const laterOf = (table: 'payment_relay_counts' | 'payment_relay_minutes', column: 'last_forwarded_at' | 'last_failed_at') =>
  sql.raw<string | null>(`CASE WHEN excluded.${column} IS NULL THEN ${table}.${column}
    WHEN ${table}.${column} IS NULL OR excluded.${column} > ${table}.${column} THEN excluded.${column}
    ELSE ${table}.${column} END`);

export class PaymentRelayStore {
  constructor(readonly db: ConsoleDb) {}

  /** Adds the deltas in one transaction (one upsert each). */
  async add(counts: RelayCountDelta[], unattributed: UnattributedDelta[] = [], minutes: MinuteDelta[] = []): Promise<void> {
    if (counts.length === 0 && unattributed.length === 0 && minutes.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      for (const c of counts) {
        await tx
          .insertInto('payment_relay_counts')
          .values({ terminal_id: c.terminalId, channel: c.channel, hour: c.hour, forwarded: c.forwarded, failed: c.failed, refused: c.refused, last_forwarded_at: c.lastForwardedAt })
          .onConflict((oc) =>
            oc.columns(['terminal_id', 'channel', 'hour']).doUpdateSet({
              forwarded: sql`payment_relay_counts.forwarded + excluded.forwarded`,
              failed: sql`payment_relay_counts.failed + excluded.failed`,
              refused: sql`payment_relay_counts.refused + excluded.refused`,
              last_forwarded_at: laterOf('payment_relay_counts', 'last_forwarded_at'),
            }),
          )
          .execute();
      }
      for (const u of unattributed) {
        await tx
          .insertInto('payment_relay_unattributed')
          .values({ reason: u.reason, hour: u.hour, count: u.count })
          .onConflict((oc) => oc.columns(['reason', 'hour']).doUpdateSet({ count: sql`payment_relay_unattributed.count + excluded.count` }))
          .execute();
      }
      for (const m of minutes) {
        await tx
          .insertInto('payment_relay_minutes')
          .values({ minute: m.minute, terminal_id: m.terminalId, forwarded: m.forwarded, failed: m.failed, last_failed_at: m.lastFailedAt })
          .onConflict((oc) =>
            oc.columns(['minute', 'terminal_id']).doUpdateSet({
              forwarded: sql`payment_relay_minutes.forwarded + excluded.forwarded`,
              failed: sql`payment_relay_minutes.failed + excluded.failed`,
              last_failed_at: laterOf('payment_relay_minutes', 'last_failed_at'),
            }),
          )
          .execute();
      }
    });
  }

  /** Per terminal with any forward or failure since `sinceMinute` (inclusive): the sums in that window. */
  async recentOutcomes(sinceMinute: string): Promise<RecentRelayOutcome[]> {
    const rows = await this.db
      .selectFrom('payment_relay_minutes')
      .select((eb) => ['terminal_id', eb.fn.sum<number>('forwarded').as('forwarded'), eb.fn.sum<number>('failed').as('failed'), eb.fn.max('last_failed_at').as('last_failed_at')])
      .where('minute', '>=', sinceMinute)
      .groupBy('terminal_id')
      .execute();
    return rows.map((r) => ({ terminalId: r.terminal_id, forwarded: n(r.forwarded), failed: n(r.failed), lastFailedAt: r.last_failed_at }));
  }

  /**
   * Folds the hourly rows before `beforeHour` into the per-terminal-and-channel totals (and the
   * unattributed ones into per-reason totals) and deletes them, and deletes the minute rows before
   * `beforeMinute`, in one transaction. The DELETE … RETURNING is the claim: a row is folded by the
   * transaction that deleted it, so two instances pruning at once never count a row twice (on
   * PostgreSQL they also queue on a transaction lock, so their upserts cannot deadlock; SQLite
   * runs one writing transaction at a time anyway). A late write for a pruned hour makes a new
   * hourly row, folded by the next prune.
   */
  async prune(beforeHour: string, beforeMinute: string): Promise<PruneResult> {
    return this.db.transaction().execute(async (tx) => {
      if (this.db.getExecutor().adapter instanceof PostgresAdapter) await sql`SELECT pg_advisory_xact_lock(${PRUNE_LOCK})`.execute(tx);
      const hours = await tx.deleteFrom('payment_relay_counts').where('hour', '<', beforeHour).returningAll().execute();
      const folded = new Map<string, { terminal_id: string; channel: string; forwarded: number; failed: number; refused: number; last_forwarded_at: string | null; first_hour: string }>();
      for (const r of hours) {
        const key = `${r.terminal_id}\n${r.channel}`;
        const f = folded.get(key);
        if (!f) folded.set(key, { terminal_id: r.terminal_id, channel: r.channel, forwarded: n(r.forwarded), failed: n(r.failed), refused: n(r.refused), last_forwarded_at: r.last_forwarded_at, first_hour: r.hour });
        else {
          f.forwarded += n(r.forwarded);
          f.failed += n(r.failed);
          f.refused += n(r.refused);
          f.last_forwarded_at = later(f.last_forwarded_at, r.last_forwarded_at);
          if (r.hour < f.first_hour) f.first_hour = r.hour;
        }
      }
      for (const f of [...folded.values()].sort((a, b) => (a.terminal_id === b.terminal_id ? (a.channel < b.channel ? -1 : 1) : a.terminal_id < b.terminal_id ? -1 : 1))) {
        await tx
          .insertInto('payment_relay_before')
          .values(f)
          .onConflict((oc) =>
            oc.columns(['terminal_id', 'channel']).doUpdateSet({
              forwarded: sql`payment_relay_before.forwarded + excluded.forwarded`,
              failed: sql`payment_relay_before.failed + excluded.failed`,
              refused: sql`payment_relay_before.refused + excluded.refused`,
              last_forwarded_at: sql`CASE WHEN excluded.last_forwarded_at IS NULL THEN payment_relay_before.last_forwarded_at
                WHEN payment_relay_before.last_forwarded_at IS NULL OR excluded.last_forwarded_at > payment_relay_before.last_forwarded_at THEN excluded.last_forwarded_at
                ELSE payment_relay_before.last_forwarded_at END`,
              first_hour: sql`CASE WHEN excluded.first_hour < payment_relay_before.first_hour THEN excluded.first_hour ELSE payment_relay_before.first_hour END`,
            }),
          )
          .execute();
      }
      const others = await tx.deleteFrom('payment_relay_unattributed').where('hour', '<', beforeHour).returning(['reason', 'count']).execute();
      const byReason = new Map<string, number>();
      for (const r of others) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + n(r.count));
      for (const [reason, count] of [...byReason].sort(([a], [b]) => (a < b ? -1 : 1))) {
        await tx
          .insertInto('payment_relay_unattributed_before')
          .values({ reason, count })
          .onConflict((oc) => oc.column('reason').doUpdateSet({ count: sql`payment_relay_unattributed_before.count + excluded.count` }))
          .execute();
      }
      const minutes = await tx.deleteFrom('payment_relay_minutes').where('minute', '<', beforeMinute).executeTakeFirst();
      return { hourRows: hours.length, unattributedRows: others.length, minuteRows: Number(minutes.numDeletedRows) };
    });
  }

  /** One terminal's counts per channel: since `sinceHour` (inclusive) and in all. */
  async forTerminal(terminalId: string, sinceHour: string): Promise<ChannelRelayCounts[]> {
    const recent = (column: 'forwarded' | 'failed' | 'refused') => sql<number>`SUM(CASE WHEN ${sql.ref('hour')} >= ${sinceHour} THEN ${sql.ref(column)} ELSE 0 END)`;
    const rows = await this.db
      .selectFrom('payment_relay_counts')
      .select((eb) => [
        'channel',
        recent('forwarded').as('recent_forwarded'),
        recent('failed').as('recent_failed'),
        recent('refused').as('recent_refused'),
        eb.fn.sum<number>('forwarded').as('forwarded'),
        eb.fn.sum<number>('failed').as('failed'),
        eb.fn.sum<number>('refused').as('refused'),
        eb.fn.max('last_forwarded_at').as('last_forwarded_at'),
        eb.fn.min('hour').as('first_hour'),
      ])
      .where('terminal_id', '=', terminalId)
      .groupBy('channel')
      .orderBy('channel')
      .execute();
    const byChannel = new Map<string, ChannelRelayCounts>(
      rows.map((r) => [
        r.channel,
        {
          channel: r.channel,
          recent: { forwarded: n(r.recent_forwarded), failed: n(r.recent_failed), refused: n(r.recent_refused) },
          total: { forwarded: n(r.forwarded), failed: n(r.failed), refused: n(r.refused) },
          lastForwardedAt: r.last_forwarded_at,
          firstHour: r.first_hour,
        },
      ]),
    );
    // The hours pruned before the retention: never recent (the retention is days), always in the total.
    for (const b of await this.db.selectFrom('payment_relay_before').selectAll().where('terminal_id', '=', terminalId).execute()) {
      const c = byChannel.get(b.channel);
      if (!c) {
        byChannel.set(b.channel, { channel: b.channel, recent: { forwarded: 0, failed: 0, refused: 0 }, total: { forwarded: n(b.forwarded), failed: n(b.failed), refused: n(b.refused) }, lastForwardedAt: b.last_forwarded_at, firstHour: b.first_hour });
        continue;
      }
      c.total = { forwarded: c.total.forwarded + n(b.forwarded), failed: c.total.failed + n(b.failed), refused: c.total.refused + n(b.refused) };
      c.lastForwardedAt = later(c.lastForwardedAt, b.last_forwarded_at);
      if (b.first_hour < c.firstHour) c.firstHour = b.first_hour;
    }
    return [...byChannel.values()].sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  }

  /** Unattributed refusals per reason: since `sinceHour` and in all. */
  async unattributed(sinceHour: string): Promise<{ reason: string; recent: number; total: number }[]> {
    const rows = await this.db
      .selectFrom('payment_relay_unattributed')
      .select((eb) => ['reason', sql<number>`SUM(CASE WHEN ${sql.ref('hour')} >= ${sinceHour} THEN ${sql.ref('count')} ELSE 0 END)`.as('recent'), eb.fn.sum<number>('count').as('total')])
      .groupBy('reason')
      .orderBy('reason')
      .execute();
    const byReason = new Map(rows.map((r) => [r.reason, { reason: r.reason, recent: n(r.recent), total: n(r.total) }]));
    for (const b of await this.db.selectFrom('payment_relay_unattributed_before').selectAll().execute()) {
      const r = byReason.get(b.reason);
      if (r) r.total += n(b.count);
      else byReason.set(b.reason, { reason: b.reason, recent: 0, total: n(b.count) });
    }
    return [...byReason.values()].sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  }
}
