/**
 * The 处罚决定书 as a slip and as an A4 page: the decision, the amount, the order, transaction and
 * decision numbers, the result page as a QR; only masked personal data; HTML escaped.
 */
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../../../../native/simulators/escpos-decoder.ts';
import { buildDecisionHtml, buildDecisionSlip, holderMasked, type DecisionDocument } from '../../../../../../electron/core/services/traffic-violation/traffic-decision-document.ts';
import { shippedPrintTexts } from '../../../../../support/shipped-print-texts.ts';

const ID = '11010519491231002X';
const doc: DecisionDocument = {
  decisionNo: '11010520261205123456701',
  noticeNo: '11001234567890123456',
  holderMasked: holderMasked('张三', ID),
  plateMasked: '京B***56',
  occurredAt: '2025-10-12T07:52:00+08:00',
  location: '朝阳区示例大街 <b>',
  behaviour: '驾驶机动车不按规定车道行驶',
  legalBasis: '《中华人民共和国道路交通安全法》第九十条',
  authority: '北京市公安局公安交通管理局朝阳交通支队',
  points: 1,
  amountFen: 10_000,
  decidedAt: '2026-12-05T02:00:00Z',
  orderNo: 'KM0001202612050001',
  transactionId: '4212345678900000001',
  resultUrl: 'http://127.0.0.1:8787/p/traffic-decisions/11010520261205123456701',
};
const slipCtx = (locale: string, timeZone = 'Asia/Shanghai') => ({ locale, texts: shippedPrintTexts().slip(locale), terminalId: 'KM-0001', printedAt: new Date('2026-12-05T02:00:00Z'), timeZone });

describe('traffic decision document', () => {
  it('prints the slip with the numbers, the amount and the result QR, the holder masked', () => {
    const slip = decodeEscPos(buildDecisionSlip(doc, slipCtx('zh-CN')));
    const text = slip.lines.join('\n');
    expect(slip.errors).toEqual([]);
    for (const part of [doc.decisionNo, doc.orderNo, doc.transactionId, doc.noticeNo, '100.00', '罚款 100.00 元，记 1 分', '京B***56']) expect(text).toContain(part);
    expect(text).not.toContain(ID);
    expect(text).toContain('110***********002X');
    expect(slip.qrCodes).toEqual([doc.resultUrl]);
    expect(slip.cut).toBe(true);
    expect(decodeEscPos(buildDecisionSlip(doc, slipCtx('en-US'))).lines.join('\n')).toContain('Fine 100.00 yuan, 1 point(s)');
    // A page address refused for carrying personal data: the slip prints without a QR code.
    const { resultUrl: _dropped, ...withoutPage } = doc;
    expect(decodeEscPos(buildDecisionSlip(withoutPage, slipCtx('zh-CN'))).qrCodes).toEqual([]);
  });

  it('builds the A4 page escaped, with no full ID number', () => {
    const html = buildDecisionHtml(doc, shippedPrintTexts().slip('zh-CN'), 'KM-0001', new Date('2026-12-05T02:00:00Z'), 'Asia/Shanghai');
    expect(html).toContain('公安交通管理简易程序处罚决定书');
    expect(html).toContain(doc.decisionNo);
    expect(html).toContain('&#60;b&#62;');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain(ID);
    // The hall's clock, whatever the OS zone: occurred 07:52 +08:00, decided and printed 02:00Z = 10:00 in Beijing.
    expect(html).toContain('2025-10-12 07:52');
    expect(html).toMatch(/打印时间[^<]*: 2026-12-05 10:00/);
  });

  it('prints every time in the hall’s time zone, not the OS clock’s', () => {
    const china = decodeEscPos(buildDecisionSlip(doc, slipCtx('zh-CN'))).lines.join('\n');
    expect(china).toContain('2025-10-12 07:52');
    expect(china).toMatch(/: 2026-12-05 10:00$/m);
    const utc = decodeEscPos(buildDecisionSlip(doc, slipCtx('zh-CN', 'UTC'))).lines.join('\n');
    expect(utc).toContain('2025-10-11 23:52');
    expect(utc).not.toContain('07:52');
    expect(utc).toMatch(/: 2026-12-05 02:00$/m);
  });
});
