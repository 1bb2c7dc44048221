/**
 * Turns validated terminal messages into registry state: live status, the last heartbeat with
 * what the console derives from it (clock skew, since when the queue has made no progress), and
 * the history of status changes, events, acks and log parts.
 *
 * Malformed messages are counted per kind and dropped: one broken terminal must not stop the
 * ingest of the others, and the counts are shown to staff (and exported for monitoring).
 *
 * Messages are stored in batches, one database transaction each (MAX_BATCH): what arrived while
 * the previous batch was being written goes into the next. A batch the database refuses is stored
 * again message by message, so only the message at fault is a store error.
 */
import type { Logger } from '../../../electron/core/logging/logger.ts';
import {
  ackMessageSchema,
  eventMessageSchema,
  heartbeatSchema,
  logChunkSchema,
  statusMessageSchema,
  type HeartbeatMessage,
} from '../messages/terminal-messages.ts';
import type { RoutedTopic, MessageKind } from '../ingest/topic-route.ts';
import type { ConsoleDb } from '../storage/database.ts';
import { FleetStore, type TerminalRow } from '../storage/fleet-store.ts';
import { monthlyReportSchema } from '../messages/monthly-report-message.ts';
import { ReportStore } from '../storage/report-store.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';

export interface IngestCounters {
  stored: Record<MessageKind, number>;
  malformed: Record<MessageKind, number>;
  /** Messages whose storing failed (database down): logged, counted, never silently lost. */
  storeErrors: number;
}

const zeroKinds = (): Record<MessageKind, number> => ({ status: 0, heartbeat: 0, events: 0, acks: 0, logs: 0, reports: 0 });

export type IngestOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Messages stored per database transaction. One commit (one fsync) per batch instead of two or
 * three per message is what lets one console keep up with a reconnect storm of a whole province;
 * the cap bounds how long one batch holds the event loop (the MQTT acknowledgements wait meanwhile).
 */
export const MAX_BATCH = 500;

interface Queued {
  route: RoutedTopic;
  payload: Buffer | string;
  /** Arrival, not the moment the batch runs: clock skew and "received" are about the terminal. */
  receivedAt: Date;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/** The stores a write goes through: those of the batch's transaction. */
interface Stores {
  fleet: FleetStore;
  reports: ReportStore;
}
type Write = (stores: Stores) => Promise<unknown>;
const storesOf = (trx: ConsoleDb): Stores => ({ fleet: new FleetStore(trx), reports: new ReportStore(trx) });

export class TerminalRegistry {
  readonly counters: IngestCounters = { stored: zeroKinds(), malformed: zeroKinds(), storeErrors: 0 };
  /** Arrival order; batches are stored one after another, so each terminal's messages stay in order. */
  readonly #queue: Queued[] = [];
  #draining = false;

  constructor(
    readonly store: FleetStore,
    readonly logger: Logger,
    readonly now: () => Date = () => new Date(),
    readonly reports: ReportStore = new ReportStore(store.db),
  ) {}

