/**
 * ESC/POS slips of the citizen services. Like the credit slip, a left-behind slip shows only
 * masked personal data; the QR codes carry a public URL (progress, verification, guide), never
 * the data itself.
 */
import type { EscPosBuilder } from '../../../../native/printer/escpos-builder.ts';
import { receiptBuilder } from '../../printing/receipt-builder.ts';
import type { ProgressView } from '../../../contract/service-api.ts';
import type { IssuedReceipt } from './service-session.ts';
import type { GuideResource } from '../service-guide/guides.ts';
import { textIn } from './localized-text.ts';
import { maskPlate } from '../../../contract/rules/plate-number.ts';
import type { EnterpriseCreditRecord, IdPhotoRecord, TrafficViolationsRecord } from '../../upstream/service-upstream.ts';
import { maskName } from '../../../contract/rules/person-name.ts';
import { serviceReceiptStrings, type ServiceReceiptStrings } from './service-receipt-strings.ts';

export interface SlipContext {
  locale: string;
  terminalId: string;
  printedAt: Date;
}

export const formatTime = (date: Date): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

function start(title: string): EscPosBuilder {
  return receiptBuilder().init().align('center').bold(true).size(2, 2).line(title).size(1, 1).bold(false).newline().align('left');
}

function finish(b: EscPosBuilder, s: ServiceReceiptStrings, ctx: SlipContext, qr?: { url: string; caption: string }): Uint8Array {
  b.newline().line(`${s.printedAt}: ${formatTime(ctx.printedAt)}`).line(`${s.terminal}: ${ctx.terminalId}`);
  if (qr) b.align('center').qr(qr.url, { size: 6, ecc: 'M' }).line(qr.caption);
  return b.feed(3).cut().build();
}

export function buildEnterpriseCreditSlip(record: EnterpriseCreditRecord, queriedAt: Date, ctx: SlipContext): Uint8Array {
  const s = serviceReceiptStrings(ctx.locale);
  const b = start(s.enterpriseTitle);
  b.line(`${s.reportNo}: ${record.reportNo}`);
  b.line(`${s.entityName}: ${record.entityName}`);
  b.line(`${s.creditCode}: ${record.creditCode}`);
  b.line(`${s.entityType}: ${record.entityType}`);
  b.line(`${s.legalRepresentative}: ${maskName(record.legalRepresentative)}`);
  b.bold(true).line(`${s.status}: ${record.status}`).bold(false);
  for (const entry of record.entries) b.line(`- ${entry.title}`).line(`  ${entry.authority} ${entry.date}`);
  b.line(`${s.submittedAt}: ${formatTime(queriedAt)}`);
  return finish(b, s, ctx, { url: record.verifyUrl, caption: s.scanVerify });
}

export function buildSubmissionSlip(receipt: IssuedReceipt, ctx: SlipContext): Uint8Array {
  const s = serviceReceiptStrings(ctx.locale);
  const b = start(receipt.kind === 'commitment' ? s.commitmentTitle : s.formTitle);
  const { view } = receipt;
  b.bold(true).line(`${s.receiptNo}: ${view.receiptNo}`).bold(false);
  b.line(`${s.matter}: ${textIn(view.title, ctx.locale)}`);
  if (receipt.applicantMasked) b.line(`${s.applicant}: ${receipt.applicantMasked}`);
  b.line(`${s.submittedAt}: ${formatTime(new Date(view.submittedAt))}`);
  b.line(s.delivery[view.delivery]);
  return finish(b, s, ctx, { url: view.progressUrl, caption: s.scanProgress });
}

export function buildProgressSlip(view: ProgressView, ctx: SlipContext): Uint8Array {
  const s = serviceReceiptStrings(ctx.locale);
  const b = start(s.progressTitle);
  if (view.holderNameMasked) b.line(`${s.applicant}: ${view.holderNameMasked}`);
  if (view.items.length === 0) b.line(s.noItems);
  for (const item of view.items) {
    b.bold(true).line(`${s.receiptNo}: ${item.receiptNo}`).bold(false);
    b.line(`${s.matter}: ${item.matter}`);
    b.line(`${s.status}: ${s.progressStatus[item.status]}`);
    if (item.note) b.line(`  ${item.note}`);
    if (item.pickup) b.line(`${s.pickup}: ${item.pickup}`);
    b.line(`${s.updatedAt}: ${item.updatedAt.slice(0, 16).replace('T', ' ')}`).newline();
  }
  return finish(b, s, ctx);
}

export function buildTrafficSlip(record: TrafficViolationsRecord, ctx: SlipContext): Uint8Array {
  const s = serviceReceiptStrings(ctx.locale);
  const b = start(s.trafficTitle);
  b.line(`${s.plate}: ${maskPlate(record.plateNumber)}`);
  const open = record.items.filter((i) => !i.handled);
  for (const item of record.items) {
    b.line(`- ${item.occurredAt.slice(0, 16).replace('T', ' ')} ${item.location}`);
    b.line(`  ${item.behaviour}`);
    b.line(`  ${s.points} ${item.points} / ${s.fine} ${item.fineYuan}${s.yuan} / ${s.handled[item.handled ? 'yes' : 'no']}`);
  }
  const points = open.reduce((sum, i) => sum + i.points, 0);
  const fine = open.reduce((sum, i) => sum + i.fineYuan, 0);
  b.bold(true).line(s.unhandledTotal(open.length, points, fine)).bold(false);
  return finish(b, s, ctx);
}

export function buildIdPhotoSlip(record: IdPhotoRecord, holder: { name: string; idNumberMasked: string }, ctx: SlipContext): Uint8Array {
  const s = serviceReceiptStrings(ctx.locale);
  const b = start(s.idPhotoTitle);
  if (record.accepted) b.bold(true).line(`${s.receiptNo}: ${record.receiptNo}`).bold(false);
  b.line(`${s.applicant}: ${maskName(holder.name)} ${holder.idNumberMasked}`);
  b.line(s.photoAccepted[record.accepted ? 'yes' : 'no']);
  return finish(b, s, ctx);
}

export function buildGuideSlip(guide: GuideResource, phoneUrl: string, ctx: SlipContext): Uint8Array {
  const s = serviceReceiptStrings(ctx.locale);
  const t = (text: Parameters<typeof textIn>[0]) => textIn(text, ctx.locale);
  const b = start(s.guideTitle);
  b.bold(true).line(t(guide.title)).bold(false).line(t(guide.summary)).newline();
  b.line(s.timeLimit(guide.timeLimit.legalDays, guide.timeLimit.promisedDays));
  b.line(`${s.fees}: ${guide.fees.free ? s.free : guide.fees.items.map((f) => `${t(f.name)} ${f.amountYuan}${s.yuan}`).join('; ')}`);
  b.bold(true).line(`${s.materials}:`).bold(false);
  guide.materials.forEach((m, i) => b.line(`${i + 1}. ${t(m.name)} x${m.copies}`));
  b.bold(true).line(`${s.steps}:`).bold(false);
  guide.steps.forEach((step, i) => b.line(`${i + 1}. ${t(step.title)}`));
  b.bold(true).line(`${s.locations}:`).bold(false);
  for (const place of guide.locations) b.line(`${t(place.name)}: ${t(place.address)}`).line(`  ${t(place.hours)}`);
  return finish(b, s, ctx, { url: phoneUrl, caption: s.scanGuide });
}
