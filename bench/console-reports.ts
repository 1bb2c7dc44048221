/**
 * Console monthly reports at province scale: N terminals (default 5,000), each reporting 20
 * services, stored through the registry (validation including the sums check, upsert) in SQLite,
 * then the month summarised per service, hall and terminal, and exported as CSV and .xlsx. Prints
 * each step's time and the files' sizes. Target at 5,000 terminals: a page load (read the
 * month + summarise) ≤ 2 s, an .xlsx of every terminal ≤ 5 s, storing a month's reports ≤ 30 s
 * (they arrive over hours, at the month turn).
 *   node --import tsx bench/console-reports.ts [--terminals=5000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPORT_FORMAT, reportLine, type MonthlyReport } from '../electron/core/evaluation/monthly-report.ts';
import type { ServiceMonthTally } from '../electron/core/evaluation/service-tally.ts';
import { silentLogger } from '../electron/core/logging/logger.ts';
import { TerminalRegistry } from '../console/server/registry/terminal-registry.ts';
import { summarize } from '../console/server/reports/report-aggregate.ts';
import { reportNames } from '../console/server/reports/report-names.ts';
import { summaryCsv, summaryXlsx } from '../console/server/reports/report-exports.ts';
import { openDatabase } from '../console/server/storage/database.ts';
import { FleetStore } from '../console/server/storage/fleet-store.ts';
import { migrateToLatest } from '../console/server/storage/migrations.ts';
import { ReportStore } from '../console/server/storage/report-store.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const terminals = arg('terminals', 5000);
const SERVICES = Array.from({ length: 20 }, (_v, i) => `service-${String(i).padStart(2, '0')}`);
const REASONS = ['slow', 'unclear', 'printer', 'queue', 'other'];

/** A terminal's report as buildMonthlyReport makes it (reportLine is the terminal's own line rule), with varied counts. */
function report(terminalId: string, k: number): MonthlyReport {
  const rows: ServiceMonthTally[] = SERVICES.map((serviceId, s) => {
    const seed = (k * 31 + s * 17) % 97;
    return { serviceId, transactions: 50 + seed, ratings: [seed % 3, seed % 4, seed % 7, 10 + (seed % 11), 20 + (seed % 13)], reasons: { [REASONS[seed % 5]!]: (seed % 3) + (seed % 4) } };
  });
  const sum: Omit<ServiceMonthTally, 'serviceId'> = { transactions: 0, ratings: [0, 0, 0, 0, 0], reasons: {} };
  for (const row of rows) {
    sum.transactions += row.transactions;
    row.ratings.forEach((n, i) => (sum.ratings[i] = (sum.ratings[i] ?? 0) + n));
    for (const [r, n] of Object.entries(row.reasons)) sum.reasons[r] = (sum.reasons[r] ?? 0) + n;
  }
  return { format: REPORT_FORMAT, terminalId, month: '2026-11', utcOffset: '+08:00', generatedAt: '2026-12-01T00:05:00.000Z', services: rows.map((r) => ({ serviceId: r.serviceId, ...reportLine(r) })), totals: reportLine(sum) };
}

const time = async <T>(label: string, run: () => Promise<T> | T): Promise<T> => {
  const start = performance.now();
  const value = await run();
  console.log(`${label.padEnd(44)} ${(performance.now() - start).toFixed(0).padStart(7)} ms`);
  return value;
};

const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
const db = openDatabase({ dialect: 'sqlite', file: join(dir, 'console.sqlite') });
try {
  await migrateToLatest(db, 'sqlite');
  const fleet = new FleetStore(db);
  const reports = new ReportStore(db);
  const registry = new TerminalRegistry(fleet, silentLogger, () => new Date('2026-12-01T01:00:00.000Z'), reports);
  const ids = Array.from({ length: terminals }, (_v, i) => `KM-${String(i).padStart(5, '0')}`);
  const payloads = ids.map((id, k) => JSON.stringify(report(id, k)));
  console.log(`${terminals} terminals × ${SERVICES.length} services; one report ${(payloads[0]!.length / 1024).toFixed(1)} KiB`);
  await time(`validate + store ${terminals} reports`, async () => {
    for (let i = 0; i < ids.length; i += 50) await Promise.all(ids.slice(i, i + 50).map((id, j) => registry.ingest({ terminalId: id, kind: 'reports' }, payloads[i + j]!)));
  });
  if (registry.counters.stored.reports !== terminals) throw new Error(`stored ${registry.counters.stored.reports} of ${terminals}`);
  const sites = ids.map((id, k) => ({ id, region: `区${k % 16}`, hall: `大厅${k % 200}` }));
  const load = await time('read the month back', () => reports.forMonth('2026-11'));
  // Twice: the first run of each includes the JIT's warm-up, the second is a page load on a running console.
  for (const round of ['first', 'again'])
    for (const groupBy of ['service', 'hall', 'terminal'] as const) await time(`summary per ${groupBy} (${round})`, () => summarize({ month: '2026-11', groupBy, reports: load, terminals: sites, names: reportNames() }));
  await time('read the month back (again)', () => reports.forMonth('2026-11'));
  const byTerminal = summarize({ month: '2026-11', groupBy: 'terminal', reports: load, terminals: sites, names: reportNames() });
  const csv = await time(`CSV per terminal (${byTerminal.rows.length} rows)`, () => summaryCsv(byTerminal));
  const xlsx = await time(`.xlsx per terminal (${byTerminal.rows.length} rows)`, () => summaryXlsx(byTerminal));
  console.log(`CSV ${(Buffer.byteLength(csv) / 1024).toFixed(0)} KiB, .xlsx ${(xlsx.length / 1024).toFixed(0)} KiB; total transactions ${byTerminal.totals.transactions}`);
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
