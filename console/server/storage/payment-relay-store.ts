/**
 * The payment relay's counts (migration 010): per terminal, channel and UTC hour, what was
 * forwarded (the broker's PUBACK), failed to forward (the channel retries) and refused; refusals
 * not attributable to a terminal per reason and hour. Writes are additive upserts, so any number
 * of console instances count into the same rows and a restart loses nothing already written;
 * reads sum one terminal's rows (its primary key prefix), never the whole table.
 */
import { sql } from 'kysely';
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

// PostgreSQL answers SUM over integers as bigint, which pg hands over as text.
const n = (v: unknown): number => Number(v ?? 0);

export class PaymentRelayStore {
  constructor(readonly db: ConsoleDb) {}

  /** Adds the deltas in one transaction (one upsert each). */
  async add(counts: RelayCountDelta[], unattributed: UnattributedDelta[] = []): Promise<void> {
    if (counts.length === 0 && unattributed.length === 0) return;
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
              // The later of the two (another instance may have written a later one meanwhile).
              last_forwarded_at: sql`CASE WHEN excluded.last_forwarded_at IS NULL THEN payment_relay_counts.last_forwarded_at
                WHEN payment_relay_counts.last_forwarded_at IS NULL OR excluded.last_forwarded_at > payment_relay_counts.last_forwarded_at THEN excluded.last_forwarded_at
                ELSE payment_relay_counts.last_forwarded_at END`,
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
    return rows.map((r) => ({
      channel: r.channel,
      recent: { forwarded: n(r.recent_forwarded), failed: n(r.recent_failed), refused: n(r.recent_refused) },
      total: { forwarded: n(r.forwarded), failed: n(r.failed), refused: n(r.refused) },
      lastForwardedAt: r.last_forwarded_at,
      firstHour: r.first_hour,
    }));
  }

  /** Unattributed refusals per reason: since `sinceHour` and in all. */
  async unattributed(sinceHour: string): Promise<{ reason: string; recent: number; total: number }[]> {
    const rows = await this.db
      .selectFrom('payment_relay_unattributed')
      .select((eb) => ['reason', sql<number>`SUM(CASE WHEN ${sql.ref('hour')} >= ${sinceHour} THEN ${sql.ref('count')} ELSE 0 END)`.as('recent'), eb.fn.sum<number>('count').as('total')])
      .groupBy('reason')
      .orderBy('reason')
      .execute();
    return rows.map((r) => ({ reason: r.reason, recent: n(r.recent), total: n(r.total) }));
  }
}
