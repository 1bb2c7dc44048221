/**
 * Turns validated terminal messages into registry state: live status, the last heartbeat with
 * what the console derives from it (clock skew, since when the queue has made no progress), and
 * the history of status changes, events, acks and log parts.
 *
 * Malformed messages are counted per kind and dropped: one broken terminal must not stop the
 * ingest of the others, and the counts are shown to staff (and exported for monitoring).
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
import type { FleetStore, TerminalRow } from '../storage/fleet-store.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';

export interface IngestCounters {
  stored: Record<MessageKind, number>;
  malformed: Record<MessageKind, number>;
  /** Messages whose storing failed (database down): logged, counted, never silently lost. */
  storeErrors: number;
}

const zeroKinds = (): Record<MessageKind, number> => ({ status: 0, heartbeat: 0, events: 0, acks: 0, logs: 0 });

export type IngestOutcome = { ok: true } | { ok: false; reason: string };

export class TerminalRegistry {
  readonly counters: IngestCounters = { stored: zeroKinds(), malformed: zeroKinds(), storeErrors: 0 };
  /** Messages of one terminal are stored in arrival order; different terminals in parallel. */
  readonly #chains = new Map<string, Promise<unknown>>();

  constructor(
    readonly store: FleetStore,
    readonly logger: Logger,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** Validates and stores one message. Resolves once it is stored (or counted as dropped). */
  ingest(route: RoutedTopic, payload: Buffer | string): Promise<IngestOutcome> {
    const previous = this.#chains.get(route.terminalId) ?? Promise.resolve();
    const run = previous.then(() => this.#ingest(route, payload));
    const tail = run.catch(() => undefined);
    this.#chains.set(route.terminalId, tail);
    void tail.then(() => {
      if (this.#chains.get(route.terminalId) === tail) this.#chains.delete(route.terminalId);
    });
    return run;
  }

  async #ingest(route: RoutedTopic, payload: Buffer | string): Promise<IngestOutcome> {
    const receivedAt = this.now();
    let raw: unknown;
    try {
      raw = JSON.parse(payload.toString());
    } catch {
      return this.#malformed(route, 'not JSON');
    }
    try {
      const outcome = await this.#store(route, raw, receivedAt);
      if (outcome.ok) this.counters.stored[route.kind]++;
      return outcome;
    } catch (error) {
      this.counters.storeErrors++;
      this.logger.error('could not store a terminal message', { terminal: route.terminalId, kind: route.kind, error: errorMessage(error) });
      throw error;
    }
  }

  async #store(route: RoutedTopic, raw: unknown, receivedAt: Date): Promise<IngestOutcome> {
    const received = receivedAt.toISOString();
    switch (route.kind) {
      case 'status': {
        const parsed = statusMessageSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        if (parsed.data.terminalId !== route.terminalId) return this.#malformed(route, 'terminalId does not match the topic');
        await this.store.applyStatus({
          terminalId: route.terminalId,
          online: parsed.data.state === 'online',
          at: parsed.data.at,
          reason: parsed.data.reason ?? null,
          appVersion: parsed.data.appVersion ?? null,
          receivedAt: received,
        });
        return { ok: true };
      }
      case 'heartbeat': {
        const parsed = heartbeatSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        if (parsed.data.terminalId !== route.terminalId) return this.#malformed(route, 'terminalId does not match the topic');
        const before = await this.store.getTerminal(route.terminalId);
        await this.store.applyHeartbeat(heartbeatRow(parsed.data, before, receivedAt));
        return { ok: true };
      }
      case 'events': {
        const parsed = eventMessageSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        const { type, at, ...data } = parsed.data;
        await this.store.addEvent(route.terminalId, type, at, received, data);
        return { ok: true };
      }
      case 'acks': {
        const parsed = ackMessageSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        await this.store.addAck(route.terminalId, parsed.data, received);
        return { ok: true };
      }
      case 'logs': {
        const parsed = logChunkSchema.safeParse(raw);
        if (!parsed.success) return this.#malformed(route, firstIssue(parsed.error));
        if (parsed.data.requestId !== route.requestId) return this.#malformed(route, 'requestId does not match the topic');
        if (parsed.data.part > parsed.data.parts) return this.#malformed(route, 'part is beyond parts');
        await this.store.addLogChunk(route.terminalId, parsed.data, received);
        return { ok: true };
      }
    }
  }

  #malformed(route: RoutedTopic, reason: string): IngestOutcome {
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
