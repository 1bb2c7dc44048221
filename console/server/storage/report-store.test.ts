/**
 * Monthly reports through the registry into storage and back out as the month's summary, on
 * SQLite and PostgreSQL: every figure equals the sum of the terminals' own reports (built by the
 * terminal's buildMonthlyReport from real tallies), a re-sent report replaces its month, and
 * reports that are malformed or do not add up are dropped and counted.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RATING_LEVELS } from '../../../electron/core/evaluation/evaluations.ts';
import type { MonthlyReport } from '../../../electron/core/evaluation/monthly-report.ts';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { sampleFleetReports, terminalReport } from '../../test-support/terminal-reports.ts';
import { TerminalRegistry } from '../registry/terminal-registry.ts';
import { summarize } from '../reports/report-aggregate.ts';
import type { ReportCounts } from '../../shared/report-types.ts';
import { FleetStore } from './fleet-store.ts';
import { ReportStore } from './report-store.ts';
import { migrateToLatest, migrateUpTo } from './migrations.ts';
import { sql } from 'kysely';

afterAll(stopTestPostgres);

const heartbeat = (terminalId: string, site?: { region?: string; hall?: string }) => ({
  terminalId,
  at: '2026-12-01T02:00:00.000Z',
  appVersion: '1.2.0',
  configVersion: '7',
  uptimeSeconds: 60,
  serviceMode: { mode: 'in-service', since: '2026-12-01T01:00:00.000Z' },
  devices: [],
  queue: { pending: 0, failed: 0 },
  disk: { freeBytes: 1e9, totalBytes: 4e9 },
  lastError: null,
  ...(site ? { site } : {}),
});

/** Plain sums over reports, independent of the aggregation under test. */
function sumOf(lines: Omit<MonthlyReport['totals'], never>[]) {
  return {
    transactions: lines.reduce((s, l) => s + l.transactions, 0),
    evaluations: lines.reduce((s, l) => s + l.evaluations, 0),
    ratings: Object.fromEntries(RATING_LEVELS.map((level) => [level, lines.reduce((s, l) => s + l.ratings[level], 0)])),
    badReasons: lines.reduce<Record<string, number>>((acc, l) => {
      for (const [r, n] of Object.entries(l.badReasons)) acc[r] = (acc[r] ?? 0) + n;
      return acc;
    }, {}),
  };
}
const countsOf = (c: ReportCounts) => ({ transactions: c.transactions, evaluations: c.evaluations, ratings: c.ratings, badReasons: c.badReasons });

