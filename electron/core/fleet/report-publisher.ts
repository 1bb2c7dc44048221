/**
 * Sends the terminal's monthly 好差评 reports (evaluation/monthly-report.ts, the same document the
 * hall uploads) to the fleet console on `<prefix>/terminals/<id>/reports`:
 *
 * - the previous month's, once the agent is online after a start and again at each month turn;
 * - any month on request, by the signed `send-monthly-report` command (fleet-agent.ts).
 *
 * Not the last twelve months at every connect: after a broker restart hundreds of terminals would
 * each send twelve reports; the console asks for the months it lacks instead. The console keeps
 * one report per terminal and month (the newest `generatedAt` wins), so a repeat never counts twice.
 *
 * Each report carries the terminal's `site` (region, hall, tags) as it is when the report is made,
 * so the console counts a month in the hall the terminal served it in even after it moves.
 */
import { buildMonthlyReport, previousMonth, type MonthlyReport } from '../evaluation/monthly-report.ts';
import type { ServiceTally } from '../evaluation/service-tally.ts';
import { errorMessage } from '../util/error-message.ts';
import type { FleetAgent } from './fleet-agent.ts';
import type { SiteSummary } from './heartbeat.ts';

/** The month's document as the hall uploads it, plus the site it was made under (for the fleet only). */
export type FleetMonthlyReport = MonthlyReport & { site?: SiteSummary };

export interface ReportPublisherOptions {
  agent: Pick<FleetAgent, 'publishReport' | 'state' | 'on' | 'off'>;
  tally: ServiceTally;
  terminalId: () => string;
  /** The config's site now (site-summary.ts); without it reports carry none. */
  site?: () => SiteSummary;
  now?: () => Date;
  /** How often the month turn is looked for; default 15 minutes. */
  checkMs?: number;
  onError?: (message: string, fields?: Record<string, unknown>) => void;
}

/** A month's report for the fleet; a month that has not begun in the terminal's time zone is refused. */
export function monthlyReportFor(tally: ServiceTally, terminalId: string, month: string, now: Date = new Date(), site?: SiteSummary): FleetMonthlyReport {
  const current = tally.monthOf(now);
  if (/^\d{4}-\d{2}$/.test(month) && month > current) throw new Error(`month ${month} has not begun (it is ${current} here)`);
  const report = buildMonthlyReport(tally, { terminalId, month, generatedAt: now });
  return site ? { ...report, site } : report;
}

export class ReportPublisher {
  readonly #o: ReportPublisherOptions;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | undefined;
  /** The last previous-month report the broker took since this start. */
  #sent: string | undefined;
  #sending: Promise<void> | undefined;
  readonly #onState = (state: string) => {
    if (state === 'online') void this.sendPreviousMonth();
    // Ends with its agent, so whoever stops the agent need not know about this.
    if (state === 'stopped') this.stop();
  };

  constructor(options: ReportPublisherOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.#timer) return;
    this.#o.agent.on('state', this.#onState);
    this.#timer = setInterval(() => void this.sendPreviousMonth(), this.#o.checkMs ?? 15 * 60_000);
    this.#timer.unref();
    if (this.#o.agent.state === 'online') void this.sendPreviousMonth();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#o.agent.off('state', this.#onState);
  }

  /**
   * Publishes last month's report unless it already went out since this start. A failure (offline,
   * broker refusal) is reported and retried at the next connect or check: never given up on.
   */
  sendPreviousMonth(): Promise<void> {
    this.#sending ??= this.#sendPrevious().finally(() => (this.#sending = undefined));
    return this.#sending;
  }

  async #sendPrevious(): Promise<void> {
    if (this.#o.agent.state !== 'online') return;
    const now = this.#now();
    const month = previousMonth(this.#o.tally.monthOf(now));
    if (month === this.#sent) return;
    try {
      await this.#o.agent.publishReport(monthlyReportFor(this.#o.tally, this.#o.terminalId(), month, now, this.#o.site?.()));
      this.#sent = month;
    } catch (error) {
      this.#o.onError?.('monthly report not sent to the fleet', { month, error: errorMessage(error) });
    }
  }
}
