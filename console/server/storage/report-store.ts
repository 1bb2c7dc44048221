/**
 * Monthly 好差评 reports as terminals sent them: one row per terminal and month. A report sent
 * again (on request, after a reconnect, by a second console instance of the share group) replaces
 * the stored one when it is as new or newer, so a month is never counted twice and a late-arriving
 * older copy never overwrites a newer one. The same queries run on SQLite and PostgreSQL.
 */
import type { MonthlyReport } from '../../../electron/core/evaluation/monthly-report.ts';
import type { ConsoleDb } from './database.ts';

export interface StoredReport {
  report: MonthlyReport;
  receivedAt: string;
}

export type StoreReportOutcome = 'stored' | 'replaced' | 'older-kept';

export class ReportStore {
  constructor(readonly db: ConsoleDb) {}

  async put(report: MonthlyReport, receivedAt: string): Promise<StoreReportOutcome> {
    const before = await this.db
      .selectFrom('monthly_reports')
      .select('generated_at')
      .where('terminal_id', '=', report.terminalId)
      .where('month', '=', report.month)
      .executeTakeFirst();
    const values = {
      generated_at: report.generatedAt,
      received_at: receivedAt,
      utc_offset: report.utcOffset,
      transactions: report.totals.transactions,
      evaluations: report.totals.evaluations,
      report_json: JSON.stringify(report),
    };
    // The conditional upsert decides, not the read above: two instances storing at once stay right.
    const result = await this.db
      .insertInto('monthly_reports')
      .values({ terminal_id: report.terminalId, month: report.month, ...values })
      .onConflict((oc) =>
        oc
          .columns(['terminal_id', 'month'])
          .doUpdateSet(values)
          .where('monthly_reports.generated_at', '<=', report.generatedAt),
      )
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return 'older-kept';
    return before ? 'replaced' : 'stored';
  }

  async forMonth(month: string): Promise<StoredReport[]> {
    const rows = await this.db.selectFrom('monthly_reports').select(['report_json', 'received_at']).where('month', '=', month).orderBy('terminal_id').execute();
    return rows.map((r) => ({ report: JSON.parse(r.report_json) as MonthlyReport, receivedAt: r.received_at }));
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
