/**
 * Delivers the outbox: one lane per stream, lanes side by side (bounded by maxConcurrent). Order
 * is kept per case, not per stream: an item is sent only when no earlier item of its case (its
 * order key) is still pending, so a stuck item holds back its own case and nothing else. Items
 * without a case wait for nobody.
 *
 * A failure while the upstream accepted nothing else since the item's previous attempt looks
 * like an outage: the lane pauses for the backoff before it sends anything, then tries another
 * item first, so an outage is not hammered and a single bad item is found out. A failure while
 * others went through (a strike) pauses nothing: the lane goes on with the other cases.
 *
 * Only a definite refusal (4xx other than 408/409/425/429) settles an item as failed. A timeout or
 * 5xx is an unknown outcome (the upstream may have stored it): the item is retried with capped
 * backoff for as long as it takes, never given up, so nothing after it can overtake it. A head
 * that keeps failing for `stuckAlertMs` raises an alert naming its stream and since when.
 *
 * Local write failures (a full disk refusing an update) are not upstream failures: they never
 * change the network state, and each lane retries them on one bounded backoff chain.
 */
import { EventEmitter } from 'node:events';
import type { AlertBoard } from '../alerts/alert-board.ts';
import { silentLogger, type Logger } from '../logging/logger.ts';
import { UpstreamError, type UpstreamClient } from '../upstream/upstream-client.ts';
import { backoffCeiling, DEFAULT_BACKOFF, fullJitterDelay, type BackoffPolicy } from '../../contract/rules/backoff.ts';
import type { OpenedHead, OutboxHead } from './delivery-ledger.ts';
import type { CallOutcome, NetworkMonitor, NetworkSnapshot } from './network-monitor.ts';
import type { KeyReport, Outbox, OutboxItem } from './outbox.ts';
import { isStorageFull } from './outbox-errors.ts';
import { errorMessage } from '../util/error-message.ts';

export interface SyncWorkerOptions {
  outbox: Outbox;
  upstream: () => Pick<UpstreamClient, 'submit'>;
  monitor: NetworkMonitor;
  logger?: Logger;
  backoff?: BackoffPolicy;
  /** Where stuck streams, full disks and unreadable items are shown to staff. */
  alerts?: AlertBoard;
  /** A head failing (or waiting offline) this long raises an alert; default 30 minutes. */
  stuckAlertMs?: number;
  /** Deliveries in flight at once, across streams; default 4. */
  maxConcurrent?: number;
  /** How often delivered payloads past retention are purged; default hourly. */
  purgeIntervalMs?: number;
  random?: () => number;
  now?: () => number;
}

export type FailureClass = 'permanent' | 'cancelled' | Exclude<CallOutcome, 'ok'>;

/** 4xx is the upstream's final word, except "try later" and "conflict" statuses. */
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);
/** Lanes re-check at least this often, whatever they wait for. */
const MAX_SLEEP_MS = 60_000;
/** Local failures are retried at most once a second, then less often: the disk will not free itself faster. */
const LOCAL_RETRY: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };
const DEFAULT_STUCK_ALERT_MS = 30 * 60_000;

/** How an attempt ended, for the lane: an outage pauses it, anything else lets it go on. */
type Attempt = { kind: 'delivered' | 'refused' | 'strike' | 'outage' | 'cancelled' };

