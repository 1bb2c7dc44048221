/**
 * The acceptance slip (受理回执) of a submission, shared by the services that submit through the
 * outbox (credit commitment, form filling): the receipt number, the matter, the masked applicant,
 * whether it was delivered or waits for the network, and the progress QR code.
 */
import type { IssuedReceipt } from './service-session.ts';
import { textIn } from './localized-text.ts';
import { nothingToPrint, type SlipRenderer } from './slip-renderers.ts';
import { finishSlip, formatTime, startSlip, type SlipContext } from './slip-frame.ts';

export function buildSubmissionSlip(receipt: IssuedReceipt, ctx: SlipContext): Uint8Array {
  const s = ctx.texts;
  const b = startSlip(receipt.kind === 'commitment' ? s.commitmentTitle : s.formTitle);
  const { view } = receipt;
  b.bold(true).line(`${s.receiptNo}: ${view.receiptNo}`).bold(false);
  b.line(`${s.matter}: ${textIn(view.title, ctx.locale)}`);
  if (receipt.applicantMasked) b.line(`${s.applicant}: ${receipt.applicantMasked}`);
  b.line(`${s.submittedAt}: ${formatTime(view.submittedAt, ctx.timeZone)}`);
  b.line(s.delivery[view.delivery]);
  return finishSlip(b, ctx, { url: view.progressUrl, caption: s.scanProgress });
}

/** Either submission kind: the receipt must be of the document's kind and issued in this session. */
export const submissionSlip: SlipRenderer<'commitment' | 'form'> = ({ document, state, slip }) => {
  const receipt = state.receipts.get(document.receiptNo);
  if (!receipt || receipt.kind !== document.kind) throw nothingToPrint(`${document.kind} receipt ${document.receiptNo}`);
  return buildSubmissionSlip(receipt, slip);
};
