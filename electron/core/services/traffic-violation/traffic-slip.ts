/** The slip of a traffic violation query: the plate masked, each violation, the unhandled totals. */
import { maskPlate } from '../../../contract/rules/plate-number.ts';
import { fillTemplate } from '../../printing/print-texts.ts';
import { SessionSlot } from '../shared/service-session.ts';
import { finishSlip, formatTime, startSlip, type SlipContext } from '../shared/slip-frame.ts';
import { nothingToPrint, type SlipRenderer } from '../shared/slip-renderers.ts';
import type { TrafficViolationsRecord } from './traffic-upstream.ts';

/** The session's last traffic violation answer, which the slip prints. */
export const trafficResult = new SessionSlot<{ record: TrafficViolationsRecord; queriedAt: Date }>('traffic-violations');

export function buildTrafficSlip(record: TrafficViolationsRecord, ctx: SlipContext): Uint8Array {
  const s = ctx.texts;
  const b = startSlip(s.trafficTitle);
  b.line(`${s.plate}: ${maskPlate(record.plateNumber)}`);
  const open = record.items.filter((i) => !i.handled);
  for (const item of record.items) {
    b.line(`- ${formatTime(item.occurredAt, ctx.timeZone)} ${item.location}`);
    b.line(`  ${item.behaviour}`);
    b.line(`  ${s.points} ${item.points} / ${s.fine} ${item.fineYuan}${s.yuan} / ${s.handled[item.handled ? 'yes' : 'no']}`);
  }
  const points = open.reduce((sum, i) => sum + i.points, 0);
  const fine = open.reduce((sum, i) => sum + i.fineYuan, 0);
  b.bold(true).line(fillTemplate(s.unhandledTotal, { count: open.length, points, fine })).bold(false);
  return finishSlip(b, ctx);
}

export const trafficSlip: SlipRenderer<'traffic-violations'> = ({ state, slip }) => {
  const result = trafficResult.get(state);
  if (!result) throw nothingToPrint('traffic violation query result');
  return buildTrafficSlip(result.record, slip);
};