describe.each(DIALECTS)('monthly reports on %s', (dialect) => {
  let t: TestDatabase;
  let fleet: FleetStore;
  let reports: ReportStore;
  let registry: TerminalRegistry;
  const clock = () => new Date('2026-12-01T02:00:01.000Z');
  const send = (terminalId: string, payload: unknown) => registry.ingest({ terminalId, kind: 'reports' }, typeof payload === 'string' ? payload : JSON.stringify(payload));
  const summary = async (groupBy: 'service' | 'hall' | 'terminal', hall?: string) =>
    summarize({ month: '2026-11', groupBy, hall, reports: await reports.forMonth('2026-11'), terminals: (await fleet.listTerminals()).map((r) => ({ id: r.id, region: r.region, hall: r.hall })) });

  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    fleet = new FleetStore(t.db);
    reports = new ReportStore(t.db);
    registry = new TerminalRegistry(fleet, silentLogger, clock, reports);
    for (const [id, site] of [
      ['KM-A1', { region: '五华区', hall: '政务中心一楼' }],
      ['KM-A2', { region: '五华区', hall: '政务中心一楼' }],
      ['KM-B1', { region: '盘龙区', hall: '盘龙区政务大厅' }],
      ['KM-C1', undefined],
      ['KM-D1', { region: '盘龙区', hall: '盘龙区政务大厅' }],
    ] as const) {
      expect(await registry.ingest({ terminalId: id, kind: 'heartbeat' }, JSON.stringify(heartbeat(id, site)))).toEqual({ ok: true });
    }
  });
  afterEach(async () => t.close());

  it('sums per service, per hall and per terminal to exactly the terminals’ own reports', async () => {
    const sent = sampleFleetReports();
    for (const report of sent) expect(await send(report.terminalId, report)).toEqual({ ok: true });
    expect(registry.counters.stored.reports).toBe(4);
    expect(await reports.months()).toEqual([{ month: '2026-11', terminals: 4 }]);

    const all = sumOf(sent.map((r) => r.totals));
    expect(all.transactions).toBe(96);
    const byService = await summary('service');
    expect(countsOf(byService.totals)).toEqual(all);
    expect(byService.totals.terminals).toBe(4);
    expect(byService.rows.map((r) => r.key)).toEqual(['credit-query', 'housing-fund', 'progress-query']);
    for (const row of byService.rows) {
      const lines = sent.flatMap((r) => r.services.filter((l) => l.serviceId === row.key));
      expect(countsOf(row)).toEqual(sumOf(lines));
      expect(row.terminals).toBe(lines.length);
    }
    expect(sumOf(byService.rows)).toEqual(all);
    expect(byService.rows[0]).toMatchObject({ key: 'credit-query', transactions: 72, evaluations: 49, satisfactionRate: 0.898, evaluationRate: 0.6806 });

    const byHall = await summary('hall');
    expect(byHall.rows.map((r) => [r.key, r.terminals, r.transactions])).toEqual([
      ['五华区/政务中心一楼', 2, 77],
      ['盘龙区/盘龙区政务大厅', 1, 16],
      ['', 1, 3], // 未分组: KM-C1 sent no site
    ]);
    expect(countsOf(byHall.rows[0]!)).toEqual(sumOf(sent.slice(0, 2).map((r) => r.totals)));
    expect(sumOf(byHall.rows)).toEqual(all);

    const byTerminal = await summary('terminal');
    // A terminal's row is its own totals line, rates included (the same rounding rule).
    for (const report of sent) {
      const { key: _k, region: _r, hall: _h, terminals: _n, ...row } = byTerminal.rows.find((r) => r.key === report.terminalId)!;
      expect(row).toEqual(report.totals);
    }
    expect(byTerminal.missing).toEqual(['KM-D1']);
    expect(byTerminal.terminals.every((x) => !x.partial)).toBe(true);
    expect(byTerminal.utcOffsets).toEqual(['+08:00']);

    const oneHall = await summary('service', '盘龙区/盘龙区政务大厅');
    expect(countsOf(oneHall.totals)).toEqual(sumOf([sent[2]!.totals]));
    expect(oneHall.missing).toEqual(['KM-D1']);
    expect(oneHall.halls.map((h) => h.key)).toEqual(['五华区/政务中心一楼', '盘龙区/盘龙区政务大厅', '']);
  });

  it('replaces a month sent again, never adds it twice, and keeps the newer of two copies', async () => {
    const partial = terminalReport('KM-A1', '2026-11', [{ serviceId: 'credit-query', transactions: 5 }], new Date('2026-11-20T02:00:00Z'));
    await send('KM-A1', partial);
    expect((await summary('terminal')).terminals).toEqual([expect.objectContaining({ terminalId: 'KM-A1', partial: true, transactions: 5 })]);
    const final = terminalReport('KM-A1', '2026-11', [{ serviceId: 'credit-query', transactions: 31 }]);
    await send('KM-A1', final);
    await send('KM-A1', final); // a repeat: the same month, the same figures
    await send('KM-A1', partial); // late, older copy: kept out
    const s = await summary('service');
    expect(s.totals).toMatchObject({ terminals: 1, transactions: 31 });
    expect(s.terminals).toEqual([expect.objectContaining({ partial: false, generatedAt: final.generatedAt })]);
    expect(await reports.put(partial, '2026-12-01T03:00:00.000Z')).toBe('older-kept');
    expect(await reports.put(final, '2026-12-01T03:00:00.000Z')).toBe('replaced');
  });

  it('counts a month in the hall the terminal served it in, even after the terminal moved', async () => {
    const hallOf = async (month: string) => {
      const s = summarize({ month, groupBy: 'hall', reports: await reports.forMonth(month), terminals: (await fleet.listTerminals()).map((r) => ({ id: r.id, region: r.region, hall: r.hall })) });
      return s.rows.map((r) => [r.key, r.transactions]);
    };
    // October from a terminal without a site in its report: the hall its heartbeat reported at ingest.
    await send('KM-A1', terminalReport('KM-A1', '2026-10', [{ serviceId: 'credit-query', transactions: 11 }]));
    // Then it moves to 盘龙区 and reports November with its own site.
    expect(await registry.ingest({ terminalId: 'KM-A1', kind: 'heartbeat' }, JSON.stringify(heartbeat('KM-A1', { region: '盘龙区', hall: '盘龙区政务大厅' })))).toEqual({ ok: true });
    await send('KM-A1', { ...terminalReport('KM-A1', '2026-11', [{ serviceId: 'credit-query', transactions: 4 }]), site: { region: '盘龙区', hall: '盘龙区政务大厅', tags: ['east'] } });
    expect(await hallOf('2026-10')).toEqual([['五华区/政务中心一楼', 11]]);
    expect(await hallOf('2026-11')).toEqual([['盘龙区/盘龙区政务大厅', 4]]);
    // October asked for again after the move: the new figures replace it, the month stays where it was served.
    await send('KM-A1', { ...terminalReport('KM-A1', '2026-10', [{ serviceId: 'credit-query', transactions: 12 }], new Date('2026-12-01T05:00:00Z')), site: { region: '盘龙区', hall: '盘龙区政务大厅' } });
    expect(await hallOf('2026-10')).toEqual([['五华区/政务中心一楼', 12]]);
    const october = await reports.forMonth('2026-10');
    expect(october[0]!.site).toEqual({ region: '五华区', hall: '政务中心一楼', tags: [], source: 'heartbeat' });
    expect((await reports.forMonth('2026-11'))[0]!.site).toEqual({ region: '盘龙区', hall: '盘龙区政务大厅', tags: ['east'], source: 'report' });
    // The report's own site wins over the heartbeat's, and is not part of the stored document.
    expect(october[0]!.report).not.toHaveProperty('site');
    // One hall filter per month: October's 五华区 hall lists KM-A1's report although it is in 盘龙区 now.
    const wuhua = summarize({ month: '2026-10', groupBy: 'service', hall: '五华区/政务中心一楼', reports: october, terminals: (await fleet.listTerminals()).map((r) => ({ id: r.id, region: r.region, hall: r.hall })) });
    expect(wuhua.terminals).toEqual([expect.objectContaining({ terminalId: 'KM-A1', region: '五华区', hall: '政务中心一楼' })]);
    expect(wuhua.missing).toEqual(['KM-A2']);
  });

  it('a month first stored without a hall takes the first hall a re-sent report knows', async () => {
    await send('KM-C1', terminalReport('KM-C1', '2026-11', [{ serviceId: 'credit-query', transactions: 2 }]));
    expect((await reports.forMonth('2026-11'))[0]!.site).toEqual({ region: null, hall: null, tags: [], source: 'heartbeat' });
    await send('KM-C1', { ...terminalReport('KM-C1', '2026-11', [{ serviceId: 'credit-query', transactions: 3 }], new Date('2026-12-02T00:00:00Z')), site: { region: '西山区', hall: '西山区大厅' } });
    expect((await reports.forMonth('2026-11'))[0]!.site).toEqual({ region: '西山区', hall: '西山区大厅', tags: [], source: 'report' });
  });

  it('refuses a report whose site is not a site', async () => {
    const report = terminalReport('KM-B1', '2026-11', [{ serviceId: 'credit-query', transactions: 1 }]);
    expect((await send('KM-B1', { ...report, site: { hall: 'x'.repeat(101) } })).ok).toBe(false);
    expect((await send('KM-B1', { ...report, site: 'B hall' })).ok).toBe(false);
    expect(await reports.forMonth('2026-11')).toEqual([]);
    expect(await send('KM-B1', { ...report, site: { hall: 'B' } })).toEqual({ ok: true });
  });

  it('drops and counts reports that are malformed or do not add up, and stores the next good one', async () => {
    const good = terminalReport('KM-B1', '2026-11', [
      { serviceId: 'credit-query', transactions: 4, ratings: [1, 0, 0, 0, 3], reasons: ['slow'] },
      { serviceId: 'housing-fund', transactions: 2 },
    ]);
    const changed = (change: (r: MonthlyReport & Record<string, unknown>) => void) => {
      const copy = structuredClone(good) as MonthlyReport & Record<string, unknown>;
      change(copy);
      return copy;
    };
    const bad: [string, unknown][] = [
      ['not JSON', '{"format":'],
      ['another format', changed((r) => ((r as { format: string }).format = 'someone-else/v1'))],
      ['a month that is not one', changed((r) => (r.month = '2026-13'))],
      ['totals that are not the sum of the services', changed((r) => (r.totals.transactions += 1))],
      ['a bad reason missing from the totals', changed((r) => (r.services[0]!.badReasons.rude = 1))],
      ['evaluations that are not the sum of the ratings', changed((r) => (r.services[1]!.evaluations = 1))],
      ['a service twice', changed((r) => r.services.push(structuredClone(r.services[1]!)))],
      ['a negative count', changed((r) => (r.services[1]!.transactions = -2))],
      ['an unknown field', changed((r) => (r.extra = true))],
      ['another terminal’s report', changed((r) => (r.terminalId = 'KM-A1'))],
    ];
    for (const [label, payload] of bad) expect((await send('KM-B1', payload)).ok, label).toBe(false);
    expect(registry.counters.malformed.reports).toBe(bad.length);
    expect(await reports.forMonth('2026-11')).toEqual([]);
    expect(await send('KM-B1', good)).toEqual({ ok: true });
    expect((await summary('service')).totals.transactions).toBe(6);
  });
});

