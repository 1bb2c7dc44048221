/** What the screen shows of a plate's violations, with the totals of the unhandled ones. */
import type { TrafficViolationView } from '../../../contract/service-api.ts';
import type { TrafficViolationsRecord } from './traffic-upstream.ts';

export const toTrafficView = (r: TrafficViolationsRecord, queriedAt: Date): TrafficViolationView => {
  const open = r.items.filter((item) => !item.handled);
  return {
    plateNumber: r.plateNumber,
    items: r.items.map((item) => ({ ...item })),
    unhandledCount: open.length,
    totalPoints: open.reduce((sum, item) => sum + item.points, 0),
    totalFineYuan: open.reduce((sum, item) => sum + item.fineYuan, 0),
    queriedAt: queriedAt.toISOString(),
  };
};
