/**
 * The fleet's monthly figures from the terminals' own monthly reports: per service, per hall and
 * per terminal. Every figure is a sum of terminals' counts (rates are computed again from the
 * sums with the terminal's own rule, reportLine), so a row, or the total, equals the sum of the
 * reports that went into it. A report counts in the hall it was made under (stored with it,
 * report-store.ts), not the hall its terminal reports now: a terminal moved to another hall keeps
 * its past months where it served them. Only a report without a stored site (callers passing
 * reports themselves) falls back to the registry's site. No hall known: "no hall" (key '').
 */
import { RATING_LEVELS } from '../../../electron/core/evaluation/evaluations.ts';
import { reportLine, type MonthlyReport, type ReportLine } from '../../../electron/core/evaluation/monthly-report.ts';
import type { ServiceMonthTally } from '../../../electron/core/evaluation/service-tally.ts';
import type { ReportCounts, ReportGrouping, ReportHall, ReportRow, ReportSummary } from '../../shared/report-types.ts';
import type { StoredReport } from '../storage/report-store.ts';
import { EMPTY_NAMES, namesFor, type ReportNameCatalogue } from './report-names.ts';

export interface TerminalSite {
  id: string;
  region: string | null;
  hall: string | null;
}

export function hallKey(site: { region: string | null; hall: string | null }): string {
  return site.hall === null ? '' : `${site.region ?? ''}/${site.hall}`;
}

type Sum = Omit<ServiceMonthTally, 'serviceId'>;

const emptySum = (): Sum => ({ transactions: 0, ratings: [0, 0, 0, 0, 0], reasons: {} });

function add(sum: Sum, line: Omit<ReportLine, 'serviceId'>): void {
  sum.transactions += line.transactions;
  RATING_LEVELS.forEach((level, i) => (sum.ratings[i] = (sum.ratings[i] ?? 0) + line.ratings[level]));
  for (const [reason, n] of Object.entries(line.badReasons)) sum.reasons[reason] = (sum.reasons[reason] ?? 0) + n;
}

const counts = (sum: Sum): ReportCounts => reportLine(sum);

/** Months end at midnight in the terminal's own time zone (the report's utcOffset). */
export function monthEnd(month: string, utcOffset: string): number {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const sign = utcOffset.startsWith('-') ? -1 : 1;
  const [hh, mm] = utcOffset.slice(1).split(':').map(Number) as [number, number];
  return Date.UTC(year, m, 1) - sign * (hh * 60 + mm) * 60_000;
}

export function summarize(input: {
  month: string;
  groupBy: ReportGrouping;
  hall?: string | undefined;
  reports: StoredReport[];
  terminals: TerminalSite[];
  names?: ReportNameCatalogue;
}): ReportSummary {
  const sites = new Map(input.terminals.map((t) => [t.id, t]));
  const siteNow = (id: string): TerminalSite => sites.get(id) ?? { id, region: null, hall: null };
  // Where the report was made (stored with it); the registry's site only for a report without one.
  const reportSites = new Map(input.reports.map((r) => [r.report.terminalId, r.site ? { id: r.report.terminalId, region: r.site.region, hall: r.site.hall } : siteNow(r.report.terminalId)]));
  const siteOf = (id: string): TerminalSite => reportSites.get(id) ?? siteNow(id);
  const inHall = (id: string) => input.hall === undefined || hallKey(siteOf(id)) === input.hall;
  const reports = input.reports.filter((r) => inHall(r.report.terminalId));

  const buckets = new Map<string, { sum: Sum; terminals: Set<string>; region: string | null; hall: string | null }>();
  const bucket = (key: string, region: string | null, hall: string | null) => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { sum: emptySum(), terminals: new Set(), region, hall }));
    return b;
  };
  const total = emptySum();
  for (const { report } of reports) {
    const site = siteOf(report.terminalId);
    add(total, report.totals);
    if (input.groupBy === 'service') {
      for (const line of report.services) {
        const b = bucket(line.serviceId, input.hall === undefined ? null : site.region, input.hall === undefined ? null : site.hall);
        add(b.sum, line);
        b.terminals.add(report.terminalId);
      }
    } else {
      const key = input.groupBy === 'hall' ? hallKey(site) : report.terminalId;
      const b = bucket(key, site.region, site.hall);
      add(b.sum, report.totals);
      b.terminals.add(report.terminalId);
    }
  }

  const rows: ReportRow[] = [...buckets.entries()]
    .map(([key, b]) => ({ key, region: b.region, hall: b.hall, terminals: b.terminals.size, ...counts(b.sum) }))
    // "No hall" last; otherwise by key (service id, region/hall, terminal id).
    .sort((a, b) => Number(a.key === '') - Number(b.key === '') || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const halls = new Map<string, ReportHall>();
  for (const t of input.terminals) halls.set(hallKey(t), { key: hallKey(t), region: t.hall === null ? null : t.region, hall: t.hall });
  for (const r of input.reports) {
    const site = siteOf(r.report.terminalId);
    if (!halls.has(hallKey(site))) halls.set(hallKey(site), { key: hallKey(site), region: site.hall === null ? null : site.region, hall: site.hall });
  }
  const reported = new Set(input.reports.map((r) => r.report.terminalId));

  return {
    month: input.month,
    groupBy: input.groupBy,
    hall: input.hall ?? null,
    rows,
    totals: { terminals: reports.length, ...counts(total) },
    terminals: reports.map(({ report, receivedAt }) => ({
      terminalId: report.terminalId,
      region: siteOf(report.terminalId).region,
      hall: siteOf(report.terminalId).hall,
      generatedAt: report.generatedAt,
      receivedAt,
      partial: Date.parse(report.generatedAt) < monthEnd(report.month, report.utcOffset),
      transactions: report.totals.transactions,
    })),
    // A terminal that sent nothing has no report site: it is missing from the hall it reports now.
    missing: input.terminals.filter((t) => !reported.has(t.id) && (input.hall === undefined || hallKey(t) === input.hall)).map((t) => t.id),
    utcOffsets: [...new Set(reports.map((r) => r.report.utcOffset))].sort(),
    halls: [...halls.values()].sort((a, b) => Number(a.key === '') - Number(b.key === '') || (a.key < b.key ? -1 : 1)),
    names: namesFor(input.names ?? EMPTY_NAMES, {
      services: reports.flatMap((r) => r.report.services.map((l) => l.serviceId)),
      reasons: Object.keys(total.reasons),
    }),
  };
}

/** Reports of one month as stored, for callers that have the reports themselves (tests, benches). */
export function storedReports(reports: MonthlyReport[], receivedAt: string): StoredReport[] {
  return reports.map((report) => ({ report, receivedAt }));
}
