/**
 * The daily 日对账: after 02:30 China time (when the channels publish the day's statements), the
 * day before is reconciled once. A run that throws, or that could not fetch some channel's
 * statement, is tried again after the project's backoff wait (the day is not reconciled for that
 * channel until it is), still once the day is done. The clock is injected so tests drive it.
 */
import { fullJitterDelay, type BackoffPolicy } from '../../contract/rules/backoff.ts';
import type { Logger } from '../logging/logger.ts';
import { errorMessage } from '../util/error-message.ts';
import type { ReconciliationReport } from './reconciliation.ts';
import { chinaDay, chinaWallClock } from '../../contract/rules/zoned-time.ts';

/** 02:30 in minutes after midnight, China time. */
const DUE_MINUTE = 2 * 60 + 30;
const DAY_MS = 86_400_000;
/** Statements can be late by hours: the waits between retries grow to half an hour. */
export const RECONCILE_BACKOFF: BackoffPolicy = { baseMs: 60_000, capMs: 30 * 60_000 };

/** The China day before `now`, once it is past 02:30 China time; undefined before. */
export function dueDay(now: Date): string | undefined {
  const clock = chinaWallClock(now);
  if (Number(clock.slice(11, 13)) * 60 + Number(clock.slice(14, 16)) < DUE_MINUTE) return undefined;
  return chinaDay(new Date(now.getTime() - DAY_MS));
}

export interface DailyReconciliationOptions {
  reconcile: (day: string) => Promise<ReconciliationReport>;
  logger: Logger;
  now?: () => Date;
  random?: () => number;
  backoff?: BackoffPolicy;
}

export class DailyReconciliation {
  readonly #o: DailyReconciliationOptions;
  readonly #now: () => Date;
  #doneDay = '';
  #failures = 0;
  #retryAt = 0;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #last: ReconciliationReport | undefined;

  constructor(options: DailyReconciliationOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** The last report of a daily run (complete or not). */
  get lastReport(): ReconciliationReport | undefined {
    return this.#last;
  }

  /** The day last reconciled completely by the daily run. */
  get reconciledDay(): string {
    return this.#doneDay;
  }

  /** Looks at the clock once and runs the due day when it is time; what the minute timer calls. */
  tick(): Promise<void> {
    const now = this.#now();
    const day = dueDay(now);
    if (day === undefined || day === this.#doneDay || now.getTime() < this.#retryAt || this.#running) return this.#running ?? Promise.resolve();
    this.#running = this.#run(day).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  start(intervalMs = 60_000): void {
    this.#timer ??= setInterval(() => void this.tick(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #run(day: string): Promise<void> {
    const { logger } = this.#o;
    try {
      const report = await this.#o.reconcile(day);
      this.#last = report;
      logger.info('daily reconciliation', { day, orders: report.ordersChecked, differences: report.differences.length, unavailable: report.unavailable });
      if (report.unavailable.length === 0) {
        this.#doneDay = day;
        this.#failures = 0;
        this.#retryAt = 0;
        return;
      }
      this.#later();
    } catch (error) {
      logger.error('daily reconciliation failed', { day, error: errorMessage(error) });
      this.#later();
    }
  }

  #later(): void {
    this.#failures += 1;
    this.#retryAt = this.#now().getTime() + fullJitterDelay(this.#failures, this.#o.backoff ?? RECONCILE_BACKOFF, this.#o.random);
  }
}
