/**
 * The acceptance slip of an endorsement application: receipt number, the type with its validity and
 * times, the permit masked, then either the fee paid here with the payment lines (amount, order
 * number, channel, transaction number: payments/payment-receipt.ts) or the fee still due with the
 * payment reference and where to pay, and the progress QR code.
 */
import type { EndorsementReceiptView } from '../../../contract/services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import { paidLines } from '../../payments/payment-receipt.ts';
import { fillTemplate } from '../../printing/print-texts.ts';
import { finishSlip, formatTime, startSlip, type SlipContext } from '../shared/slip-frame.ts';
import { nothingToPrint, type SlipRenderer } from '../shared/slip-renderers.ts';
import { endorsementReceipts } from './endorsement-session.ts';

export function buildEndorsementSlip(receipt: EndorsementReceiptView, ctx: SlipContext): Uint8Array {
  const s = ctx.texts;
  const e = s.endorsement;
  const b = startSlip(e.title);
  b.bold(true).line(`${s.receiptNo}: ${receipt.receiptNo}`).bold(false);
  b.line(`${e.permit}: ${receipt.permitMasked}`);
  b.line(`${e.type}: ${e.types[receipt.type]}`);
  b.line(fillTemplate(receipt.times === 0 ? e.validityUnlimited : e.validity, { months: receipt.validityMonths, times: receipt.times }));
  b.line(`${s.submittedAt}: ${formatTime(receipt.submittedAt, ctx.timeZone)}`);
  b.line(s.delivery[receipt.delivery]);
  const payment = receipt.payment;
  if (payment.status === 'paid') {
    b.newline().bold(true).line(fillTemplate(e.feePaid, { fee: receipt.feeYuan })).bold(false);
    for (const { label, value } of paidLines(payment, s.payment)) b.line(`${label}: ${value}`);
  } else {
    b.newline().bold(true).line(fillTemplate(e.feeDue, { fee: receipt.feeYuan })).bold(false);
    b.line(`${e.paymentReference}: ${payment.reference}`);
    b.line(e.whereToPay);
  }
  return finishSlip(b, ctx, { url: receipt.progressUrl, caption: s.scanProgress });
}

export const endorsementSlip: SlipRenderer<'hk-macau-endorsement'> = ({ document, state, slip }) => {
  const receipt = [...(endorsementReceipts.get(state)?.values() ?? [])].find((r) => r.receiptNo === document.receiptNo);
  if (!receipt) throw nothingToPrint(`endorsement receipt ${document.receiptNo}`);
  return buildEndorsementSlip(receipt, slip);
};
