/**
 * Delivers the outbox: one lane per stream, each sending its oldest pending item and nothing
 * after it until that item is settled, so per-stream order holds; lanes of different streams run
 * side by side (bounded by maxConcurrent), so one stuck stream never holds up the others.
 *
 * Head-of-line blocking inside a stream is bounded: a transient failure (5xx, timeout, reset)
 * counts as a strike when the upstream accepted some other submission since this item's
 * previous attempt, i.e. the upstream works and this item is the problem. After `poisonStrikes`
 * strikes the item becomes 'failed' (kept for maintenance, who can requeue it) and the stream
 * moves on. During an outage nothing is accepted, no strikes are counted, and the stream waits:
 * a submission is never given up because the network is down.
 */
import { EventEmitter } from 'node:events';
import { silentLogger, type Logger } from '../logging/logger.ts';
import { UpstreamError, type UpstreamClient } from '../upstream/upstream-client.ts';
import { DEFAULT_BACKOFF, fullJitterDelay, type BackoffPolicy } from './backoff.ts';
import type { OpenedHead, OutboxHead } from './delivery-ledger.ts';
import type { CallOutcome, NetworkMonitor, NetworkSnapshot } from './network-monitor.ts';
import type { Outbox, OutboxItem } from './outbox.ts';

export interface SyncWorkerOptions {
  outbox: Outbox;
  upstream: () => Pick<UpstreamClient, 'submit'>;
  monitor: NetworkMonitor;
  logger?: Logger;
  backoff?: BackoffPolicy;
  /** Strikes before a stream's head is moved to 'failed'; default 8. */
  poisonStrikes?: number;
  /** Deliveries in flight at once, across streams; default 4. */
  maxConcurrent?: number;
  /** How often delivered payloads past retention are purged; default hourly. */
  purgeIntervalMs?: number;
  random?: () => number;
  now?: () => number;
}

export type FailureClass = 'permanent' | 'cancelled' | Exclude<CallOutcome, 'ok'>;

/** 4xx is the upstream's final word, except "try later" statuses. */
const RETRYABLE_4XX = new Set([408, 425, 429]);
/** Lanes re-check at least this often, whatever they wait for. */
const MAX_SLEEP_MS = 60_000;

export function classifyFailure(error: unknown): FailureClass {
  if (!(error instanceof UpstreamError)) return 'error';
  switch (error.kind) {
    case 'cancelled':
      return 'cancelled';
    case 'rejected':
      return RETRYABLE_4XX.has(error.status ?? 0) ? 'error' : 'permanent';
    case 'network':
    case 'timeout':
      return 'unreachable';
    default:
      return 'error';
  }
}

export class SyncWorker extends EventEmitter<{ held: [{ stream: string; detail: string }] }> {
  readonly #outbox: Outbox;
  readonly #upstream: SyncWorkerOptions['upstream'];
  readonly #monitor: NetworkMonitor;
  readonly #logger: Logger;
  readonly #backoff: BackoffPolicy;
  readonly #poisonStrikes: number;
  readonly #maxConcurrent: number;
  readonly #purgeIntervalMs: number;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #lanes = new Map<string, Promise<void>>();
  readonly #sleepers = new Map<string, () => void>();
  /** Streams poked while their lane was running: the lane must look again before it ends. */
  readonly #poked = new Set<string>();
  /** Streams whose head is sealed with a key we do not hold. */
  readonly #held = new Set<string>();
  readonly #slotWaiters: Array<() => void> = [];
  #active = 0;
  #running = false;
  #closing = false;
  #deadline = Infinity;
  #abort = new AbortController();
  #lastSuccessAt = -Infinity;
  #purgeTimer: NodeJS.Timeout | undefined;
  readonly #onEnqueued = (item: OutboxItem) => this.#poke(item.stream);
  readonly #onNetwork = (change: NetworkSnapshot) => this.#networkChanged(change);

