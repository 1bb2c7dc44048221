import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../../../../native/simulators/escpos-decoder.ts';
import { maskIdNumber } from '../../../../../../electron/contract/rules/id-number.ts';
import { buildSubmissionSlip } from '../../../../../../electron/core/services/shared/submission-slip.ts';
import { buildProgressSlip } from '../../../../../../electron/core/services/progress-query/progress-slip.ts';
import { buildTrafficSlip } from '../../../../../../electron/core/services/traffic-violation/traffic-slip.ts';
import { shippedPrintTexts } from '../../../../../support/shipped-print-texts.ts';
import { checkSignaturePng } from '../../../../../../electron/core/services/credit-commitment/commitments.ts';
import QRCode from 'qrcode';

const ctx = (locale: string) => ({ locale, texts: shippedPrintTexts().slip(locale), terminalId: 'KM-0001', printedAt: new Date(2026, 2, 1, 9, 30), timeZone: 'Asia/Shanghai' });
const receipt = {
  kind: 'form' as const,
  applicantMasked: `张* ${maskIdNumber('11010519491231002X')}`,
  view: {
    receiptNo: 'KM-0001-20260301-7K3QXZ',
    serviceId: 'form-filling' as const,
    title: { 'zh-CN': '居住证申领登记表', 'en-US': 'Residence Permit Application' },
    delivery: 'queued' as const,
    submittedAt: new Date(2026, 2, 1, 9, 29).toISOString(),
    progressUrl: 'http://127.0.0.1:8787/p/KM-0001-20260301-7K3QXZ',
  },
};

describe('service slips', () => {
  it('print the receipt number, masked applicant, delivery state and the progress QR', () => {
    const slip = decodeEscPos(buildSubmissionSlip(receipt, ctx('zh-CN')));
    const text = slip.lines.join('\n');
    expect(slip.errors).toEqual([]);
    expect(text).toContain('受理编号: KM-0001-20260301-7K3QXZ');
    expect(text).toContain('居住证申领登记表');
    expect(text).toContain('110***********002X');
    expect(text).not.toContain('11010519491231002X');
    expect(text).toContain('网络恢复后自动提交');
    expect(slip.qrCodes).toEqual([receipt.view.progressUrl]);
    expect(slip.cut).toBe(true);
  });

  it('print in the citizen\'s locale, falling back to zh-CN for a locale without wording', () => {
    expect(decodeEscPos(buildSubmissionSlip(receipt, ctx('en-US'))).lines.join('\n')).toContain('Residence Permit Application');
    expect(decodeEscPos(buildSubmissionSlip(receipt, ctx('ug-CN'))).lines.join('\n')).toContain('申请受理回执');
  });

  it('list progress items with their status words, and traffic totals with a masked plate', () => {
    const progress = decodeEscPos(
      buildProgressSlip(
        {
          holderNameMasked: '张*',
          queriedAt: '2026-03-01T01:00:00.000Z',
          items: [{ receiptNo: 'R-000001', matter: '居住证签注', status: 'ready-for-pickup', note: '', submittedAt: 'x', updatedAt: '2026-01-09T15:30:00+08:00', steps: [], pickup: '一窗出件窗口' }],
        },
        ctx('zh-CN'),
      ),
    ).lines.join('\n');
    expect(progress).toContain('待领取');
    expect(progress).toContain('一窗出件窗口');
    const traffic = decodeEscPos(
      buildTrafficSlip(
        {
          plateNumber: '京A12345',
          items: [{ violationId: '1101052511030001', occurredAt: '2025-11-03T08:15:00+08:00', location: '示例路口', behaviour: '违反禁令标志', points: 3, fineYuan: 200, fineFen: 20000, legalBasis: '道路交通安全法第九十条', handled: false, authority: '交管', simpleProcedure: { eligible: true } }],
        },
        ctx('zh-CN'),
      ),
    ).lines.join('\n');
    expect(traffic).toContain('京A***45');
    expect(traffic).not.toContain('京A12345');
    expect(traffic).toContain('未处理 1 条，合计记分 3 分，罚款 200 元');
  });
});

describe('signature images', () => {
  it('accept a real PNG and refuse other bytes or absurd sizes', async () => {
    expect(checkSignaturePng(await QRCode.toDataURL('x', { width: 200 }))).toMatchObject({ ok: true, width: 200, height: 200 });
    expect(checkSignaturePng(`data:image/png;base64,${Buffer.from('not a png, only some text bytes here!').toString('base64')}`)).toEqual({
      ok: false,
      reason: 'signature is not a PNG image',
    });
    expect(checkSignaturePng(await QRCode.toDataURL('x', { width: 30, margin: 0 }))).toMatchObject({ ok: false, reason: expect.stringMatching(/out of range/) });
  });
});
