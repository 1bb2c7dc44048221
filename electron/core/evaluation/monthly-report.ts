/**
 * The monthly 好差评 report the halls upload to the provincial platform: transactions and
 * ratings per service, as JSON (for the upload) and CSV (for people). Built from the local tally,
 * so it holds counts only. Uploading goes through the outbox with a key per terminal and month,
 * so a report is delivered exactly once however often the upload is retried.
 */
import type { EnqueueResult, Outbox } from '../outbox/outbox.ts';
import { RATING_LEVELS } from './evaluations.ts';
import { OutboxError } from '../outbox/outbox-errors.ts';
import { isMonth, type ServiceMonthTally, type ServiceTally } from './service-tally.ts';

export const REPORT_STREAM = 'reports';
export const REPORT_KIND = 'evaluation-report.monthly.v1';
export const REPORT_FORMAT = 'bianmin-kiosk/evaluation-report/v1';

export interface ReportLine {
  serviceId: string;
  transactions: number;
  evaluations: number;
  ratings: Record<(typeof RATING_LEVELS)[number], number>;
  /** Ratings 3-5 over all ratings (好评率), 4 decimals; null without ratings. */
  satisfactionRate: number | null;
  /** Evaluations over transactions, 4 decimals; null without transactions. */
  evaluationRate: number | null;
  badReasons: Record<string, number>;
}

export interface MonthlyReport {
  format: typeof REPORT_FORMAT;
  terminalId: string;
  month: string;
  /** The time zone months are counted in, e.g. '+08:00'. */
  utcOffset: string;
  generatedAt: string;
  services: ReportLine[];
  totals: Omit<ReportLine, 'serviceId'>;
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/** One report line from counts; the fleet console sums terminals' counts through it too, so rates round alike. */
export function reportLine(tally: Omit<ServiceMonthTally, 'serviceId'>): Omit<ReportLine, 'serviceId'> {
  const evaluations = tally.ratings.reduce((sum, n) => sum + n, 0);
  const ratings = Object.fromEntries(RATING_LEVELS.map((level, i) => [level, tally.ratings[i] ?? 0])) as ReportLine['ratings'];
  return {
    transactions: tally.transactions,
    evaluations,
    ratings,
    satisfactionRate: rate(tally.ratings[2] + tally.ratings[3] + tally.ratings[4], evaluations),
    evaluationRate: rate(evaluations, tally.transactions),
    badReasons: tally.reasons,
  };
}

export function buildMonthlyReport(
  tally: ServiceTally,
  options: { terminalId: string; month: string; generatedAt?: Date },
): MonthlyReport {
  if (!isMonth(options.month)) throw new OutboxError('invalid-submission', `invalid month ${JSON.stringify(options.month)}: use YYYY-MM`);
  const rows = tally.month(options.month);
  const sum: Omit<ServiceMonthTally, 'serviceId'> = { transactions: 0, ratings: [0, 0, 0, 0, 0], reasons: {} };
  for (const row of rows) {
    sum.transactions += row.transactions;
    row.ratings.forEach((n, i) => (sum.ratings[i] = (sum.ratings[i] ?? 0) + n));
    for (const [reason, n] of Object.entries(row.reasons)) sum.reasons[reason] = (sum.reasons[reason] ?? 0) + n;
  }
  const offset = tally.utcOffsetMinutes;
  const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  return {
    format: REPORT_FORMAT,
    terminalId: options.terminalId,
    month: options.month,
    utcOffset: `${offset < 0 ? '-' : '+'}${hhmm}`,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    services: rows.map((row) => ({ serviceId: row.serviceId, ...reportLine(row) })),
    totals: reportLine(sum),
  };
}

const CSV_HEADER = [
  'month',
  'terminal_id',
  'service_id',
  'transactions',
  'evaluations',
  ...RATING_LEVELS.map((level) => level.replaceAll('-', '_')),
  'satisfaction_rate',
  'evaluation_rate',
  'bad_reasons',
];

const csvField = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** RFC 4180 CSV (CRLF), one line per service and a final '*' line with the totals. */
export function monthlyReportCsv(report: MonthlyReport): string {
  const lines = [...report.services, { serviceId: '*', ...report.totals }].map((entry) =>
    [
      report.month,
      report.terminalId,
      entry.serviceId,
      entry.transactions,
      entry.evaluations,
      ...RATING_LEVELS.map((level) => entry.ratings[level]),
      entry.satisfactionRate,
      entry.evaluationRate,
      Object.entries(entry.badReasons)
        .map(([reason, n]) => `${reason}:${n}`)
        .join(';'),
    ]
      .map(csvField)
      .join(','),
  );
  return [CSV_HEADER.join(','), ...lines].map((l) => `${l}\r\n`).join('');
}

/** Queues the report for upload; the same terminal and month is queued once only. */
export function queueMonthlyReport(outbox: Outbox, report: MonthlyReport): EnqueueResult {
  return outbox.enqueue({
    stream: REPORT_STREAM,
    kind: REPORT_KIND,
    payload: report,
    idempotencyKey: `report-${report.terminalId}-${report.month}`,
  });
}

/**
 * Queues last month's report if it has anything to report and was not queued yet. Safe to call
 * at every start and periodically: the idempotency key makes it once per terminal and month.
 */
export function queuePreviousMonthReport(
  outbox: Outbox,
  tally: ServiceTally,
  terminalId: string,
  now: Date = new Date(),
): EnqueueResult | undefined {
  const previous = previousMonth(tally.monthOf(now));
  if (outbox.getByKey(`report-${terminalId}-${previous}`) !== undefined) return undefined;
  if (tally.month(previous).length === 0) return undefined;
  return queueMonthlyReport(outbox, buildMonthlyReport(tally, { terminalId, month: previous, generatedAt: now }));
}

/** 'YYYY-MM' of the month before. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}
