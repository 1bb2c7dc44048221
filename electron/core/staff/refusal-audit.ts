/**
 * Staff-entry refusals, coalesced before they reach the audit log. Someone hammering the PIN pad
 * makes hundreds of refusals; written one by one, each is an fsync (audit-log.ts) and the log
 * drowns the entries an auditor needs. The first refusal of a kind (action, reason, method) is
 * written at once, so a power cut never hides that a burst began; the ones that follow are counted
 * and written as one line with `count`, `firstAt` and `lastAt` (and `continued: true`) when the
 * burst ends: after `quietMs` without another, after `maxSpanMs` since its first refusal, or at
 * close. A burst thus costs at most two lines, whatever its length.
 *
 * Anything else (an entry, a lockout, a PIN change) goes through at once, after the pending
 * bursts, so the log keeps the order in which things happened.
 */
import type { AuditSink } from '../audit/audit-sink.ts';

/** The actions counted in bursts; every other action is written at once. */
export const COALESCED_ACTIONS: ReadonlySet<string> = new Set(['staff.entry-refused', 'staff.pin-failed', 'staff.card-refused']);

/** Fields that differ within one burst: left out of the burst's line. */
const VOLATILE = new Set(['remainingAttempts', 'retryInSeconds', 'card']);

export interface RefusalAuditOptions {
  /** A burst ends after this long without another refusal of its kind. Default 10 s. */
  quietMs?: number;
  /** …or this long after its first refusal. Default 60 s. */
  maxSpanMs?: number;
  now?: () => number;
}

interface Burst {
  actor: string;
  action: string;
  details: Record<string, unknown>;
  count: number;
  first: number;
  last: number;
}

export class RefusalAudit implements AuditSink {
  readonly #sink: AuditSink;
  readonly #quietMs: number;
  readonly #maxSpanMs: number;
  readonly #now: () => number;
  readonly #bursts = new Map<string, Burst>();
  #timer: NodeJS.Timeout | undefined;

  constructor(sink: AuditSink, options: RefusalAuditOptions = {}) {
    this.#sink = sink;
    this.#quietMs = options.quietMs ?? 10_000;
    this.#maxSpanMs = options.maxSpanMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Refusals waiting in an open burst. */
  get pending(): number {
    let n = 0;
    for (const burst of this.#bursts.values()) n += burst.count;
    return n;
  }

  append(actor: string, action: string, details: Record<string, unknown> = {}): void {
    const now = this.#now();
    this.#flushDue(now);
    if (!COALESCED_ACTIONS.has(action)) {
      this.flush();
      this.#sink.append(actor, action, details);
      return;
    }
    const stable = Object.fromEntries(Object.entries(details).filter(([k]) => !VOLATILE.has(k)));
    const key = JSON.stringify([actor, action, stable]);
    const burst = this.#bursts.get(key);
    if (burst) {
      if (burst.count === 0) burst.first = now;
      burst.count++;
      burst.last = now;
    } else {
      this.#sink.append(actor, action, details);
      this.#bursts.set(key, { actor, action, details: stable, count: 0, first: now, last: now });
    }
    this.#arm();
  }

  /** Writes every open burst now (shutdown, or before an entry that must follow them). */
  flush(): void {
    const bursts = [...this.#bursts.values()].sort((a, b) => a.first - b.first);
    this.#bursts.clear();
    for (const burst of bursts) this.#write(burst);
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  close(): void {
    this.flush();
  }

  #flushDue(now: number): void {
    for (const [key, burst] of this.#bursts) {
      if (now - burst.last >= this.#quietMs || now - burst.first >= this.#maxSpanMs) {
        this.#bursts.delete(key);
        this.#write(burst);
      }
    }
  }

  #write(burst: Burst): void {
    if (burst.count === 0) return;
    this.#sink.append(burst.actor, burst.action, {
      ...burst.details,
      continued: true,
      count: burst.count,
      firstAt: new Date(burst.first).toISOString(),
      lastAt: new Date(burst.last).toISOString(),
    });
  }

  /** One timer for all bursts, set for the earliest moment one of them ends. */
  #arm(): void {
    clearTimeout(this.#timer);
    let due = Infinity;
    for (const burst of this.#bursts.values()) due = Math.min(due, burst.last + this.#quietMs, burst.first + this.#maxSpanMs);
    if (due === Infinity) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flushDue(this.#now());
      this.#arm();
    }, Math.max(0, due - this.#now()));
    this.#timer.unref();
  }
}
