import { describe, expect, it } from 'vitest';
import { buildCreditReceipt } from '../../../../../../electron/core/services/credit-query/credit-receipt.ts';
import { maskName } from '../../../../../../electron/contract/rules/person-name.ts';
import { decodeEscPos } from '../../../../../../native/simulators/escpos-decoder.ts';
import { shippedPrintTexts } from '../../../../../support/shipped-print-texts.ts';

const record = {
  reportNo: 'XY20261123000001',
  subjectName: '张三',
  status: 'good' as const,
  entries: [{ category: 'red-list' as const, title: '守信红名单：A级纳税人', authority: '国家税务总局', date: '2024-04-12' }],
  verifyUrl: 'http://127.0.0.1:8787/verify/XY20261123000001',
};
const input = { record, idNumber: '11010519491231002X', terminalId: 'DEMO-0001', locale: 'zh-CN' as const,
  texts: shippedPrintTexts(),
  queriedAt: new Date(2026, 10, 23, 9, 30),
  timeZone: 'Asia/Shanghai',
};

describe('credit receipt', () => {
  it('prints the masked ID, the masked name, the entries and a verification QR, then cuts', () => {
    const receipt = decodeEscPos(buildCreditReceipt(input));
    const text = receipt.lines.join('\n');
    expect(text).toContain('个人信用查询回执');
    expect(text).toContain('证件号码: 110***********002X');
    expect(text).toContain('姓名: 张*');
    expect(text).toContain('守信红名单：A级纳税人');
    expect(text).not.toContain('11010519491231002X');
    expect(receipt.qrCodes).toEqual([record.verifyUrl]);
    expect(receipt.cut).toBe(true);
    expect(receipt.errors).toEqual([]);
  });

  it('prints a line with a character outside the printer font as a raster image instead of failing', () => {
    const rare = { ...input, record: { ...record, entries: [{ ...record.entries[0]!, title: '表彰：𠀋' }] } };
    const receipt = decodeEscPos(buildCreditReceipt(rare));
    expect(receipt.rasters.length).toBeGreaterThan(0);
    expect(receipt.lines.join('\n')).toContain('证件号码: 110***********002X');
  });

  it('masks names after their first character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('王');
  });

  it('prints in English when the terminal locale is en-US', () => {
    const text = decodeEscPos(buildCreditReceipt({ ...input, locale: 'en-US' })).lines.join('\n');
    expect(text).toContain('Personal Credit Query Receipt');
    expect(text).toContain('Credit status: Good');
  });
});
