/**
 * A report summary as files: CSV (UTF-8 with a byte-order mark, which Excel needs to read Chinese),
 * an Excel workbook (exceljs, read back by the same library in the tests), and the JSON a hall
 * uploads to the provincial platform, of the same format family as the terminal's own
 * REPORT_FORMAT. Names in them come from terminals (hall, region, service ids): text that a
 * spreadsheet would take for a formula is written as text.
 *
 * Services and bad-rating reasons are named in Chinese, as the provincial platform reads them
 * (the .xlsx in its chosen language), with the ids kept in columns (fields) of their own; an id
 * this console does not know is written as the id with a marker (report-names.ts).
 */
import ExcelJS from 'exceljs';
import { RATING_LEVELS } from '../../../electron/core/evaluation/evaluations.ts';
import { REPORT_FORMAT, type ReportLine } from '../../../electron/core/evaluation/monthly-report.ts';
import type { ReportCounts, ReportNames, ReportSummary } from '../../shared/report-types.ts';
import { reasonName, serviceName, type NameLang } from './report-names.ts';

/** The terminal's REPORT_FORMAT family ('bianmin-kiosk/evaluation-report/…'), for a hall. */
export const HALL_REPORT_FORMAT = 'bianmin-kiosk/evaluation-report/hall/v1';
const _sameFamily: typeof REPORT_FORMAT extends `bianmin-kiosk/evaluation-report/${string}` ? true : false = true;
void _sameFamily;

export interface HallReport {
  format: typeof HALL_REPORT_FORMAT;
  month: string;
  utcOffset: string;
  region: string | null;
  hall: string;
  generatedAt: string;
  terminals: { terminalId: string; generatedAt: string }[];
  services: (ReportLine & { serviceName: string })[];
  totals: Omit<ReportLine, 'serviceId'>;
  /** The Chinese name of every bad-rating reason id in `services` and `totals`. */
  reasonNames: Record<string, string>;
}

export class ReportExportError extends Error {}

/** A cell starting like a formula (= + - @, tab, CR) is prefixed with ' so spreadsheets show it as text. */
export function neutralize(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const csvField = (value: string | number | null): string => {
  const text = value === null ? '' : typeof value === 'number' ? String(value) : neutralize(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const reasonsText = (reasons: Record<string, number>) =>
  Object.entries(reasons)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([reason, n]) => `${reason}:${n}`)
    .join(';');

/** The reasons by name ('等待时间长:3;…'), in the order of their ids as in the id column. */
const reasonNamesText = (reasons: Record<string, number>, names: ReportNames, lang: NameLang) =>
  Object.entries(reasons)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([reason, n]) => `${reasonName(names, reason, lang)}:${n}`)
    .join(';');

const CSV_HEADER = ['month', 'group_by', 'key', 'name', 'region', 'hall', 'terminals', 'transactions', 'evaluations', ...RATING_LEVELS.map((l) => l.replaceAll('-', '_')), 'satisfaction_rate', 'evaluation_rate', 'bad_reasons', 'bad_reason_names'];

function countCells(c: ReportCounts, names: ReportNames): (number | string | null)[] {
  return [c.transactions, c.evaluations, ...RATING_LEVELS.map((l) => c.ratings[l]), c.satisfactionRate, c.evaluationRate, reasonsText(c.badReasons), reasonNamesText(c.badReasons, names, 'zh-CN')];
}

/** RFC 4180 CSV (CRLF) after a BOM: one line per row and a final '*' line with the totals; `name` is the service's Chinese name. */
export function summaryCsv(s: ReportSummary): string {
  const lines = [
    CSV_HEADER,
    ...s.rows.map((r) => [s.month, s.groupBy, r.key, s.groupBy === 'service' ? serviceName(s.names, r.key) : null, r.region, r.hall, r.terminals, ...countCells(r, s.names)]),
    [s.month, s.groupBy, '*', null, null, null, s.totals.terminals, ...countCells(s.totals, s.names)],
  ];
  return `\uFEFF${lines.map((l) => `${l.map(csvField).join(',')}\r\n`).join('')}`;
}

type Lang = 'zh-CN' | 'en-US';

const HEADINGS: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    service: '事项',
    serviceId: '事项编号',
    hall: '大厅',
    terminal: '终端',
    region: '区域',
    terminals: '终端数',
    transactions: '办件量',
    evaluations: '评价数',
    'very-dissatisfied': '非常不满意',
    dissatisfied: '不满意',
    'basically-satisfied': '基本满意',
    satisfied: '满意',
    'very-satisfied': '非常满意',
    satisfactionRate: '好评率',
    evaluationRate: '参评率',
    badReasons: '差评原因',
    total: '合计',
    noHall: '未分组',
  },
  'en-US': {
    service: 'Service',
    serviceId: 'Service id',
    hall: 'Hall',
    terminal: 'Terminal',
    region: 'Region',
    terminals: 'Terminals',
    transactions: 'Transactions',
    evaluations: 'Evaluations',
    'very-dissatisfied': 'Very dissatisfied',
    dissatisfied: 'Dissatisfied',
    'basically-satisfied': 'Basically satisfied',
    satisfied: 'Satisfied',
    'very-satisfied': 'Very satisfied',
    satisfactionRate: 'Satisfaction rate',
    evaluationRate: 'Evaluation rate',
    badReasons: 'Reasons for bad ratings',
    total: 'Total',
    noHall: 'Unassigned',
  },
};

