/**
 * Online / degraded / offline, from the outcome of every upstream call (deliveries and a periodic
 * GET /health probe):
 *   - online:   the last call succeeded;
 *   - degraded: the upstream answered with an error (5xx, malformed), or fewer than
 *               `offlineAfter` calls in a row could not reach it;
 *   - offline:  `offlineAfter` calls in a row could not reach it (connection refused, reset, timeout).
 * It probes every `onlineProbeMs` while online and every `offlineProbeMs` otherwise, so a return
 * of connectivity is noticed within seconds and announced with a 'change' event.
 */
import { EventEmitter } from 'node:events';

export type NetworkState = 'online' | 'degraded' | 'offline';
export type CallOutcome = 'ok' | 'error' | 'unreachable';

export interface NetworkSnapshot {
  state: NetworkState;
  changedAt: string;
  previous: NetworkState;
}

export interface NetworkMonitorOptions {
  /** Resolves when the upstream is healthy; rejects with the reason otherwise. */
  probe: () => Promise<void>;
  /** Classifies a probe failure (an UpstreamError kind, usually). */
  classify: (error: unknown) => CallOutcome;
  onlineProbeMs?: number;
  offlineProbeMs?: number;
  offlineAfter?: number;
  /** Extra probes (on enqueue while offline) are at least this far apart. */
  minProbeGapMs?: number;
  now?: () => number;
}

export class NetworkMonitor extends EventEmitter<{ change: [NetworkSnapshot] }> {
  readonly #options: Required<Omit<NetworkMonitorOptions, 'probe' | 'classify'>> & Pick<NetworkMonitorOptions, 'probe' | 'classify'>;
  #state: NetworkState = 'offline';
  #changedAt: number;
  #unreachableRun = 0;
  #timer: NodeJS.Timeout | undefined;
  #probing: Promise<void> | undefined;
  #lastProbeAt = -Infinity;
  #running = false;
  #heard = false;

  constructor(options: NetworkMonitorOptions) {
    super();
    this.#options = {
      onlineProbeMs: 30_000,
      offlineProbeMs: 5_000,
      offlineAfter: 3,
      minProbeGapMs: 1_000,
      now: Date.now,
      ...options,
    };
    this.#changedAt = this.#options.now();
  }

  get state(): NetworkState {
    return this.#state;
  }

  /**
   * False until the first probe or call has answered: 'offline' until then is the outbox's
   * cautious start, not something known about the network.
   */
  get heard(): boolean {
    return this.#heard;
  }

  snapshot(): { state: NetworkState; changedAt: string } {
    return { state: this.#state, changedAt: new Date(this.#changedAt).toISOString() };
  }

  /** Starts probing: one probe now, then on the schedule. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.probeNow();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  report(outcome: CallOutcome): void {
    const firstAnswer = !this.#heard;
    this.#heard = true;
    if (outcome === 'unreachable') this.#unreachableRun += 1;
    else this.#unreachableRun = 0;
    const next: NetworkState =
      outcome === 'ok'
        ? 'online'
        : outcome === 'error'
          ? 'degraded'
          : this.#unreachableRun >= this.#options.offlineAfter || this.#state === 'offline'
            ? 'offline'
            : 'degraded';
    if (next === this.#state) {
      // The first answer tells the screen what was only assumed until now, even if it confirms it.
      if (firstAnswer) this.emit('change', { ...this.snapshot(), previous: this.#state });
      return;
    }
    const previous = this.#state;
    this.#state = next;
    this.#changedAt = this.#options.now();
    this.#schedule();
    this.emit('change', { ...this.snapshot(), previous });
  }

  /** A probe now, unless one is running or the last was under `minProbeGapMs` ago. */
  probeSoon(): void {
    if (this.#probing || this.#options.now() - this.#lastProbeAt < this.#options.minProbeGapMs) return;
    void this.probeNow();
  }

  probeNow(): Promise<void> {
    this.#probing ??= (async () => {
      this.#lastProbeAt = this.#options.now();
      try {
        await this.#options.probe();
        if (this.#running) this.report('ok');
      } catch (error) {
        if (this.#running) this.report(this.#options.classify(error));
      } finally {
        this.#probing = undefined;
        this.#schedule();
      }
    })();
    return this.#probing;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (!this.#running) return;
    const interval = this.#state === 'online' ? this.#options.onlineProbeMs : this.#options.offlineProbeMs;
    this.#timer = setTimeout(() => void this.probeNow(), interval);
    this.#timer.unref();
  }
}
