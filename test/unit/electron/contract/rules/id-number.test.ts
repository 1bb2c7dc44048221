import { describe, expect, it } from 'vitest';
import {
  gb11643CheckChar,
  isPlausibleBirthDate,
  maskIdNumber,
  validateCardNumber,
  validateForeign2017Id,
  validateForeign2023Id,
  validateGb11643,
  validateHmtPermitId,
  validateResidentId,
} from '../../../../../electron/contract/rules/id-number.ts';

const today = new Date(2025, 5, 1);

describe('GB 11643 check character', () => {
  it('computes MOD 11-2 including the X case', () => {
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
    expect(gb11643CheckChar('44030619700101001')).toBe('5');
    expect(gb11643CheckChar('91112419880615003')).toBe('1');
  });

  it('refuses input that is not 17 digits', () => {
    expect(() => gb11643CheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => gb11643CheckChar('1101051949123100A')).toThrow(RangeError);
  });

  it('accepts valid numbers and rejects a single wrong character', () => {
    expect(validateResidentId('11010519491231002X', today)).toEqual({ ok: true });
    expect(validateResidentId('440306197001010015', today)).toEqual({ ok: true });
    const wrong = validateResidentId('110105194912310021', today);
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.reason).toMatch(/check character/);
  });

  it.each([
    ['11010519491231002x', /17 digits/],
    ['11010519491231002', /17 digits/],
    ['1101051949123100211', /17 digits/],
    ['11010519490231002X', /birth date/],
    ['11010530000101002X', /birth date/],
    ['11010518991231002X', /birth date/],
  ])('rejects %s', (id, reason) => {
    const result = validateGb11643(id, today);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('checks the birth date against the calendar', () => {
    expect(isPlausibleBirthDate('20000229', today)).toBe(true);
    expect(isPlausibleBirthDate('19000229', today)).toBe(false);
    expect(isPlausibleBirthDate('20250602', today)).toBe(false);
    expect(isPlausibleBirthDate('2025061', today)).toBe(false);
  });
});

describe('card-specific number rules', () => {
  it('keeps resident, HMT and 2023 foreigner prefixes apart', () => {
    expect(validateResidentId('911124198806150031', today).ok).toBe(false);
    expect(validateForeign2023Id('911124198806150031', today)).toEqual({ ok: true });
    expect(validateForeign2023Id('11010519491231002X', today).ok).toBe(false);
    expect(validateHmtPermitId('81000019900307012X', today)).toEqual({ ok: true });
    expect(validateHmtPermitId('11010519491231002X', today).ok).toBe(false);
  });

  it('validates the 2017 15-character structure and its birth date', () => {
    expect(validateForeign2017Id('GBR310075030220', today)).toEqual({ ok: true });
    expect(validateForeign2017Id('GBR310075023020', today).ok).toBe(false);
    expect(validateForeign2017Id('gbr310075030220', today).ok).toBe(false);
    expect(validateForeign2017Id('GB3310075030220', today).ok).toBe(false);
    expect(validateForeign2017Id('GBR31007503022', today).ok).toBe(false);
  });

  it('dispatches by card type', () => {
    expect(validateCardNumber('resident', '11010519491231002X', today).ok).toBe(true);
    expect(validateCardNumber('hmt-residence', '81000019900307012X', today).ok).toBe(true);
    expect(validateCardNumber('foreign-permanent-2017', 'GBR310075030220', today).ok).toBe(true);
    expect(validateCardNumber('foreign-permanent-2023', '911124198806150031', today).ok).toBe(true);
    expect(validateCardNumber('foreign-permanent-2023', '911124198806150032', today).ok).toBe(false);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 3 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskIdNumber('GBR310075030220')).toBe('GBR********0220');
  });

  it('hides short values completely', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
  });
});
