/**
 * The frame every citizen-service slip shares: the title on top, then (in finishSlip) the time,
 * the terminal and an optional QR code, and the cut. Like the credit slip, a left-behind slip shows
 * only masked personal data; QR codes carry a public URL (progress, verification, guide), never
 * the data itself.
 */
import type { EscPosBuilder } from '../../../../native/printer/escpos-builder.ts';
import { receiptBuilder } from '../../printing/receipt-builder.ts';
import type { SlipTexts } from '../../printing/print-texts.ts';
import { zonedStamp } from '../../../contract/rules/zoned-time.ts';

export interface SlipContext {
  /** The citizen's screen language: resource content (titles, guides) is printed in it. */
  locale: string;
  /** The slip wording of that language, or zh-CN's where its pack lacks a key (PrintTexts.slip). */
  texts: SlipTexts;
  terminalId: string;
  printedAt: Date;
  /** The hall's time zone (config hall.timeZone): every time on the slip reads as the hall's clock, not the OS clock's zone. */
  timeZone: string;
}

/** 'YYYY-MM-DD HH:mm' in the hall's zone; an upstream's text that is no instant prints as given. */
export const formatTime = (at: Date | string, timeZone: string): string => zonedStamp(at, timeZone);

export function startSlip(title: string): EscPosBuilder {
  return receiptBuilder().init().align('center').bold(true).size(2, 2).line(title).size(1, 1).bold(false).newline().align('left');
}

export function finishSlip(b: EscPosBuilder, ctx: SlipContext, qr?: { url: string; caption: string }): Uint8Array {
  const s = ctx.texts;
  b.newline().line(`${s.printedAt}: ${formatTime(ctx.printedAt, ctx.timeZone)}`).line(`${s.terminal}: ${ctx.terminalId}`);
  if (qr) b.align('center').qr(qr.url, { size: 6, ecc: 'M' }).line(qr.caption);
  return b.feed(3).cut().build();
}