  constructor(options: SyncWorkerOptions) {
    super();
    this.#outbox = options.outbox;
    this.#upstream = options.upstream;
    this.#monitor = options.monitor;
    this.#logger = options.logger ?? silentLogger;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#poisonStrikes = options.poisonStrikes ?? 8;
    this.#maxConcurrent = options.maxConcurrent ?? 4;
    this.#purgeIntervalMs = options.purgeIntervalMs ?? 3_600_000;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  get heldStreams(): string[] {
    return [...this.#held];
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const keys = this.#outbox.keyReport();
    if (keys.undecryptable > 0) {
      this.#logger.error('outbox key mismatch: undelivered submissions kept but not sent', {
        items: keys.undecryptable,
        keyIds: keys.unknownKeyIds,
        action: 'start the terminal with the key these items were sealed with',
      });
    }
    this.#outbox.on('enqueued', this.#onEnqueued);
    this.#monitor.on('change', this.#onNetwork);
    this.#monitor.start();
    this.#purge();
    this.#purgeTimer = setInterval(() => this.#purge(), this.#purgeIntervalMs);
    this.#purgeTimer.unref();
    this.wake();
  }

  /** Looks at every stream with pending items now (start, connectivity back, maintenance). */
  wake(): void {
    if (!this.#running || this.#closing) return;
    for (const stream of this.#outbox.ledger.pendingStreams()) this.#poke(stream);
  }

  /** Looks again at streams held for an unknown key (after maintenance set those items aside). */
  retryHeld(): void {
    this.#held.clear();
    this.wake();
  }

  /** Resolves with the item once delivered or failed, or as it stands after `timeoutMs`. */
  waitForSettled(id: number, timeoutMs: number): Promise<OutboxItem | undefined> {
    const current = this.#outbox.get(id);
    if (current === undefined || current.status !== 'pending') return Promise.resolve(current);
    return new Promise((resolve) => {
      const onSettled = (item: OutboxItem) => {
        if (item.id === id) finish();
      };
      const finish = () => {
        clearTimeout(timer);
        this.#outbox.off('settled', onSettled);
        resolve(this.#outbox.get(id));
      };
      const timer = setTimeout(finish, timeoutMs);
      this.#outbox.on('settled', onSettled);
    });
  }

  /**
   * Stops the worker. Due items keep being delivered for up to `drainMs`; then requests still in
   * flight are aborted (the upstream may have them: the retry after restart gets its 409).
   */
  async stop(options: { drainMs?: number } = {}): Promise<void> {
    if (!this.#running || this.#closing) return;
    const drainMs = Math.max(0, options.drainMs ?? 0);
    this.#closing = true;
    this.#deadline = this.#now() + drainMs;
    for (const wakeUp of [...this.#sleepers.values()]) wakeUp();
    const abortTimer = setTimeout(() => this.#abort.abort(), drainMs);
    await Promise.allSettled([...this.#lanes.values()]);
    clearTimeout(abortTimer);
    clearInterval(this.#purgeTimer);
    this.#outbox.off('enqueued', this.#onEnqueued);
    this.#monitor.off('change', this.#onNetwork);
    this.#monitor.stop();
    this.#running = false;
  }

  #poke(stream: string): void {
    if (!this.#running || this.#closing || this.#held.has(stream)) return;
    if (this.#monitor.state === 'offline') this.#monitor.probeSoon();
    if (this.#lanes.has(stream)) {
      this.#poked.add(stream);
      this.#sleepers.get(stream)?.();
      return;
    }
    const lane = this.#lane(stream)
      .catch((error: unknown) => {
        // A local failure (e.g. the disk refused an update): the item stays pending; look again soon.
        this.#logger.error('outbox lane failed', { stream, error: error instanceof Error ? error.message : String(error) });
        setTimeout(() => this.#poke(stream), 1000).unref();
      })
      .finally(() => {
        this.#lanes.delete(stream);
        if (this.#poked.delete(stream)) this.#poke(stream);
      });
    this.#lanes.set(stream, lane);
  }

  async #lane(stream: string): Promise<void> {
    while (this.#running) {
      this.#poked.delete(stream);
      if (this.#closing && this.#now() >= this.#deadline) return;
      if (this.#monitor.state === 'offline') {
        if (this.#closing) return;
        await this.#sleep(stream, MAX_SLEEP_MS);
        continue;
      }
      const head = this.#outbox.ledger.head(stream);
      if (head === undefined) return;
      const dueIn = head.nextAttemptAt === null ? 0 : Date.parse(head.nextAttemptAt) - this.#now();
      if (dueIn > 0) {
        if (this.#closing) return;
        await this.#sleep(stream, Math.min(dueIn, MAX_SLEEP_MS));
        continue;
      }
      const opened = this.#outbox.ledger.open(head);
      if (!opened.ok) {
        if (this.#unopenable(head, opened)) return;
        continue;
      }
      await this.#withSlot(() => this.#deliver(head, opened.payload));
    }
  }

  async #deliver(head: OutboxHead, payload: unknown): Promise<void> {
    const ledger = this.#outbox.ledger;
    const previousAttemptAt = Date.parse(head.lastAttemptAt ?? head.createdAt);
    try {
      const receipt = await this.#upstream().submit(
        { idempotencyKey: head.idempotencyKey, stream: head.stream, kind: head.kind, createdAt: head.createdAt, sequence: head.id, payload },
        { signal: this.#abort.signal },
      );
      ledger.markDelivered(head.id, receipt.reference, new Date(this.#now()).toISOString());
      this.#lastSuccessAt = this.#now();
      this.#monitor.report('ok');
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure === 'cancelled') return;
      const message = error instanceof Error ? error.message : String(error);
      const at = new Date(this.#now()).toISOString();
      const fields = { id: head.id, stream: head.stream, idempotencyKey: head.idempotencyKey, error: message };
      if (failure === 'permanent') {
        // The upstream answered: it is reachable, it just refuses this item.
        this.#monitor.report('ok');
        ledger.markFailed(head.id, message, at);
        this.#logger.warn('submission refused by the upstream; kept for maintenance', fields);
        return;
      }
      this.#monitor.report(failure);
      const strike = this.#lastSuccessAt > previousAttemptAt;
      const strikes = head.strikes + (strike ? 1 : 0);
      if (strikes >= this.#poisonStrikes) {
        ledger.markFailed(
          head.id,
          `gave up after ${strikes} failed attempts while the upstream accepted other submissions; last error: ${message}`,
          at,
          { strike },
        );
        this.#logger.warn('submission keeps failing while others go through; moved to failed so its stream can continue', fields);
        return;
      }
      const delay = fullJitterDelay(head.attempts + 1, this.#backoff, this.#random);
      ledger.markRetry(head.id, { attemptedAt: at, nextAttemptAt: new Date(this.#now() + delay).toISOString(), strike, error: message });
    }
  }

  /** Returns true when the lane must stop (the stream is held). */
  #unopenable(head: OutboxHead, opened: Extract<OpenedHead, { ok: false }>): boolean {
    if (opened.problem === 'unknown-key') {
      if (!this.#held.has(head.stream)) {
        this.#held.add(head.stream);
        this.#logger.error('outbox stream held: its next item was sealed with another key', {
          stream: head.stream,
          id: head.id,
          keyId: head.keyId,
        });
        this.emit('held', { stream: head.stream, detail: opened.detail });
      }
      return true;
    }
    this.#outbox.ledger.markFailed(head.id, opened.detail, new Date(this.#now()).toISOString(), { attempted: false });
    this.#logger.error('outbox item cannot be opened; kept as failed for maintenance', { id: head.id, stream: head.stream });
    return false;
  }

  #networkChanged(change: NetworkSnapshot): void {
    if (change.state === 'offline') return;
    if (change.previous === 'offline') {
      // Connectivity is back: nobody should sit out the rest of a long backoff.
      this.#outbox.ledger.resetBackoff();
    }
    this.wake();
  }

  #sleep(stream: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#sleepers.get(stream) === done) this.#sleepers.delete(stream);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#sleepers.set(stream, done);
    });
  }

  async #withSlot(run: () => Promise<void>): Promise<void> {
    while (this.#active >= this.#maxConcurrent) await new Promise<void>((resolve) => this.#slotWaiters.push(resolve));
    this.#active += 1;
    try {
      await run();
    } finally {
      this.#active -= 1;
      this.#slotWaiters.shift()?.();
    }
  }

  #purge(): void {
    try {
      this.#outbox.purgeExpired();
    } catch (error) {
      this.#logger.error('outbox purge failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
