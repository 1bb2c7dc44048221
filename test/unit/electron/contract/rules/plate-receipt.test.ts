import { describe, expect, it } from 'vitest';
import { checkPlateNumber, maskPlate } from '../../../../../electron/contract/rules/plate-number.ts';
import { extractReceiptNo, issueReceiptNo, progressUrl } from '../../../../../electron/core/services/shared/receipt-number.ts';

describe('plate numbers', () => {
  it.each(['京A12345', '粤B·D12345', '沪AD12345', '川A1234学', ' 云a 8k88f '])('accepts %j', (plate) => {
    expect(checkPlateNumber(plate).ok).toBe(true);
  });

  it.each(['', 'A12345', '京112345', '京A1234', '京AI2345', '京A1234567', '港A12345', 'DROP TABLE'])('rejects %j', (plate) => {
    const result = checkPlateNumber(plate);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/plate/);
  });

  it('normalises and masks', () => {
    expect(checkPlateNumber('京a·12345')).toEqual({ ok: true, plate: '京A12345' });
    expect(maskPlate('京A12345')).toBe('京A***45');
  });
});

describe('receipt numbers', () => {
  const at = new Date(2026, 2, 1, 10, 0);

  it('are derived from the submission id, so a retry gets the same number', () => {
    const id = '6f1c2f0e-3b7a-4c55-9d2e-0a1b2c3d4e5f';
    const first = issueReceiptNo('DEMO-0001', id, at);
    expect(first).toMatch(/^DEMO-0001-20260301-[2-9A-HJ-NP-Z]{6}$/);
    expect(issueReceiptNo('DEMO-0001', id, at)).toBe(first);
    expect(issueReceiptNo('DEMO-0001', '7f1c2f0e-3b7a-4c55-9d2e-0a1b2c3d4e5f', at)).not.toBe(first);
  });

  it('are found in a typed number or in the progress QR of any channel', () => {
    const no = 'DEMO-0001-20260301-7K3QXZ';
    expect(extractReceiptNo(` ${no.toLowerCase()} `)).toBe(no);
    expect(extractReceiptNo(progressUrl('http://127.0.0.1:8787/', no))).toBe(no);
    expect(progressUrl('http://127.0.0.1:8787/', no)).toBe(`http://127.0.0.1:8787/p/${no}`);
    expect(extractReceiptNo('https://zwfw.example.gov.cn/track?receiptNo=BJCY-20260105-000127')).toBe('BJCY-20260105-000127');
  });

  it.each(['', '12', 'javascript:alert(1)', 'https://example.com/other/page', 'ftp://x/p/ABCDEF-123', '<script>', 'A'.repeat(80)])(
    'finds nothing in %j',
    (text) => {
      expect(extractReceiptNo(text)).toBeUndefined();
    },
  );
});
