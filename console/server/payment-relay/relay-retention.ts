/**
 * Keeps the payment relay's counts bounded: hourly rows older than `paymentRelay.countsRetentionDays`
 * are folded into per-terminal-and-channel totals and deleted, and the per-minute rows the
 * payment-relay-failing alert reads are kept a day (storage/payment-relay-store.ts prune). Runs in
 * every console instance, at start and then hourly; the store makes concurrent prunes safe.
 */
import type { Logger } from '../../../electron/core/logging/logger.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import { hourOf, minuteOf, type PaymentRelayStore, type PruneResult } from '../storage/payment-relay-store.ts';

/** The longest alert window (alerts/alert-rules.ts paymentRelayFailing.windowMinutes) and an hour to spare. */
const MINUTES_KEPT_MS = 25 * 3600_000;

export const RELAY_PRUNE_INTERVAL_MS = 3600_000;

export class RelayRetention {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: PaymentRelayStore,
    private readonly retentionDays: number,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /** Prunes now, then every `intervalMs`; a failed prune is logged and tried at the next interval. */
  start(intervalMs = RELAY_PRUNE_INTERVAL_MS): void {
    if (this.#timer) return;
    const run = () => {
      this.#running = this.prune().catch((error: unknown) => this.logger.warn('payment relay counts not pruned; tried again at the next interval', { error: errorMessage(error) }));
    };
    run();
    this.#timer = setInterval(run, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async prune(): Promise<PruneResult> {
    const now = this.now().getTime();
    const result = await this.store.prune(hourOf(new Date(now - this.retentionDays * 86_400_000)), minuteOf(new Date(now - MINUTES_KEPT_MS)));
    if (result.hourRows > 0 || result.unattributedRows > 0) this.logger.info('payment relay counts pruned', { retentionDays: this.retentionDays, ...result });
    return result;
  }
}
