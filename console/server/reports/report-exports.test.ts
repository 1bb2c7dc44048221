/**
 * The report files read back: the CSV (BOM, RFC 4180) parsed, the .xlsx opened again with exceljs,
 * and the hall's upload JSON; each holds the same figures as the summary, which holds the sums of
 * the terminals' own reports. Text that a spreadsheet would run as a formula stays text.
 */
import { describe, expect, it } from 'vitest';
import { RATING_LEVELS } from '../../../electron/core/evaluation/evaluations.ts';
import { REPORT_FORMAT } from '../../../electron/core/evaluation/monthly-report.ts';
import { parseCsv, readXlsx } from '../../test-support/report-files.ts';
import { sampleFleetReports, terminalReport } from '../../test-support/terminal-reports.ts';
import { storedReports, summarize, type TerminalSite } from './report-aggregate.ts';
import { HALL_REPORT_FORMAT, hallReport, ReportExportError, summaryCsv, summaryXlsx } from './report-exports.ts';
import { reportNames } from './report-names.ts';

const sites: TerminalSite[] = [
  { id: 'KM-A1', region: '五华区', hall: '政务中心一楼' },
  { id: 'KM-A2', region: '五华区', hall: '政务中心一楼' },
  { id: 'KM-B1', region: '盘龙区', hall: '=HYPERLINK("http://x","盘龙")' },
  { id: 'KM-C1', region: null, hall: null },
];
const sent = sampleFleetReports();
const summary = (groupBy: 'service' | 'hall' | 'terminal', hall?: string, reports = sent) =>
  summarize({ month: '2026-11', groupBy, hall, reports: storedReports(reports, '2026-12-01T02:00:00.000Z'), terminals: sites, names: reportNames() });

