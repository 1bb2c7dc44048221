/** The slip of an ID photo upload: accepted or not, the receipt number, the holder masked. */
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import { maskName } from '../../../contract/rules/person-name.ts';
import { SessionSlot } from '../shared/service-session.ts';
import { finishSlip, startSlip, type SlipContext } from '../shared/slip-frame.ts';
import { nothingToPrint, type SlipRenderer } from '../shared/slip-renderers.ts';
import type { IdPhotoRecord } from './id-photo-upstream.ts';

/** The session's last photo check, which the slip prints. */
export const idPhotoResult = new SessionSlot<{ record: IdPhotoRecord; submittedAt: Date }>('id-photo');

export function buildIdPhotoSlip(record: IdPhotoRecord, holder: { name: string; idNumberMasked: string }, ctx: SlipContext): Uint8Array {
  const s = ctx.texts;
  const b = startSlip(s.idPhotoTitle);
  if (record.accepted) b.bold(true).line(`${s.receiptNo}: ${record.receiptNo}`).bold(false);
  b.line(`${s.applicant}: ${maskName(holder.name)} ${holder.idNumberMasked}`);
  b.line(s.photoAccepted[record.accepted ? 'yes' : 'no']);
  return finishSlip(b, ctx);
}

export const idPhotoSlip: SlipRenderer<'id-photo'> = ({ session, state, slip }) => {
  const result = idPhotoResult.get(state);
  const identity = session.identity;
  if (!result || !identity) throw nothingToPrint('ID photo upload');
  return buildIdPhotoSlip(result.record, { name: identity.name || identity.nameEn || '', idNumberMasked: maskIdNumber(identity.idNumber) }, slip);
};
