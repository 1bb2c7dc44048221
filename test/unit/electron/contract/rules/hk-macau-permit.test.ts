import { describe, expect, it } from 'vitest';
import { checkPermitNumber, icaoCheckDigit, maskPermit, permitFromScan } from '../../../../../electron/contract/rules/hk-macau-permit.ts';

describe('往来港澳通行证 number rule', () => {
  it.each([
    ['C12345678', 'C12345678'],
    ['CA1234567', 'CA1234567'],
    ['cz7654321', 'CZ7654321'],
    [' C 1234-5678 ', 'C12345678'],
  ])('accepts the card permit %s', (input, permit) => {
    expect(checkPermitNumber(input)).toEqual({ ok: true, permit });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['W12345678', 'old-booklet'],
    ['w 1234 5678', 'old-booklet'],
    ['D12345678', 'wrong-prefix'],
    ['123456789', 'wrong-prefix'],
    ['C1234567', 'wrong-length'],
    ['C123456789', 'wrong-length'],
    ['CI1234567', 'letter-i-o'],
    ['CO1234567', 'letter-i-o'],
    ['C12345A78', 'bad-characters'],
    ['CAB123456', 'bad-characters'],
    ['C1234567８', 'bad-characters'],
    ['C1234.678', 'bad-characters'],
  ])('refuses %j as %s', (input, reason) => {
    expect(checkPermitNumber(input)).toEqual({ ok: false, reason });
  });

  it('computes the ICAO 7-3-1 check digit', () => {
    // ICAO 9303 part 3 worked example: document number L898902C3 has check digit 6.
    expect(icaoCheckDigit('L898902C3')).toBe(6);
    // C=12: 12*7 + 1*3 + 2*1 + 3*7 + 4*3 + 5*1 + 6*7 + 7*3 + 8*1 = 84+3+2+21+12+5+42+21+8 = 198.
    expect(icaoCheckDigit('C12345678')).toBe(8);
  });

  it('reads the number from the machine-readable line when its check digit matches', () => {
    const digit = icaoCheckDigit('C12345678');
    expect(permitFromScan(`CSC12345678${digit}<2501013<<<<<<`)).toEqual({ ok: true, permit: 'C12345678' });
    expect(permitFromScan(`CSC12345678${(digit + 1) % 10}<2501013<<<<<<`)).toEqual({ ok: false, reason: 'scan-unreadable' });
  });

  it('treats a bare scanned number like a typed one, and garbage as unreadable', () => {
    expect(permitFromScan('CA1234567\n')).toEqual({ ok: true, permit: 'CA1234567' });
    expect(permitFromScan('W12345678')).toEqual({ ok: false, reason: 'old-booklet' });
    expect(permitFromScan('https://example.org/x?y=1')).toEqual({ ok: false, reason: 'scan-unreadable' });
  });

  it('masks all but the prefix and the last three characters', () => {
    expect(maskPermit('C12345678')).toBe('C*****678');
    expect(maskPermit('C12')).toBe('***');
  });
});
