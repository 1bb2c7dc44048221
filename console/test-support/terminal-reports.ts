/**
 * Real monthly reports, as terminals build them: each from a real 好差评 tally in a throwaway kiosk
 * database (electron/core/evaluation), so console tests sum exactly what terminals send.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { buildMonthlyReport, type MonthlyReport } from '../../electron/core/evaluation/monthly-report.ts';
import { ServiceTally, type Rating } from '../../electron/core/evaluation/service-tally.ts';

export interface ServiceActivity {
  serviceId: string;
  transactions: number;
  /** How many ratings of 1 … 5. */
  ratings?: [number, number, number, number, number];
  /** Reasons given with each rating of 1 or 2. */
  reasons?: string[];
}

/** The terminal's report of a month with this activity, built (by default) just after the month ended. */
export function terminalReport(terminalId: string, month: string, activity: ServiceActivity[], generatedAt?: Date): MonthlyReport {
  const dir = mkdtempSync(join(tmpdir(), 'console-tally-'));
  const db = openDatabase(join(dir, 'kiosk.db'), { migrations });
  try {
    const tally = new ServiceTally(db);
    const mid = new Date(`${month}-15T04:00:00.000Z`);
    for (const a of activity) {
      for (let i = 0; i < a.transactions; i++) tally.recordTransaction(a.serviceId, mid);
      (a.ratings ?? [0, 0, 0, 0, 0]).forEach((n, i) => {
        const rating = (i + 1) as Rating;
        for (let k = 0; k < n; k++) tally.recordRating(a.serviceId, rating, rating <= 2 ? (a.reasons ?? ['other']) : [], mid);
      });
    }
    const [year, m] = month.split('-').map(Number) as [number, number];
    return buildMonthlyReport(tally, { terminalId, month, generatedAt: generatedAt ?? new Date(Date.UTC(year, m, 1, 1)) });
  } finally {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A small fleet's November: two terminals in one hall, one in another, one whose hall is not known.
 * Services and reasons are the terminal's own (catalogue, evaluation contract) except `housing-fund`
 * and the reason `queue`, which stand for a newer terminal's ids this console does not know.
 */
export function sampleFleetReports(month = '2026-11'): MonthlyReport[] {
  return [
    terminalReport('KM-A1', month, [
      { serviceId: 'credit-query', transactions: 40, ratings: [1, 2, 3, 10, 14], reasons: ['too-slow'] },
      { serviceId: 'progress-query', transactions: 12, ratings: [0, 1, 0, 2, 5], reasons: ['unclear-guidance', 'too-slow'] },
    ]),
    terminalReport('KM-A2', month, [{ serviceId: 'credit-query', transactions: 25, ratings: [2, 0, 1, 4, 8], reasons: ['device-fault'] }]),
    terminalReport('KM-B1', month, [
      { serviceId: 'credit-query', transactions: 7, ratings: [0, 0, 0, 1, 3] },
      { serviceId: 'housing-fund', transactions: 9, ratings: [1, 0, 0, 0, 2], reasons: ['queue'] },
    ]),
    terminalReport('KM-C1', month, [{ serviceId: 'progress-query', transactions: 3 }]),
  ];
}
