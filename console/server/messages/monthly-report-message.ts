/**
 * The monthly 好差评 report a terminal publishes on `…/reports` (electron/core/fleet/report-publisher.ts),
 * validated before it is stored, with the site (region, hall, tags) it was made under. Beyond the shape, the counts must add up the way the terminal
 * built them (ratings → evaluations, services → totals): the console's monthly figures are sums of
 * these reports, so a report that does not add up is dropped and counted rather than summed.
 */
import { z } from 'zod';
import { RATING_LEVELS } from '../../../electron/core/evaluation/evaluations.ts';
import { REPORT_FORMAT, type MonthlyReport } from '../../../electron/core/evaluation/monthly-report.ts';
import type { FleetMonthlyReport } from '../../../electron/core/fleet/report-publisher.ts';
import { siteSchema } from './terminal-messages.ts';

const count = z.number().int().min(0).max(1_000_000_000);
const rate = z.number().min(0).max(1_000_000).nullable();
const ratings = z.object(Object.fromEntries(RATING_LEVELS.map((level) => [level, count])) as Record<(typeof RATING_LEVELS)[number], typeof count>).strict();
const reasonName = z.string().min(1).max(64);

const lineFields = {
  transactions: count,
  evaluations: count,
  ratings,
  satisfactionRate: rate,
  evaluationRate: rate,
  badReasons: z.record(reasonName, count).refine((r) => Object.keys(r).length <= 100, 'at most 100 reasons'),
};

type Line = z.infer<z.ZodObject<typeof lineFields>>;

const ratingSum = (line: Line) => RATING_LEVELS.reduce((sum, level) => sum + line.ratings[level], 0);

export const monthlyReportSchema = z
  .object({
    format: z.literal(REPORT_FORMAT),
    terminalId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    utcOffset: z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/),
    generatedAt: z.iso.datetime({ offset: true }),
    services: z.array(z.object({ serviceId: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/), ...lineFields }).strict()).max(500),
    totals: z.object(lineFields).strict(),
    /** The site the report was made under (terminals of this version on); older ones send none. */
    site: siteSchema.optional(),
  })
  .strict()
  .superRefine((report, ctx) => {
    const ids = new Set<string>();
    report.services.forEach((line, i) => {
      if (ids.has(line.serviceId)) ctx.addIssue({ code: 'custom', path: ['services', i, 'serviceId'], message: `service ${line.serviceId} appears twice` });
      ids.add(line.serviceId);
      if (ratingSum(line) !== line.evaluations) ctx.addIssue({ code: 'custom', path: ['services', i, 'evaluations'], message: 'evaluations is not the sum of the ratings' });
    });
    const sum = (pick: (line: Line) => number) => report.services.reduce((total, line) => total + pick(line), 0);
    const checks: [string, number, number][] = [
      ['transactions', sum((l) => l.transactions), report.totals.transactions],
      ['evaluations', sum((l) => l.evaluations), report.totals.evaluations],
      ...RATING_LEVELS.map((level): [string, number, number] => [`ratings.${level}`, sum((l) => l.ratings[level]), report.totals.ratings[level]]),
    ];
    const reasons = new Map<string, number>();
    for (const line of report.services) for (const [reason, n] of Object.entries(line.badReasons)) reasons.set(reason, (reasons.get(reason) ?? 0) + n);
    for (const reason of new Set([...reasons.keys(), ...Object.keys(report.totals.badReasons)])) {
      checks.push([`badReasons.${reason}`, reasons.get(reason) ?? 0, report.totals.badReasons[reason] ?? 0]);
    }
    for (const [field, services, total] of checks) {
      if (services !== total) ctx.addIssue({ code: 'custom', path: ['totals', ...field.split('.')], message: `totals.${field} is ${total} but the services add up to ${services}` });
    }
  });

export type MonthlyReportMessage = z.infer<typeof monthlyReportSchema>;

// Compile-time checks both ways: what the terminal builds fits the schema, and what the schema lets through is a MonthlyReport.
type Assignable<T, U> = [T] extends [U] ? true : false;
const _reportFits: Assignable<FleetMonthlyReport, z.input<typeof monthlyReportSchema>> = true;
const _messageIsReport: Assignable<MonthlyReportMessage, MonthlyReport> = true;
void _reportFits;
void _messageIsReport;
