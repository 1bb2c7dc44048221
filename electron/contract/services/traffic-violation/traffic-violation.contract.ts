/**
 * 交通违法查询: violations of a plate (contract/rules/plate-number.ts) for the card holder.
 */
import { z } from 'zod';
import { method, result, UPSTREAM_MS } from '../../method.ts';

export interface TrafficViolationView {
  plateNumber: string;
  items: {
    occurredAt: string;
    location: string;
    behaviour: string;
    points: number;
    fineYuan: number;
    handled: boolean;
    authority: string;
  }[];
  unhandledCount: number;
  totalPoints: number;
  totalFineYuan: number;
  queriedAt: string;
}

export const trafficViolationMethods = {
  queryTrafficViolations: method({
    service: 'traffic-violation',
    access: 'citizen',
    enabledBy: ['traffic-violation'],
    tally: 'traffic-violation',
    timeoutMs: UPSTREAM_MS,
    request: z.object({ plateNumber: z.string().min(1).max(16) }).strict(),
    result: result<TrafficViolationView>(),
  }),
} as const;
