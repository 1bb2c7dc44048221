/** The slip of a progress query: every item's status in words, the holder's name masked. */
import type { ProgressView } from '../../../contract/service-api.ts';
import { SessionSlot } from '../shared/service-session.ts';
import { finishSlip, formatTime, startSlip, type SlipContext } from '../shared/slip-frame.ts';
import { nothingToPrint, type SlipRenderer } from '../shared/slip-renderers.ts';

/** The session's last progress answer, as the screen showed it. */
export const progressResult = new SessionSlot<ProgressView>('progress');

export function buildProgressSlip(view: ProgressView, ctx: SlipContext): Uint8Array {
  const s = ctx.texts;
  const b = startSlip(s.progressTitle);
  if (view.holderNameMasked) b.line(`${s.applicant}: ${view.holderNameMasked}`);
  if (view.items.length === 0) b.line(s.noItems);
  for (const item of view.items) {
    b.bold(true).line(`${s.receiptNo}: ${item.receiptNo}`).bold(false);
    b.line(`${s.matter}: ${item.matter}`);
    b.line(`${s.status}: ${s.progressStatus[item.status]}`);
    if (item.note) b.line(`  ${item.note}`);
    if (item.pickup) b.line(`${s.pickup}: ${item.pickup}`);
    b.line(`${s.updatedAt}: ${formatTime(item.updatedAt, ctx.timeZone)}`).newline();
  }
  return finishSlip(b, ctx);
}

export const progressSlip: SlipRenderer<'progress'> = ({ state, slip }) => {
  const view = progressResult.get(state);
  if (!view) throw nothingToPrint('progress query result');
  return buildProgressSlip(view, slip);
};
