import { describe, expect, it } from 'vitest';
import { channelForCode, maskCode, walletOfCode } from '../../../../../electron/core/payments/payment-code.ts';
import { newOrderNo } from '../../../../../electron/core/payments/order-number.ts';

describe('payment codes', () => {
  it('knows the wallets by their published ranges', () => {
    expect(walletOfCode('134567890123456789')).toBe('wechat-pay');
    expect(walletOfCode('286543210987654321')).toBe('alipay');
    expect(walletOfCode('3012345678901234')).toBe('alipay');
    expect(walletOfCode('6225880123456789012')).toBe('unionpay-qr');
  });

  it('refuses what is not a payment code', () => {
    for (const bad of ['', '12345', '16' + '0'.repeat(16), '13456789012345678', 'https://x.gov.cn/1', '1345678901234567８９', '6225880123456789']) expect(walletOfCode(bad)).toBeUndefined();
  });

  it('sends a notice (缴款码) purchase to the non-tax platform, others to their wallet if configured', () => {
    expect(channelForCode('134567890123456789', '3301', ['wechat-pay', 'non-tax'])).toBe('non-tax');
    expect(channelForCode('134567890123456789', undefined, ['wechat-pay', 'non-tax'])).toBe('wechat-pay');
    expect(channelForCode('286543210987654321', undefined, ['wechat-pay'])).toBeUndefined();
  });

  it('masks a code for logs', () => {
    expect(maskCode('134567890123456789')).toBe('wechat-pay…6789');
  });
});

describe('order numbers', () => {
  it('fit every channel and differ each time', () => {
    const at = new Date('2026-12-04T16:30:00Z');
    const a = newOrderNo('KM-0001', at);
    const b = newOrderNo('KM-0001', at);
    expect(a).toMatch(/^KM0001261205003000[A-Z2-9]{8}$/);
    expect(a.length).toBeLessThanOrEqual(30);
    expect(a).not.toBe(b);
  });
});
