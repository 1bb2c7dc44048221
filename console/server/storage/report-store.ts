/**
 * Monthly 好差评 reports as terminals sent them: one row per terminal and month. A report sent
 * again (on request, after a reconnect, by a second console instance of the share group) replaces
 * the stored one when it is as new or newer, so a month is never counted twice and a late-arriving
 * older copy never overwrites a newer one. The same queries run on SQLite and PostgreSQL.
 *
 * Each row keeps the site (region, hall, tags) the month was served under: the report's own `site`
 * (terminals since the fleet report carries it), else the one the terminal's heartbeat left in the
 * registry when the report arrived. The first site stored for a month stays when the report is
 * replaced (a month asked for again after the terminal moved still counts where it was served),
 * unless that row had no hall yet.
 */
import { sql } from 'kysely';
import type { MonthlyReport } from '../../../electron/core/evaluation/monthly-report.ts';
import type { MonthlyReportMessage } from '../messages/monthly-report-message.ts';
import type { ReportSite, ReportSiteSource } from '../../shared/report-types.ts';
import type { ConsoleDb } from './database.ts';

export interface StoredReport {
  report: MonthlyReport;
  receivedAt: string;
  /** Where the month was served; absent only for reports not read from storage (tests, benches). */
  site?: ReportSite;
}


export type StoreReportOutcome = 'stored' | 'replaced' | 'older-kept';

export class ReportStore {
  constructor(readonly db: ConsoleDb) {}

  async put(fleetReport: MonthlyReport | MonthlyReportMessage, receivedAt: string): Promise<StoreReportOutcome> {
    const { site: ownSite, ...report } = fleetReport as MonthlyReportMessage;
    // One read for both: is the month stored already, and where does the registry place the terminal.
    const known = await this.db
      .selectNoFrom((eb) => [
        eb.selectFrom('monthly_reports').select('generated_at').where('terminal_id', '=', report.terminalId).where('month', '=', report.month).as('before'),
        eb.selectFrom('terminals').select('id').where('id', '=', report.terminalId).as('registered'),
        eb.selectFrom('terminals').select('region').where('id', '=', report.terminalId).as('region'),
        eb.selectFrom('terminals').select('hall').where('id', '=', report.terminalId).as('hall'),
        eb.selectFrom('terminals').select('tags').where('id', '=', report.terminalId).as('tags'),
      ])
      .executeTakeFirstOrThrow();
    const site: ReportSite = ownSite
      ? { region: ownSite.region ?? null, hall: ownSite.hall ?? null, tags: ownSite.tags ?? [], source: 'report' }
      : { region: known.region, hall: known.hall, tags: known.tags === null ? [] : (JSON.parse(known.tags) as string[]), source: known.registered === null ? 'none' : 'heartbeat' };
    const values = {
      generated_at: report.generatedAt,
      received_at: receivedAt,
      utc_offset: report.utcOffset,
      transactions: report.totals.transactions,
      evaluations: report.totals.evaluations,
      report_json: JSON.stringify(report),
    };
    const siteValues = { site_region: site.region, site_hall: site.hall, site_tags: JSON.stringify(site.tags), site_source: site.source };
    // The stored site stays unless it had no hall: where the month was served, not where the terminal is now.
    const keepSite = <C extends keyof typeof siteValues>(column: C) =>
      sql<string>`CASE WHEN monthly_reports.site_hall IS NULL THEN excluded.${sql.ref(column)} ELSE monthly_reports.${sql.ref(column)} END`;
    // The conditional upsert decides, not the read above: two instances storing at once stay right.
    const result = await this.db
      .insertInto('monthly_reports')
      .values({ terminal_id: report.terminalId, month: report.month, ...values, ...siteValues })
      .onConflict((oc) =>
        oc
          .columns(['terminal_id', 'month'])
          .doUpdateSet({ ...values, site_region: keepSite('site_region'), site_hall: keepSite('site_hall'), site_tags: keepSite('site_tags'), site_source: keepSite('site_source') })
          .where('monthly_reports.generated_at', '<=', report.generatedAt),
      )
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return 'older-kept';
    return known.before === null ? 'stored' : 'replaced';
  }

  async forMonth(month: string): Promise<StoredReport[]> {
    const rows = await this.db
      .selectFrom('monthly_reports')
      .select(['report_json', 'received_at', 'site_region', 'site_hall', 'site_tags', 'site_source'])
      .where('month', '=', month)
      .orderBy('terminal_id')
      .execute();
    return rows.map((r) => ({
      report: JSON.parse(r.report_json) as MonthlyReport,
      receivedAt: r.received_at,
      site: { region: r.site_region, hall: r.site_hall, tags: JSON.parse(r.site_tags) as string[], source: r.site_source as ReportSiteSource },
    }));
  }


  /** Months with reports, newest first, with how many terminals reported each. */
  async months(): Promise<{ month: string; terminals: number }[]> {
    const rows = await this.db
      .selectFrom('monthly_reports')
      .select((eb) => ['month', eb.fn.countAll().as('n')])
      .groupBy('month')
      .orderBy('month', 'desc')
      .execute();
    return rows.map((r) => ({ month: r.month, terminals: Number(r.n) }));
  }
}