/** An .xlsx workbook: one sheet named after the month, a heading row, the rows and a total row. */
export async function summaryXlsx(s: ReportSummary, lang: Lang = 'zh-CN'): Promise<Buffer> {
  const h = HEADINGS[lang];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bianmin Kiosk console';
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet(s.month);
  const keyHeading = h[s.groupBy] ?? s.groupBy;
  const byService = s.groupBy === 'service';
  sheet.columns = [
    { header: keyHeading, key: 'key', width: 24 },
    ...(byService ? [{ header: h.serviceId, key: 'id', width: 22 }] : []),
    { header: h.region, key: 'region', width: 14 },
    { header: h.hall, key: 'hall', width: 20 },
    { header: h.terminals, key: 'terminals', width: 10 },
    { header: h.transactions, key: 'transactions', width: 12 },
    { header: h.evaluations, key: 'evaluations', width: 12 },
    ...RATING_LEVELS.map((l) => ({ header: h[l], key: l, width: 12 })),
    { header: h.satisfactionRate, key: 'satisfactionRate', width: 12, style: { numFmt: '0.00%' } },
    { header: h.evaluationRate, key: 'evaluationRate', width: 12, style: { numFmt: '0.00%' } },
    { header: h.badReasons, key: 'badReasons', width: 30 },
  ];
  const values = (key: string, region: string | null, hall: string | null, terminals: number, c: ReportCounts, id: string | null = null) => ({
    key: neutralize(key),
    ...(byService ? { id: id === null ? null : neutralize(id) } : {}),
    region: region === null ? null : neutralize(region),
    hall: hall === null ? null : neutralize(hall),
    terminals,
    transactions: c.transactions,
    evaluations: c.evaluations,
    ...Object.fromEntries(RATING_LEVELS.map((l) => [l, c.ratings[l]])),
    satisfactionRate: c.satisfactionRate,
    evaluationRate: c.evaluationRate,
    badReasons: neutralize(reasonNamesText(c.badReasons, s.names, lang)),
  });
  const label = (key: string) => (byService ? serviceName(s.names, key, lang) : s.groupBy === 'hall' && key === '' ? h.noHall! : key);
  for (const r of s.rows) sheet.addRow(values(label(r.key), r.region, r.hall, r.terminals, r, r.key));
  sheet.addRow(values(h.total!, null, null, s.totals.terminals, s.totals)).font = { bold: true };
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The document a hall uploads: its services' sums, from a summary grouped by service for that hall. */
export function hallReport(s: ReportSummary, generatedAt: Date): HallReport {
  if (s.groupBy !== 'service' || s.hall === null) throw new ReportExportError('a hall report needs the summary of one hall, grouped by service');
  const hall = s.halls.find((h) => h.key === s.hall);
  if (!hall?.hall) throw new ReportExportError('terminals without a hall cannot be uploaded as a hall: give them a hall (site) first');
  if (s.terminals.length === 0) throw new ReportExportError(`no terminal of ${hall.hall} has sent a report for ${s.month}`);
  const partial = s.terminals.filter((t) => t.partial).map((t) => t.terminalId);
  if (partial.length > 0) throw new ReportExportError(`reports built before ${s.month} ended (${partial.join(', ')}): ask those terminals for the month again`);
  const [utcOffset, ...others] = s.utcOffsets;
  if (utcOffset === undefined || others.length > 0) throw new ReportExportError(`the terminals of ${hall.hall} count months in different time zones (${s.utcOffsets.join(', ')})`);
  const line = ({ key: _key, region: _region, hall: _hall, terminals: _terminals, ...c }: ReportSummary['rows'][number]) => c;
  const { terminals: _count, ...totals } = s.totals;
  return {
    format: HALL_REPORT_FORMAT,
    month: s.month,
    utcOffset,
    region: hall.region,
    hall: hall.hall,
    generatedAt: generatedAt.toISOString(),
    terminals: s.terminals.map((t) => ({ terminalId: t.terminalId, generatedAt: t.generatedAt })),
    services: s.rows.map((r) => ({ serviceId: r.key, serviceName: serviceName(s.names, r.key), ...line(r) })),
    totals,
    reasonNames: Object.fromEntries(Object.keys(totals.badReasons).sort().map((id) => [id, reasonName(s.names, id)])),
  };
}
