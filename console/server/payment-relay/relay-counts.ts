/**
 * The relay's counts on their way to the database (storage/payment-relay-store.ts), written behind
 * the answer so a channel never waits for them. While one write is in flight, what arrives is
 * summed in memory and written with the next one: one upsert per notification when it is quiet,
 * one per terminal, channel and hour per write under a flood, never a write per request queued
 * behind a slow database. A write that fails is kept and tried again (the project's backoff rule);
 * the counts are what an engineer reads, not money, so a console killed mid-retry loses only them.
 */
import type { Logger } from '../../../electron/core/logging/logger.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import { fullJitterDelay } from '../../../electron/contract/rules/backoff.ts';
import { hourOf, minuteOf, type MinuteDelta, type PaymentRelayStore, type RelayCountDelta, type UnattributedDelta } from '../storage/payment-relay-store.ts';

/** What notify-relay.ts reports; the terminal id is given only once its tag proved it. */
export interface RelayCountSink {
  forwarded(terminalId: string, channel: string): void;
  failed(terminalId: string, channel: string): void;
  refused(terminalId: string, channel: string): void;
  /** Refusals whose terminal is unproven (wrong tag, malformed path) or not looked at (over the refusal limit). */
  unattributed(reason: string): void;
}

const RETRY = { baseMs: 500, capMs: 30_000 };

export class RelayCountWriter implements RelayCountSink {
  private counts = new Map<string, RelayCountDelta>();
  private others = new Map<string, UnattributedDelta>();
  /** Per terminal and minute, for the payment-relay-failing alert's window. */
  private minutes = new Map<string, MinuteDelta>();
  private writing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly store: PaymentRelayStore,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  forwarded(terminalId: string, channel: string): void {
    const at = this.now();
    const d = this.delta(terminalId, channel, hourOf(at));
    d.forwarded++;
    const iso = at.toISOString();
    if (d.lastForwardedAt === null || iso > d.lastForwardedAt) d.lastForwardedAt = iso;
    this.minute(terminalId, at).forwarded++;
    this.schedule();
  }

  failed(terminalId: string, channel: string): void {
    const at = this.now();
    this.delta(terminalId, channel, hourOf(at)).failed++;
    const m = this.minute(terminalId, at);
    m.failed++;
    const iso = at.toISOString();
    if (m.lastFailedAt === null || iso > m.lastFailedAt) m.lastFailedAt = iso;
    this.schedule();
  }

  refused(terminalId: string, channel: string): void {
    this.delta(terminalId, channel, hourOf(this.now())).refused++;
    this.schedule();
  }

  unattributed(reason: string): void {
    const hour = hourOf(this.now());
    const key = `${reason}\n${hour}`;
    const d = this.others.get(key) ?? { reason, hour, count: 0 };
    d.count++;
    this.others.set(key, d);
    this.schedule();
  }

  /** Resolves once everything counted so far is written (or its write failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.pending()) {
      // Now rather than at the retry timer.
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.start();
      await this.writing;
    }
  }

  /** A last write at shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.flush();
    if (this.pending()) this.logger.warn('payment relay counts not written at shutdown', { terminals: this.counts.size, unattributed: this.others.size });
  }

  private pending(): boolean {
    return this.counts.size > 0 || this.others.size > 0 || this.minutes.size > 0;
  }

  private minute(terminalId: string, at: Date): MinuteDelta {
    const minute = minuteOf(at);
    const key = `${terminalId}\n${minute}`;
    let m = this.minutes.get(key);
    if (!m) {
      m = { terminalId, minute, forwarded: 0, failed: 0, lastFailedAt: null };
      this.minutes.set(key, m);
    }
    return m;
  }

  private delta(terminalId: string, channel: string, hour: string): RelayCountDelta {
    const key = `${terminalId}\n${channel}\n${hour}`;
    let d = this.counts.get(key);
    if (!d) {
      d = { terminalId, channel, hour, forwarded: 0, failed: 0, refused: 0, lastForwardedAt: null };
      this.counts.set(key, d);
    }
    return d;
  }

  private schedule(): void {
    if (this.writing || this.retryTimer) return;
    this.start();
  }

  private start(): void {
    const counts = [...this.counts.values()];
    const others = [...this.others.values()];
    const minutes = [...this.minutes.values()];
    this.counts = new Map();
    this.others = new Map();
    this.minutes = new Map();
    this.writing = this.store.add(counts, others, minutes).then(
      () => {
        if (this.failures > 0) this.logger.info('payment relay counts written again', { after: this.failures });
        this.failures = 0;
      },
      (error: unknown) => {
        // Back into the sums, so the next write carries them.
        for (const c of counts) {
          const d = this.delta(c.terminalId, c.channel, c.hour);
          d.forwarded += c.forwarded;
          d.failed += c.failed;
          d.refused += c.refused;
          if (c.lastForwardedAt !== null && (d.lastForwardedAt === null || c.lastForwardedAt > d.lastForwardedAt)) d.lastForwardedAt = c.lastForwardedAt;
        }
        for (const o of others) {
          const key = `${o.reason}\n${o.hour}`;
          const d = this.others.get(key) ?? { reason: o.reason, hour: o.hour, count: 0 };
          d.count += o.count;
          this.others.set(key, d);
        }
        for (const m of minutes) {
          const d = this.minute(m.terminalId, new Date(`${m.minute}:00.000Z`));
          d.forwarded += m.forwarded;
          d.failed += m.failed;
          if (m.lastFailedAt !== null && (d.lastFailedAt === null || m.lastFailedAt > d.lastFailedAt)) d.lastFailedAt = m.lastFailedAt;
        }
        this.failures++;
        if (this.failures === 1) this.logger.warn('payment relay counts not written; kept and retried', { error: errorMessage(error) });
      },
    );
    void this.writing.then(() => {
      this.writing = undefined;
      if (this.closed) return;
      if (this.failures > 0) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          if (this.pending()) this.start();
        }, fullJitterDelay(this.failures, RETRY));
        this.retryTimer.unref();
      } else if (this.pending()) {
        this.start();
      }
    });
  }
}