/** Thrown by a lane when the terminal itself (not the upstream) failed to record an outcome. */
class LocalWriteError extends Error {
  constructor(cause: unknown) {
    super(errorMessage(cause), { cause });
    this.name = 'LocalWriteError';
  }
}

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
  readonly #alerts: AlertBoard | undefined;
  readonly #stuckAlertMs: number;
  readonly #maxConcurrent: number;
  readonly #purgeIntervalMs: number;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #lanes = new Map<string, Promise<void>>();
  readonly #sleepers = new Map<string, () => void>();
  /** Streams poked while their lane was running: the lane must look again before it ends. */
  readonly #poked = new Set<string>();
  /** Items sealed with a key we do not hold, by stream: skipped, their cases wait. */
  readonly #held = new Map<string, Set<number>>();
  /** Items failing for at least stuckAlertMs, by stream: the stream's stuck alert lists them. */
  readonly #stuck = new Map<string, Map<number, { since: string; attempts: number; lastError: string }>>();
  readonly #slotWaiters: Array<() => void> = [];
  /** One pending local-failure retry per stream, and how many local failures in a row it had. */
  readonly #localRetries = new Map<string, NodeJS.Timeout>();
  readonly #localFailures = new Map<string, number>();
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
    this.#alerts = options.alerts;
    this.#stuckAlertMs = options.stuckAlertMs ?? DEFAULT_STUCK_ALERT_MS;
    this.#maxConcurrent = options.maxConcurrent ?? 4;
    this.#purgeIntervalMs = options.purgeIntervalMs ?? 3_600_000;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  get heldStreams(): string[] {
    return [...this.#held.keys()];
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
    this.#reportUndecryptable(keys);
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

  /**
   * Looks again at items held for an unknown key (after the key was restored, or maintenance set
   * them aside), in one stream or all.
   */
  retryHeld(stream?: string): void {
    if (stream === undefined) this.#held.clear();
    else this.#held.delete(stream);
    this.#reportUndecryptable(this.#outbox.keyReport());
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
    for (const timer of this.#localRetries.values()) clearTimeout(timer);
    this.#localRetries.clear();
    this.#outbox.off('enqueued', this.#onEnqueued);
    this.#monitor.off('change', this.#onNetwork);
    this.#monitor.stop();
    this.#running = false;
  }

  #poke(stream: string): void {
    if (!this.#running || this.#closing) return;
    // A local failure is being waited out: its one timer pokes the lane, nobody else does.
    if (this.#localRetries.has(stream)) return;
    if (this.#monitor.state === 'offline') this.#monitor.probeSoon();
    if (this.#lanes.has(stream)) {
      this.#poked.add(stream);
      this.#sleepers.get(stream)?.();
      return;
    }
    const lane = this.#lane(stream)
      .then(() => this.#localSucceeded(stream))
      .catch((error: unknown) => this.#localFailed(stream, error))
      .finally(() => {
        this.#lanes.delete(stream);
        if (this.#poked.delete(stream)) this.#poke(stream);
      });
    this.#lanes.set(stream, lane);
  }

  /** The item stays pending; the lane looks again after a backoff that grows with each failure in a row. */
  #localFailed(stream: string, error: unknown): void {
    const failures = (this.#localFailures.get(stream) ?? 0) + 1;
    this.#localFailures.set(stream, failures);
    const cause = error instanceof LocalWriteError ? error.cause : error;
    const full = isStorageFull(cause);
    const message = errorMessage(error);
    const delayMs = backoffCeiling(failures, LOCAL_RETRY);
    this.#logger.error('outbox lane failed locally; retrying', { stream, failures, delayMs, error: message });
    this.#alerts?.raise(
      full
        ? { id: 'outbox-disk-full', kind: 'disk-full', severity: 'critical', detail: `the disk is full: delivery outcomes of stream ${stream} cannot be recorded; free disk space` }
        : { id: `outbox-local:${stream}`, kind: 'outbox-local-write', severity: 'critical', detail: `stream ${stream}: the terminal cannot record delivery outcomes (${message.slice(0, 200)})` },
    );
    if (!this.#running || this.#closing) return;
    const timer = setTimeout(() => {
      this.#localRetries.delete(stream);
      this.#poke(stream);
    }, delayMs);
    timer.unref();
    this.#localRetries.set(stream, timer);
  }

  #localSucceeded(stream: string): void {
    if (!this.#localFailures.delete(stream)) return;
    this.#alerts?.clear(`outbox-local:${stream}`);
    if (this.#localFailures.size === 0) this.#alerts?.clear('outbox-disk-full');
  }

  async #lane(stream: string): Promise<void> {
    const ledger = this.#outbox.ledger;
    /** The item whose failure paused the lane: another one is tried first after the pause. */
    let skip = 0;
    let outages = 0;
    while (this.#running) {
      this.#poked.delete(stream);
      if (this.#closing && this.#now() >= this.#deadline) return;
      if (this.#monitor.state === 'offline') {
        if (this.#closing) return;
        const waiting = ledger.head(stream);
        if (waiting === undefined) return this.#allDelivered(stream);
        this.#checkStuck(waiting, 'the upstream is unreachable');
        await this.#sleep(stream, MAX_SLEEP_MS);
        continue;
      }
      const held = [...(this.#held.get(stream) ?? [])];
      const next = ledger.next(stream, new Date(this.#now()).toISOString(), { skip, held });
      if (next === undefined) {
        if (ledger.head(stream) === undefined) return this.#allDelivered(stream);
        const dueAt = ledger.nextDueAt(stream);
        // Nothing will come due by itself (only held items and their cases): wait for a poke.
        if (dueAt === null || this.#closing) return;
        await this.#sleep(stream, Math.min(Math.max(Date.parse(dueAt) - this.#now(), 1), MAX_SLEEP_MS));
        continue;
      }
      const opened = ledger.open(next);
      if (!opened.ok) {
        this.#unopenable(next, opened);
        continue;
      }
      const outcome = await this.#withSlot(() => this.#deliver(next, opened.payload));
      if (outcome.kind !== 'outage') {
        if (outcome.kind !== 'cancelled') outages = 0;
        skip = 0;
        continue;
      }
      skip = next.id;
      outages += 1;
      if (this.#closing) return;
      await this.#sleep(stream, Math.min(fullJitterDelay(outages, this.#backoff, this.#random), MAX_SLEEP_MS));
    }
  }

  async #deliver(head: OutboxHead, payload: unknown): Promise<Attempt> {
    const ledger = this.#outbox.ledger;
    const previousAttemptAt = Date.parse(head.lastAttemptAt ?? head.createdAt);
    let receipt;
    try {
      receipt = await this.#upstream().submit(
        {
          idempotencyKey: head.idempotencyKey,
          stream: head.stream,
          kind: head.kind,
          createdAt: head.createdAt,
          sequence: head.id,
          ...(head.orderKey === null ? {} : { case: head.orderKey }),
          payload,
        },
        { signal: this.#abort.signal },
      );
    } catch (error) {
      return this.#failedAttempt(head, error, previousAttemptAt);
    }
    this.#lastSuccessAt = this.#now();
    this.#monitor.report('ok');
    try {
      ledger.markDelivered(head.id, receipt.reference, new Date(this.#now()).toISOString());
    } catch (error) {
      // The upstream has it; the retry after the disk recovers gets its 409.
      throw new LocalWriteError(error);
    }
    this.#notStuck(head);
    return { kind: 'delivered' };
  }

  #failedAttempt(head: OutboxHead, error: unknown, previousAttemptAt: number): Attempt {
    const ledger = this.#outbox.ledger;
    const failure = classifyFailure(error);
    if (failure === 'cancelled') return { kind: 'cancelled' };
    const message = errorMessage(error);
    const at = new Date(this.#now()).toISOString();
    const fields = { id: head.id, stream: head.stream, idempotencyKey: head.idempotencyKey, error: message };
    // A strike: the upstream accepted something else since this item's last attempt. Counted for
    // staff, never a reason to give up (the upstream may have stored this item already); only
    // whether the lane pauses depends on it.
    const strike = this.#lastSuccessAt > previousAttemptAt;
    try {
      if (failure === 'permanent') {
        // The upstream answered: it is reachable, it just refuses this item.
        this.#monitor.report('ok');
        ledger.markFailed(head.id, message, at);
        this.#logger.warn('submission refused by the upstream; kept for maintenance', fields);
        this.#notStuck(head);
        return { kind: 'refused' };
      }
      this.#monitor.report(failure);
      const delay = fullJitterDelay(head.attempts + 1, this.#backoff, this.#random);
      ledger.markRetry(head.id, { attemptedAt: at, nextAttemptAt: new Date(this.#now() + delay).toISOString(), strike, error: message });
    } catch (writeError) {
      throw new LocalWriteError(writeError);
    }
    this.#checkStuck({ ...head, failingSince: head.failingSince ?? at, attempts: head.attempts + 1 }, message);
    return { kind: strike ? 'strike' : 'outage' };
  }

  /** Lists the item on its stream's stuck alert once it has waited `stuckAlertMs`. */
  #checkStuck(head: Pick<OutboxHead, 'id' | 'stream' | 'attempts' | 'failingSince' | 'createdAt'>, lastError: string): void {
    if (!this.#alerts) return;
    const since = head.failingSince ?? head.createdAt;
    if (this.#now() - Date.parse(since) < this.#stuckAlertMs) return;
    let items = this.#stuck.get(head.stream);
    if (!items) this.#stuck.set(head.stream, (items = new Map()));
    if (!items.has(head.id)) this.#logger.error('outbox item stuck', { stream: head.stream, id: head.id, since, attempts: head.attempts });
    items.set(head.id, { since, attempts: head.attempts, lastError });
    this.#raiseStuck(head.stream);
  }

  #raiseStuck(stream: string): void {
    const items = this.#stuck.get(stream);
    if (!this.#alerts || !items) return;
    const [id, oldest] = [...items.entries()].sort((a, b) => a[1].since.localeCompare(b[1].since) || a[0] - b[0])[0]!;
    const more = items.size > 1 ? `; ${items.size - 1} more item(s) of this stream are stuck too` : '';
    const detail =
      `stream ${stream}: item #${id} has not been delivered since ${oldest.since} (${oldest.attempts} attempts; ` +
      `later items of its case wait behind it${more}); last error: ${oldest.lastError.slice(0, 300)}`;
    this.#alerts.raise({ id: `outbox-stuck:${stream}`, kind: 'outbox-stream-stuck', severity: 'critical', since: oldest.since, detail });
  }

  #notStuck(head: Pick<OutboxHead, 'id' | 'stream'>): void {
    const items = this.#stuck.get(head.stream);
    if (!items?.delete(head.id)) return;
    if (items.size > 0) return this.#raiseStuck(head.stream);
    this.#stuck.delete(head.stream);
    this.#alerts?.clear(`outbox-stuck:${head.stream}`);
  }

  #allDelivered(stream: string): void {
    this.#stuck.delete(stream);
    this.#alerts?.clear(`outbox-stuck:${stream}`);
  }

  /** An unknown key holds the item (and its case) until the key is back; a damaged payload fails it. */
  #unopenable(head: OutboxHead, opened: Extract<OpenedHead, { ok: false }>): void {
    if (opened.problem === 'unknown-key') {
      let held = this.#held.get(head.stream);
      if (!held) this.#held.set(head.stream, (held = new Set()));
      if (held.has(head.id)) return;
      held.add(head.id);
      this.#logger.error('outbox item held: it was sealed with another key', { stream: head.stream, id: head.id, keyId: head.keyId });
      if (held.size === 1) this.emit('held', { stream: head.stream, detail: opened.detail });
      this.#reportUndecryptable(this.#outbox.keyReport());
      return;
    }
    this.#outbox.ledger.markFailed(head.id, opened.detail, new Date(this.#now()).toISOString(), { attempted: false });
    this.#logger.error('outbox item cannot be opened; kept as failed for maintenance', { id: head.id, stream: head.stream });
  }

  #reportUndecryptable(keys: KeyReport): void {
    if (keys.undecryptable === 0) {
      this.#alerts?.clear('outbox-undecryptable');
      return;
    }
    this.#alerts?.raise({
      id: 'outbox-undecryptable',
      kind: 'outbox-undecryptable',
      severity: 'critical',
      detail:
        `${keys.undecryptable} undelivered item(s) were sealed with a key this terminal does not hold (${keys.unknownKeyIds.join(', ')}); ` +
        'they are kept and their cases wait: restore the key, or set them aside in maintenance',
    });
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

  async #withSlot<T>(run: () => Promise<T>): Promise<T> {
    while (this.#active >= this.#maxConcurrent) await new Promise<void>((resolve) => this.#slotWaiters.push(resolve));
    this.#active += 1;
    try {
      return await run();
    } finally {
      this.#active -= 1;
      this.#slotWaiters.shift()?.();
    }
  }

  #purge(): void {
    try {
      this.#outbox.purgeExpired();
    } catch (error) {
      this.#logger.error('outbox purge failed', { error: errorMessage(error) });
    }
  }
}
