/**
 * The typed query layer for terminals and what they sent: the only place that writes SQL for the
 * fleet tables. The same queries run on SQLite and PostgreSQL (the storage tests run on both).
 */
import type { Selectable } from 'kysely';
import type { AlertsTable, ConsoleDb, TerminalsTable } from './database.ts';
import { RESOLVED_NOTICE_CHANNELS, type NotifyChannelName } from './notification-store.ts';

export type TerminalRow = Selectable<TerminalsTable>;
export type AlertRow = Selectable<AlertsTable>;

export interface StatusInput {
  terminalId: string;
  online: boolean;
  at: string;
  reason: string | null;
  appVersion: string | null;
  receivedAt: string;
}

export interface HeartbeatInput {
  terminalId: string;
  at: string;
  receivedAt: string;
  clockSkewMs: number;
  appVersion: string;
  configVersion: string;
  serviceMode: string;
  region: string | null;
  hall: string | null;
  tags: string[];
  json: string;
  queuePending: number | null;
  queueStuckSince: string | null;
}

export type AlertState = 'open' | 'acknowledged' | 'resolved';

export class FleetStore {
  constructor(readonly db: ConsoleDb) {}

  async #ensureTerminal(terminalId: string, seenAt: string): Promise<void> {
    await this.db
      .insertInto('terminals')
      .values({ id: terminalId, online: 0, tags: '[]', first_seen_at: seenAt })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /**
   * Stores a status. The live state follows arrival order, not the message's `at`: a last will
   * carries the time the terminal connected (it is composed then), so it is older than the
   * "online" it replaces. `status_at` is when the console saw the state change, kept across
   * re-reads of the same retained status (a console restart does not restart "offline since").
   */
  async applyStatus(s: StatusInput): Promise<{ changed: boolean }> {
    await this.#ensureTerminal(s.terminalId, s.receivedAt);
    await this.db
      .insertInto('status_changes')
      .values({ terminal_id: s.terminalId, state: s.online ? 'online' : 'offline', reason: s.reason, at: s.at, received_at: s.receivedAt })
      .onConflict((oc) => oc.columns(['terminal_id', 'at', 'state']).doNothing())
      .execute();
    const before = await this.db.selectFrom('terminals').select(['online', 'status_at']).where('id', '=', s.terminalId).executeTakeFirstOrThrow();
    const changed = before.status_at === null || before.online !== (s.online ? 1 : 0);
    await this.db
      .updateTable('terminals')
      .set({
        online: s.online ? 1 : 0,
        status_reason: s.reason,
        ...(changed ? { status_at: s.receivedAt } : {}),
        ...(s.appVersion ? { app_version: s.appVersion } : {}),
      })
      .where('id', '=', s.terminalId)
      .execute();
    return { changed };
  }

  async applyHeartbeat(h: HeartbeatInput): Promise<void> {
    await this.#ensureTerminal(h.terminalId, h.receivedAt);
    await this.db
      .updateTable('terminals')
      .set({
        last_heartbeat_at: h.at,
        heartbeat_received_at: h.receivedAt,
        clock_skew_ms: h.clockSkewMs,
        app_version: h.appVersion,
        config_version: h.configVersion,
        service_mode: h.serviceMode,
        region: h.region,
        hall: h.hall,
        tags: JSON.stringify(h.tags),
        heartbeat_json: h.json,
        queue_pending: h.queuePending,
        queue_stuck_since: h.queueStuckSince,
      })
      .where('id', '=', h.terminalId)
      // Arrival order, not the terminal's clock: a clock corrected backwards must not freeze the row.
      // (Two instances of a share group may take two heartbeats of one terminal; the later arrival wins.)
      .where((eb) => eb.or([eb('heartbeat_received_at', 'is', null), eb('heartbeat_received_at', '<=', h.receivedAt)]))
      .execute();
  }

  async addEvent(terminalId: string, type: string, at: string, receivedAt: string, data: Record<string, unknown>): Promise<void> {
    await this.#ensureTerminal(terminalId, receivedAt);
    await this.db.insertInto('events').values({ terminal_id: terminalId, type, at, received_at: receivedAt, data_json: JSON.stringify(data) }).execute();
  }

  async addAck(terminalId: string, ack: { id: string; type?: string | undefined; status: string; at: string; detail?: string | undefined }, receivedAt: string): Promise<void> {
    await this.#ensureTerminal(terminalId, receivedAt);
    await this.db
      .insertInto('acks')
      .values({ terminal_id: terminalId, command_id: ack.id, command_type: ack.type ?? null, status: ack.status, at: ack.at, detail: ack.detail ?? null, received_at: receivedAt })
      .execute();
  }

  async addLogChunk(terminalId: string, chunk: { requestId: string; part: number; parts: number; data: string }, receivedAt: string): Promise<void> {
    await this.#ensureTerminal(terminalId, receivedAt);
    await this.db
      .insertInto('log_chunks')
      .values({ terminal_id: terminalId, request_id: chunk.requestId, part: chunk.part, parts: chunk.parts, data: chunk.data, received_at: receivedAt })
      .onConflict((oc) => oc.columns(['terminal_id', 'request_id', 'part']).doNothing())
      .execute();
  }

  listTerminals(): Promise<TerminalRow[]> {
    return this.db.selectFrom('terminals').selectAll().orderBy('id').execute();
  }

  getTerminal(id: string): Promise<TerminalRow | undefined> {
    return this.db.selectFrom('terminals').selectAll().where('id', '=', id).executeTakeFirst();
  }