describe('report exports', () => {
  it('writes CSV with a BOM whose lines parse back to the summary, totals last', () => {
    const s = summary('hall');
    const csv = summaryCsv(s);
    expect(csv.startsWith('\uFEFFmonth,group_by,key,name,region,hall,terminals,transactions,evaluations,very_dissatisfied,')).toBe(true);
    const [header, ...lines] = parseCsv(csv.slice(1));
    expect(lines).toHaveLength(s.rows.length + 1);
    const records = lines.map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i]])));
    expect(records.map((r) => [r.key, r.hall, Number(r.transactions), Number(r.terminals)])).toEqual([
      ['五华区/政务中心一楼', '政务中心一楼', 77, 2],
      ['盘龙区/=HYPERLINK("http://x","盘龙")', `'=HYPERLINK("http://x","盘龙")`, 16, 1],
      ['', '', 3, 1],
      ['*', '', 96, 4],
    ]);
    const total = records.at(-1)!;
    expect(RATING_LEVELS.map((l) => Number(total[l.replaceAll('-', '_')]))).toEqual(RATING_LEVELS.map((l) => s.totals.ratings[l]));
    expect(Number(total.satisfaction_rate)).toBe(s.totals.satisfactionRate);
    expect(total.bad_reasons).toBe('device-fault:2;queue:1;too-slow:4;unclear-guidance:1');
    // The names in Chinese, in the order of the ids; a reason this console does not know keeps its id, marked.
    expect(total.bad_reason_names).toBe('设备故障:2;queue（未知原因）:1;等待时间长:4;指引不清楚:1');
  });

  it('names each service in Chinese beside its id in the CSV, an unknown one by its id with a marker', () => {
    const [header, ...lines] = parseCsv(summaryCsv(summary('service')).slice(1));
    const records = lines.map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i]])));
    expect(records.map((r) => [r.key, r.name])).toEqual([
      ['credit-query', '信用查询'],
      ['housing-fund', 'housing-fund（未知事项）'],
      ['progress-query', '办件进度查询'],
      ['*', ''],
    ]);
  });

  it('writes an .xlsx that exceljs reads back with the same figures', async () => {
    const s = summary('service');
    const workbook = await readXlsx(await summaryXlsx(s, 'zh-CN'));
    const sheet = workbook.getWorksheet('2026-11')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '事项', '事项编号', '区域', '大厅', '终端数', '办件量', '评价数', '非常不满意', '不满意', '基本满意', '满意', '非常满意', '好评率', '参评率', '差评原因']);
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[2], r[5], r[6], r[7]])).toEqual([
      ['信用查询', 'credit-query', 3, 72, 49],
      ['housing-fund（未知事项）', 'housing-fund', 1, 9, 3],
      ['办件进度查询', 'progress-query', 2, 15, 8],
      ['合计', undefined, 4, 96, s.totals.evaluations],
    ]);
    expect(s.rows.map((r) => [r.key, r.transactions])).toEqual([['credit-query', 72], ['housing-fund', 9], ['progress-query', 15]]);
    expect([rows[0]?.[13], rows[0]?.[14]]).toEqual([s.rows[0]!.satisfactionRate, s.rows[0]!.evaluationRate]);
    expect(rows[0]?.[15]).toBe('设备故障:2;等待时间长:3');
    expect(sheet.getCell('M2').numFmt).toBe('0.00%');

    const english = await readXlsx(await summaryXlsx(summary('hall'), 'en-US'));
    const hallSheet = english.getWorksheet('2026-11')!;
    expect(hallSheet.getCell('A1').value).toBe('Hall');
    expect(hallSheet.getCell('C3').value).toBe(`'=HYPERLINK("http://x","盘龙")`);
    expect(hallSheet.getCell('A4').value).toBe('Unassigned');
    expect(hallSheet.getCell('N5').value).toBe('The machine failed:2;queue (unknown reason):1;Too slow:4;Unclear guidance:1');
  });

  it('builds the hall upload: the hall’s services summed, in the terminal report format family', () => {
    const upload = hallReport(summary('service', '五华区/政务中心一楼'), new Date('2026-12-02T01:00:00Z'));
    expect(upload.format).toBe(HALL_REPORT_FORMAT);
    expect(HALL_REPORT_FORMAT.startsWith(REPORT_FORMAT.replace(/v1$/, ''))).toBe(true);
    expect(upload).toMatchObject({ month: '2026-11', utcOffset: '+08:00', region: '五华区', hall: '政务中心一楼', generatedAt: '2026-12-02T01:00:00.000Z' });
    expect(upload.terminals.map((t) => t.terminalId)).toEqual(['KM-A1', 'KM-A2']);
    expect(upload.services.map((l) => [l.serviceId, l.serviceName, l.transactions])).toEqual([
      ['credit-query', '信用查询', 65],
      ['progress-query', '办件进度查询', 12],
    ]);
    expect(upload.reasonNames).toEqual({ 'device-fault': '设备故障', 'too-slow': '等待时间长', 'unclear-guidance': '指引不清楚' });
    expect(upload.totals.transactions).toBe(sent[0]!.totals.transactions + sent[1]!.totals.transactions);
    expect(Object.keys(upload.totals)).toEqual(Object.keys(sent[0]!.totals));
  });

  it.each([
    ['terminals without a hall', () => summary('service', ''), /without a hall cannot be uploaded/],
    ['a summary not grouped by service', () => summary('hall', '五华区/政务中心一楼'), /grouped by service/],
    ['a hall with no reports', () => summary('service', '五华区/政务中心一楼', sent.slice(2)), /no terminal of 政务中心一楼 has sent a report for 2026-11/],
    [
      'a report built before the month ended',
      () => summary('service', '五华区/政务中心一楼', [terminalReport('KM-A1', '2026-11', [{ serviceId: 'credit-query', transactions: 1 }], new Date('2026-11-20T00:00:00Z'))]),
      /before 2026-11 ended \(KM-A1\)/,
    ],
    [
      'terminals counting months in different time zones',
      () => summary('service', '五华区/政务中心一楼', [sent[0]!, { ...sent[1]!, utcOffset: '+00:00' }]),
      /different time zones \(\+00:00, \+08:00\)/,
    ],
  ])('refuses a hall upload from %s', (_label, make, message) => {
    expect(() => hallReport(make(), new Date())).toThrow(ReportExportError);
    expect(() => hallReport(make(), new Date())).toThrow(message);
  });
});
