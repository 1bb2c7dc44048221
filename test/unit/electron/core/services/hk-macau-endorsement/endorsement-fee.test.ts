import { describe, expect, it } from 'vitest';
import { feeFen, feePayableHere } from '../../../../../../electron/core/services/hk-macau-endorsement/endorsement-fee.ts';
import type { PaymentsRuntime } from '../../../../../../electron/core/payments/payments-runtime.ts';

const withChannels = (channels: string[]): PaymentsRuntime => ({ engine: { channels } }) as unknown as PaymentsRuntime;

describe('the endorsement fee', () => {
  it('is the upstream’s yuan in whole fen, floating-point noise included', () => {
    expect(feeFen(15)).toBe(1500);
    expect(feeFen(20.5)).toBe(2050);
    expect(feeFen(0.1 + 0.2)).toBe(30);
    expect(feeFen(0.01)).toBe(1);
  });

  it('is not charged at the terminal when there is nothing to charge or not a whole number of fen', () => {
    expect(feeFen(0)).toBeUndefined();
    expect(feeFen(15.555)).toBeUndefined();
    expect(feeFen(0.004)).toBeUndefined();
  });

  it('is payable here only with a wallet channel (the non-tax platform collects notices, not this fee)', () => {
    expect(feePayableHere(undefined)).toBe(false);
    expect(feePayableHere(withChannels([]))).toBe(false);
    expect(feePayableHere(withChannels(['non-tax']))).toBe(false);
    expect(feePayableHere(withChannels(['non-tax', 'alipay']))).toBe(true);
  });
});