describe.each(DIALECTS)('migration 009-report-site on %s', (dialect) => {
  it('backfills the reports stored before it with the hall each terminal reports now', async () => {
    const t = await openTestDatabase(dialect, { migrate: false });
    try {
      await migrateUpTo(t.db, dialect, '008-alert-notifications');
      await sql`INSERT INTO terminals (id, online, region, hall, tags, first_seen_at) VALUES ('KM-A1', 0, '五华区', '政务中心一楼', '["north"]', '2026-10-01T00:00:00.000Z')`.execute(t.db);
      for (const id of ['KM-A1', 'KM-GONE']) {
        const report = terminalReport(id, '2026-10', [{ serviceId: 'credit-query', transactions: 3 }]);
        await sql`INSERT INTO monthly_reports (terminal_id, month, generated_at, received_at, utc_offset, transactions, evaluations, report_json)
          VALUES (${id}, '2026-10', ${report.generatedAt}, ${report.generatedAt}, '+08:00', 3, 0, ${JSON.stringify(report)})`.execute(t.db);
      }
      expect(await migrateToLatest(t.db, dialect)).toContain('009-report-site');
      const stored = await new ReportStore(t.db).forMonth('2026-10');
      expect(stored.map((r) => [r.report.terminalId, r.site])).toEqual([
        ['KM-A1', { region: '五华区', hall: '政务中心一楼', tags: ['north'], source: 'backfill' }],
        // A terminal the registry no longer has: no hall, unassigned, as before the migration.
        ['KM-GONE', { region: null, hall: null, tags: [], source: 'backfill' }],
      ]);
    } finally {
      await t.close();
    }
  });
});
