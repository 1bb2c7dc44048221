/**
 * The printer self-test page: a short slip an engineer can judge at a glance (Chinese and Latin
 * text, bold and double size, alignment, a QR code, the cut). It carries no personal data.
 */
import { EscPosBuilder } from '../../../native/printer/escpos-builder.ts';
import { zonedStamp } from '../../contract/rules/zoned-time.ts';

export interface SelfTestPageInput {
  terminalId: string;
  appVersion: string;
  at: Date;
  /** The hall's time zone (config hall.timeZone): the engineer compares the slip with the hall's clock. */
  timeZone: string;
}

/** Printed on the slip and in its QR code, so tests and engineers can find the page. */
export const SELF_TEST_TITLE = '打印机自检 PRINTER SELF-TEST';

export function buildSelfTestPage(input: SelfTestPageInput): Uint8Array {
  const b = new EscPosBuilder().init();
  b.align('center').bold(true).line(SELF_TEST_TITLE).bold(false);
  b.size(2, 2).line('便民自助终端').size(1, 1);
  b.align('left');
  b.line(`终端 Terminal: ${input.terminalId}`);
  b.line(`版本 Version: ${input.appVersion}`);
  b.line(`时间 Time: ${zonedStamp(input.at, input.timeZone, { seconds: true })}`);
  b.line('中文字符 GB18030: 一二三四五六七八九十');
  b.line('ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789');
  b.line('-'.repeat(32));
  b.align('right').line('右对齐 right');
  b.align('center').qr(`SELF-TEST ${input.terminalId} ${input.at.toISOString()}`, { size: 4, ecc: 'M' });
  b.line('本页无个人信息 No personal data');
  b.feed(3).cut();
  return b.build();
}