  /** Validates and stores one message. Resolves once it is stored (or counted as dropped). */
  ingest(route: RoutedTopic, payload: Buffer | string): Promise<IngestOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ route, payload, receivedAt: this.now(), resolve, reject });
      if (!this.#draining) {
        this.#draining = true;
        // Everything that arrives in this turn of the event loop joins the first batch.
        setImmediate(() => void this.#drain());
      }
    });
  }

  /** Messages waiting for their batch (shown with the ingest counters). */
  get queued(): number {
    return this.#queue.length;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      await this.#storeBatch(this.#queue.splice(0, MAX_BATCH));
      // Let acknowledgements and HTTP requests in between two batches.
      if (this.#queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.#draining = false;
  }

  async #storeBatch(batch: Queued[]): Promise<void> {
    const valid: { item: Queued; write: Write }[] = [];
    for (const item of batch) {
      const checked = this.#check(item);
      if ('write' in checked) valid.push({ item, write: checked.write });
      else item.resolve(checked);
    }
    if (valid.length === 0) return;
    try {
      await this.store.db.transaction().execute(async (trx) => {
        const stores = storesOf(trx);
        for (const { write } of valid) await write(stores);
      });
    } catch {
      // One message the database refuses must not take the rest of its batch with it: each again alone.
      for (const v of valid) await this.#storeAlone(v.item, v.write);
      return;
    }
    for (const { item } of valid) {
      this.counters.stored[item.route.kind]++;
      item.resolve({ ok: true });
    }
  }

  async #storeAlone(item: Queued, write: Write): Promise<void> {
    try {
      await this.store.db.transaction().execute((trx) => write(storesOf(trx)));
    } catch (error) {
      this.counters.storeErrors++;
      this.logger.error('could not store a terminal message', { terminal: item.route.terminalId, kind: item.route.kind, error: errorMessage(error) });
      item.reject(error);
      return;
    }
    this.counters.stored[item.route.kind]++;
    item.resolve({ ok: true });
  }

  /** Parses and validates one message; what is valid comes back as the write it needs. */
  #check({ route, payload, receivedAt }: Queued): { write: Write } | { ok: false; reason: string } {
    let raw: unknown;
    try {
      raw = JSON.parse(payload.toString());
    } catch {
      return this.#malformed(route, 'not JSON');
    }
    const received = receivedAt.toISOString();
    switch (route.kind) {
      case 'status': {
        const parsed = statusMessageSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        if (parsed.data.terminalId !== route.terminalId) return this.#malformed(route, 'terminalId does not match the topic');
        const s = parsed.data;
        return {
          write: ({ fleet }) =>
            fleet.applyStatus({ terminalId: route.terminalId, online: s.state === 'online', at: s.at, reason: s.reason ?? null, appVersion: s.appVersion ?? null, receivedAt: received }),
        };
      }
      case 'heartbeat': {
        const parsed = heartbeatSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        if (parsed.data.terminalId !== route.terminalId) return this.#malformed(route, 'terminalId does not match the topic');
        const h = parsed.data;
        // The row before is read inside the batch's transaction: it includes earlier messages of the batch.
        return { write: async ({ fleet }) => fleet.applyHeartbeat(heartbeatRow(h, await fleet.getTerminal(route.terminalId), receivedAt)) };
      }
      case 'events': {
        const parsed = eventMessageSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        const { type, at, ...data } = parsed.data;
        return { write: ({ fleet }) => fleet.addEvent(route.terminalId, type, at, received, data) };
      }
      case 'acks': {
        const parsed = ackMessageSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        return { write: ({ fleet }) => fleet.addAck(route.terminalId, parsed.data, received) };
      }
      case 'logs': {
        const parsed = logChunkSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        if (parsed.data.requestId !== route.requestId) return this.#malformed(route, 'requestId does not match the topic');
        if (parsed.data.part > parsed.data.parts) return this.#malformed(route, 'part is beyond parts');
        return { write: ({ fleet }) => fleet.addLogChunk(route.terminalId, parsed.data, received) };
      }
      case 'reports': {
        const parsed = monthlyReportSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        if (parsed.data.terminalId !== route.terminalId) return this.#malformed(route, 'terminalId does not match the topic');
        const report = parsed.data;
        return {
          write: async ({ reports }) => {
            const outcome = await reports.put(report, received);
            if (outcome === 'older-kept') this.logger.info('an older copy of a monthly report was not stored', { terminal: route.terminalId, month: report.month });
          },
        };
      }
    }
  }

  #malformed(route: RoutedTopic, reason: string): { ok: false; reason: string } {
    this.counters.malformed[route.kind]++;
    this.logger.warn('malformed terminal message dropped', { terminal: route.terminalId, kind: route.kind, reason });
    return { ok: false, reason };
  }
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

/** The registry row for a heartbeat, with the figures the console derives from the one before. */
export function heartbeatRow(h: HeartbeatMessage, before: TerminalRow | undefined, receivedAt: Date) {
  const received = receivedAt.toISOString();
  const pending = 'pending' in h.queue ? h.queue.pending : null;
  let stuckSince: string | null = null;
  if ('pending' in h.queue && h.queue.oldestPendingAt) {
    stuckSince = h.queue.oldestPendingAt;
  } else if (pending !== null && pending > 0) {
    const previous = before?.queue_pending ?? 0;
    // Progress (fewer pending than before) restarts the clock; a queue that only grows or stays does not.
    stuckSince = previous > 0 && pending >= previous && before?.queue_stuck_since ? before.queue_stuck_since : received;
  }
  return {
    terminalId: h.terminalId,
    at: h.at,
    receivedAt: received,
    clockSkewMs: Date.parse(h.at) - receivedAt.getTime(),
    appVersion: h.appVersion,
    configVersion: h.configVersion,
    serviceMode: h.serviceMode.mode,
    region: h.site?.region ?? before?.region ?? null,
    hall: h.site?.hall ?? before?.hall ?? null,
    tags: h.site?.tags ?? (before ? (JSON.parse(before.tags) as string[]) : []),
    json: JSON.stringify(h),
    queuePending: pending,
    queueStuckSince: stuckSince,
  };
}