  statusHistory(id: string, limit = 100) {
    return this.db.selectFrom('status_changes').select(['state', 'reason', 'at', 'received_at']).where('terminal_id', '=', id).orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  events(id: string, limit = 100) {
    return this.db.selectFrom('events').select(['type', 'at', 'received_at', 'data_json']).where('terminal_id', '=', id).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** The newest events of one type across the fleet (e.g. commands terminals refused). */
  eventsOfType(type: string, limit = 100) {
    return this.db.selectFrom('events').select(['terminal_id', 'type', 'at', 'data_json']).where('type', '=', type).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  acks(id: string, limit = 100) {
    return this.db.selectFrom('acks').select(['command_id', 'command_type', 'status', 'at', 'detail']).where('terminal_id', '=', id).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** Log text per request, joined from its parts; incomplete requests say which parts are missing. */
  async logs(id: string): Promise<{ requestId: string; complete: boolean; missing: number[]; text: string; receivedAt: string }[]> {
    const rows = await this.db.selectFrom('log_chunks').selectAll().where('terminal_id', '=', id).orderBy('request_id').orderBy('part').execute();
    const byRequest = new Map<string, typeof rows>();
    for (const row of rows) byRequest.set(row.request_id, [...(byRequest.get(row.request_id) ?? []), row]);
    return [...byRequest.entries()].map(([requestId, parts]) => {
      const total = parts[0]?.parts ?? 0;
      const have = new Set(parts.map((p) => p.part));
      const missing = Array.from({ length: total }, (_v, i) => i + 1).filter((n) => !have.has(n));
      const text = Buffer.concat(parts.map((p) => Buffer.from(p.data, 'base64'))).toString('utf8');
      return { requestId, complete: missing.length === 0, missing, text, receivedAt: parts.at(-1)?.received_at ?? '' };
    });
  }

  /** Events of the given types per terminal since a time (for rules over repeated events). */
  async eventCounts(types: string[], since: string): Promise<{ terminalId: string; type: string; count: number; latestAt: string }[]> {
    if (types.length === 0) return [];
    const rows = await this.db
      .selectFrom('events')
      .select((eb) => ['terminal_id', 'type', eb.fn.countAll().as('n'), eb.fn.max('at').as('latest')])
      .where('type', 'in', types)
      .where('at', '>=', since)
      .groupBy(['terminal_id', 'type'])
      .execute();
    return rows.map((r) => ({ terminalId: r.terminal_id, type: r.type, count: Number(r.n), latestAt: String(r.latest) }));
  }

  // --- alerts ---

  activeAlerts(): Promise<AlertRow[]> {
    return this.db.selectFrom('alerts').selectAll().where('state', '!=', 'resolved').orderBy('opened_at').execute();
  }

  listAlerts(options: { includeResolved: boolean; limit?: number }): Promise<AlertRow[]> {
    let query = this.db.selectFrom('alerts').selectAll();
    if (!options.includeResolved) query = query.where('state', '!=', 'resolved');
    return query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 500).execute();
  }

  getAlert(id: number): Promise<AlertRow | undefined> {
    return this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Opens an alert with a pending "raised" notification for each channel named (one transaction: none is lost). */
  async openAlert(a: { terminalId: string; rule: string; detail: string; at: string; notify: readonly NotifyChannelName[] }): Promise<AlertRow> {
    return this.db.transaction().execute(async (trx) => {
      const alert = await trx.insertInto('alerts').values({ terminal_id: a.terminalId, rule: a.rule, state: 'open', detail: a.detail, opened_at: a.at }).returningAll().executeTakeFirstOrThrow();
      if (a.notify.length > 0) {
        await trx
          .insertInto('alert_notifications')
          .values(a.notify.map((channel) => ({ alert_id: alert.id, channel, event: 'raised', state: 'pending', attempts: 0, next_at: a.at, detail: null, created_at: a.at, updated_at: a.at })))
          .execute();
      }
      return alert;
    });
  }

  async acknowledgeAlert(id: number, by: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('alerts').set({ state: 'acknowledged', acknowledged_at: at, acknowledged_by: by }).where('id', '=', id).where('state', '=', 'open').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Resolves an alert; channels that also tell when an alert cleared (RESOLVED_NOTICE_CHANNELS) and
   * were told it was raised get a pending "resolved" notification in the same transaction.
   */
  async resolveAlert(id: number, by: string, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('alerts').set({ state: 'resolved', resolved_at: at, resolved_by: by }).where('id', '=', id).where('state', '!=', 'resolved').executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      const raised = await trx.selectFrom('alert_notifications').select('channel').where('alert_id', '=', id).where('event', '=', 'raised').where('channel', 'in', RESOLVED_NOTICE_CHANNELS).execute();
      if (raised.length > 0) {
        await trx
          .insertInto('alert_notifications')
          .values(raised.map(({ channel }) => ({ alert_id: id, channel, event: 'resolved', state: 'pending', attempts: 0, next_at: at, detail: null, created_at: at, updated_at: at })))
          .onConflict((oc) => oc.columns(['alert_id', 'channel', 'event']).doNothing())
          .execute();
      }
      return true;
    });
  }

  /** The newest alert of a rule for a terminal, whatever its state (to not reopen what a person resolved). */
  latestAlert(terminalId: string, rule: string): Promise<AlertRow | undefined> {
    return this.db.selectFrom('alerts').selectAll().where('terminal_id', '=', terminalId).where('rule', '=', rule).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }
}
