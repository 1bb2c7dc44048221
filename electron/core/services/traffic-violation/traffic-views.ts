/** What the screen shows of a plate's violations, with the totals of the unhandled ones. */
import type { TrafficViolationView } from '../../../contract/service-api.ts';
import { checkPublicResultUrl } from '../shared/public-result-url.ts';
import type { TrafficViolationsRecord } from './traffic-upstream.ts';

/** `personal`: what the result's public page address must not carry (ID number, name, plate); else no QR. */
export const toTrafficView = (r: TrafficViolationsRecord, queriedAt: Date, personal: readonly string[] = []): TrafficViolationView => {
  const page = r.resultUrl === undefined ? undefined : checkPublicResultUrl(r.resultUrl, personal);
  const open = r.items.filter((item) => !item.handled);
  return {
    plateNumber: r.plateNumber,
    items: r.items.map(({ decision, ...item }) => ({
      ...item,
      ...(decision === undefined ? {} : { decision: { decisionNo: decision.decisionNo, amountDueFen: decision.amountDueFen, status: decision.paid || decision.amountDueFen === 0 ? ('paid' as const) : ('due' as const) } }),
    })),
    unhandledCount: open.length,
    totalPoints: open.reduce((sum, item) => sum + item.points, 0),
    totalFineYuan: open.reduce((sum, item) => sum + item.fineYuan, 0),
    queriedAt: queriedAt.toISOString(),
    ...(page?.ok ? { resultUrl: page.url } : {}),
  };
};
