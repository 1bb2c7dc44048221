/**
 * Alert notifications, one row per alert, channel and event (migration 008): which are due, who
 * sends one (a claim, so two console instances or two overlapping ticks never send the same
 * notification), and what came of it. The rows are made with their alert (FleetStore.openAlert,
 * resolveAlert) in the same transaction.
 */
import type { Selectable } from 'kysely';
import type { AlertNotificationsTable, ConsoleDb } from './database.ts';

export const NOTIFY_CHANNELS = ['webhook', 'email'] as const;
export type NotifyChannelName = (typeof NOTIFY_CHANNELS)[number];
export type NotifyEvent = 'raised' | 'resolved';
export type NotifyState = 'pending' | 'sent' | 'failed';

/**
 * Channels that also say when an alert cleared. The robot posts new alerts only (as it always
 * has: a group chat is not a log); a mail thread reads better with its "resolved" mail.
 */
export const RESOLVED_NOTICE_CHANNELS: readonly NotifyChannelName[] = ['email'];

export type NotificationRow = Selectable<AlertNotificationsTable>;

/** A due notification with what its message needs from the alert and the terminal. */
export interface DueNotification extends NotificationRow {
  terminal_id: string;
  rule: string;
  detail_text: string;
  opened_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  region: string | null;
  hall: string | null;
}

export interface ChannelCounts {
  channel: string;
  state: string;
  count: number;
}

export class NotificationStore {
  constructor(readonly db: ConsoleDb) {}

  /** Pending notifications of these channels due at `now`, oldest alert first. */
  async due(channels: readonly NotifyChannelName[], now: string, limit = 50): Promise<DueNotification[]> {
    if (channels.length === 0) return [];
    const rows = await this.db
      .selectFrom('alert_notifications as n')
      .innerJoin('alerts as a', 'a.id', 'n.alert_id')
      .leftJoin('terminals as t', 't.id', 'a.terminal_id')
      .selectAll('n')
      .select(['a.terminal_id', 'a.rule', 'a.detail as detail_text', 'a.opened_at', 'a.resolved_at', 'a.resolved_by', 't.region', 't.hall'])
      .where('n.state', '=', 'pending')
      .where('n.channel', 'in', channels)
      .where('n.next_at', '<=', now)
      // A "resolved" waits for its channel's "raised" still being retried: the mails arrive in order.
      .where((eb) =>
        eb.or([
          eb('n.event', '!=', 'resolved'),
          eb.not(eb.exists(eb.selectFrom('alert_notifications as r').select('r.alert_id').whereRef('r.alert_id', '=', 'n.alert_id').whereRef('r.channel', '=', 'n.channel').where('r.event', '=', 'raised').where('r.state', '=', 'pending'))),
        ]),
      )
      .orderBy('n.alert_id')
      .orderBy('n.event')
      .orderBy('n.channel')
      .limit(limit)
      .execute();
    return rows;
  }

  /**
   * Takes a due notification for sending until `until` (compare-and-set on next_at): true for
   * exactly one taker. A sender that dies before recording the outcome leaves it due again at
   * `until`; the one case where a notification can go twice is a send whose outcome was never
   * known, which is the fleet's rule for unknown outcomes (retry, never "failed").
   */
  async claim(row: Pick<NotificationRow, 'alert_id' | 'channel' | 'event' | 'next_at'>, until: string): Promise<boolean> {
    if (row.next_at === null) return false;
    const r = await this.db
      .updateTable('alert_notifications')
      .set({ next_at: until })
      .where('alert_id', '=', row.alert_id)
      .where('channel', '=', row.channel)
      .where('event', '=', row.event)
      .where('state', '=', 'pending')
      .where('next_at', '=', row.next_at)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async record(key: Pick<NotificationRow, 'alert_id' | 'channel' | 'event'>, update: { state: NotifyState; attempts: number; nextAt: string | null; detail: string | null; at: string }): Promise<void> {
    await this.db
      .updateTable('alert_notifications')
      .set({ state: update.state, attempts: update.attempts, next_at: update.nextAt, detail: update.detail, updated_at: update.at })
      .where('alert_id', '=', key.alert_id)
      .where('channel', '=', key.channel)
      .where('event', '=', key.event)
      .execute();
  }

  /** The notifications of these alerts (the alert list shows each channel's state). */
  async forAlerts(alertIds: readonly number[]): Promise<NotificationRow[]> {
    if (alertIds.length === 0) return [];
    const rows: NotificationRow[] = [];
    // Chunked: PostgreSQL takes at most 65,535 parameters per statement.
    for (let i = 0; i < alertIds.length; i += 1000) {
      rows.push(...(await this.db.selectFrom('alert_notifications').selectAll().where('alert_id', 'in', alertIds.slice(i, i + 1000)).orderBy('alert_id').orderBy('channel').orderBy('event').execute()));
    }
    return rows;
  }

  /** How many notifications each channel has in each state. */
  async counts(): Promise<ChannelCounts[]> {
    const rows = await this.db.selectFrom('alert_notifications').select(['channel', 'state']).select((eb) => eb.fn.countAll().as('n')).groupBy(['channel', 'state']).execute();
    return rows.map((r) => ({ channel: r.channel, state: r.state, count: Number(r.n) }));
  }

  /** The latest definite refusals of a channel, newest first (what an administrator must fix). */
  recentFailures(channel: NotifyChannelName, limit = 10): Promise<NotificationRow[]> {
    return this.db.selectFrom('alert_notifications').selectAll().where('channel', '=', channel).where('state', '=', 'failed').orderBy('updated_at', 'desc').limit(limit).execute();
  }
}
