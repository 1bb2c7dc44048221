/**
 * The report endpoints (viewer role): the months with reports, a month's summary grouped by
 * service, hall or terminal (optionally one hall), and its exports — CSV, Excel, and the JSON a
 * hall uploads. Exports are files leaving the console, so each is a line in the audit log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { isMonth } from '../../../electron/core/evaluation/service-tally.ts';
import { REPORT_GROUPINGS, type ReportGrouping, type ReportMonth, type ReportSummary } from '../../shared/report-types.ts';
import type { ConsoleAudit } from '../audit/console-audit.ts';
import { hallReport, ReportExportError, summaryCsv, summaryXlsx } from '../reports/report-exports.ts';
import { summarize } from '../reports/report-aggregate.ts';
import { reportNames } from '../reports/report-names.ts';
import type { FleetStore } from '../storage/fleet-store.ts';
import type { ReportStore } from '../storage/report-store.ts';
import type { AuthService } from './auth-service.ts';
import { HttpError, sendJson } from './http-util.ts';

export interface ReportRouteDeps {
  fleet: FleetStore;
  reports: ReportStore;
  auth: AuthService;
  audit: ConsoleAudit;
  now: () => Date;
}

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void>;

const querySchema = z
  .object({
    groupBy: z.enum(REPORT_GROUPINGS as [ReportGrouping, ...ReportGrouping[]]).default('service'),
    hall: z.string().max(300).optional(),
    lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
  })
  .strict();

function query(req: IncomingMessage): z.infer<typeof querySchema> {
  const params = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, 'invalid', `${issue?.path.join('.') || '(query)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function month(text: string): string {
  if (!isMonth(text)) throw new HttpError(400, 'invalid', `month ${text}: use YYYY-MM`);
  return text;
}

const MONTH_PATH = '(\\d{4}-\\d{2})';

/** An attachment whose name may be Chinese: an ASCII fallback plus the RFC 6266 UTF-8 form. */
function sendFile(res: ServerResponse, body: string | Buffer, contentType: string, filename: string): void {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(body)),
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

export function reportRoutes(d: ReportRouteDeps): [method: string, pattern: RegExp, handler: Handler][] {
  const summary = async (m: string, groupBy: ReportGrouping, hall: string | undefined): Promise<ReportSummary> => {
    const terminals = (await d.fleet.listTerminals()).map((t) => ({ id: t.id, region: t.region, hall: t.hall }));
    return summarize({ month: m, groupBy, hall, reports: await d.reports.forMonth(m), terminals, names: reportNames() });
  };

  return [
    [
      'GET',
      /^\/api\/reports$/,
      async (req, res) => {
        await d.auth.require(req, 'viewer');
        const months: ReportMonth[] = await d.reports.months();
        sendJson(res, 200, months);
      },
    ],
    [
      'GET',
      new RegExp(`^/api/reports/${MONTH_PATH}$`),
      async (req, res, [m = '']) => {
        await d.auth.require(req, 'viewer');
        const q = query(req);
        sendJson(res, 200, await summary(month(m), q.groupBy, q.hall));
      },
    ],
    [
      'GET',
      new RegExp(`^/api/reports/${MONTH_PATH}/export\\.(csv|xlsx)$`),
      async (req, res, [m = '', format = '']) => {
        const s = await d.auth.require(req, 'viewer');
        const q = query(req);
        const data = await summary(month(m), q.groupBy, q.hall);
        const name = `bianmin-report-${data.month}-${data.groupBy}${data.hall === null ? '' : `-${data.halls.find((h) => h.key === data.hall)?.hall ?? 'unassigned'}`}.${format}`;
        await d.audit.append(`user:${s.username}`, 'report.exported', { month: data.month, groupBy: data.groupBy, hall: data.hall, format, terminals: data.totals.terminals });
        if (format === 'csv') sendFile(res, summaryCsv(data), 'text/csv; charset=utf-8', name);
        else sendFile(res, await summaryXlsx(data, q.lang), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name);
      },
    ],
    [
      'GET',
      new RegExp(`^/api/reports/${MONTH_PATH}/hall-upload\\.json$`),
      async (req, res, [m = '']) => {
        const s = await d.auth.require(req, 'viewer');
        const q = query(req);
        if (q.hall === undefined) throw new HttpError(400, 'invalid', 'hall: name the hall to upload');
        let upload;
        try {
          upload = hallReport(await summary(month(m), 'service', q.hall), d.now());
        } catch (error) {
          if (error instanceof ReportExportError) throw new HttpError(409, 'conflict', error.message);
          throw error;
        }
        await d.audit.append(`user:${s.username}`, 'report.exported', { month: upload.month, hall: q.hall, format: 'hall-upload', terminals: upload.terminals.length });
        sendFile(res, `${JSON.stringify(upload, null, 2)}\n`, 'application/json; charset=utf-8', `bianmin-hall-report-${upload.month}-${upload.hall}.json`);
      },
    ],
  ];
}
