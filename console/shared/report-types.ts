/**
 * The monthly 好差评 / transaction report API's shapes (GET /api/reports…), shared by the server
 * and the web UI (types only). Counts are the sums of the terminals' own monthly reports.
 */
export type ReportGrouping = 'service' | 'hall' | 'terminal';

export const REPORT_GROUPINGS: readonly ReportGrouping[] = ['service', 'hall', 'terminal'];

export interface ReportRatings {
  'very-dissatisfied': number;
  dissatisfied: number;
  'basically-satisfied': number;
  satisfied: number;
  'very-satisfied': number;
}

export interface ReportCounts {
  transactions: number;
  evaluations: number;
  ratings: ReportRatings;
  /** Ratings 3-5 over all ratings (好评率), 4 decimals; null without ratings. */
  satisfactionRate: number | null;
  /** Evaluations over transactions, 4 decimals; null without transactions. */
  evaluationRate: number | null;
  badReasons: Record<string, number>;
}

export interface ReportRow extends ReportCounts {
  /** serviceId, hall key ('' = no hall known) or terminal id, by the grouping. */
  key: string;
  region: string | null;
  hall: string | null;
  /** Terminals whose reports went into this row. */
  terminals: number;
}

/** How a stored report knows its site: its own, the registry's at ingest, the migration's backfill, or not at all. */
export type ReportSiteSource = 'report' | 'heartbeat' | 'backfill' | 'none';

/** The region, hall and tags a monthly report was made under. */
export interface ReportSite {
  region: string | null;
  hall: string | null;
  tags: string[];
  source: ReportSiteSource;
}

/** A display name in the console's two languages. */
export interface ReportName {
  'zh-CN': string;
  'en-US': string;
}

/**
 * Names for the ids in a summary, from the terminal's own service catalogue and 好差评 reasons.
 * An id missing here (a newer terminal's service or reason) is shown as the id, marked unknown.
 */
export interface ReportNames {
  services: Record<string, ReportName>;
  reasons: Record<string, ReportName>;
}

export interface ReportHall {
  /** '' for terminals without a hall (未分组). */
  key: string;
  region: string | null;
  hall: string | null;
}

export interface ReportTerminal {
  terminalId: string;
  /** The site its report was made under (not necessarily where the terminal is now). */
  region: string | null;
  hall: string | null;
  generatedAt: string;
  receivedAt: string;
  /** Built before the month ended (sent on request mid-month): the final report will replace it. */
  partial: boolean;
  transactions: number;
}

export interface ReportSummary {
  month: string;
  groupBy: ReportGrouping;
  /** The hall the summary is limited to, when one was asked for. */
  hall: string | null;
  rows: ReportRow[];
  totals: ReportCounts & { terminals: number };
  terminals: ReportTerminal[];
  /** Terminals the registry knows (in the hall asked for) that sent no report for the month. */
  missing: string[];
  /** The time zones the reports count months in; more than one means months are not comparable. */
  utcOffsets: string[];
  /** Every hall of the fleet, for choosing one: halls terminals report now and halls this month's reports were made in. */
  halls: ReportHall[];
  /** Display names of the services and bad-rating reasons in this summary that this console knows. */
  names: ReportNames;
}

export interface ReportMonth {
  month: string;
  terminals: number;
}
