import { describe, expect, it } from 'vitest';
import { checkCreditCode, gb32100CheckChar } from '../../../../../electron/contract/rules/credit-code.ts';
import { isAcceptedCreditCode } from '../../../../upstream/credit-code-format.ts';
import { seededRandom } from '../../../../upstream/chaos.ts';
import { sampleEnterprises, sampleLicences } from '../../../../upstream/service-samples.ts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('GB 32100 unified social credit code', () => {
  it('accepts published example codes', () => {
    // The standard's own example and a well-known Beijing enterprise code.
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(checkCreditCode('91110000600037341L')).toEqual({ ok: true, code: '91110000600037341L' });
  });

  it('computes the check character, including the value-0 case', () => {
    expect(gb32100CheckChar('91350100M000100Y4')).toBe('3');
    // Find a prefix whose check value is 0 (31 - 0 wraps to '0', not out of the alphabet).
    let found = '';
    for (let n = 0; n < 2000 && !found; n += 1) {
      const prefix = `91110000${String(n).padStart(9, '0')}`;
      if (gb32100CheckChar(prefix) === '0') found = prefix;
    }
    expect(found).not.toBe('');
    expect(checkCreditCode(`${found}0`).ok).toBe(true);
  });

  it('normalises case and spacing the way citizens type codes', () => {
    expect(checkCreditCode(' 9135 0100 m000 100y43 ')).toEqual({ ok: true, code: '91350100M000100Y43' });
  });

  it.each([
    ['', 'length'],
    ['91350100M000100Y4', 'length'],
    ['91350100M000100Y433', 'length'],
    ['91350100M000I00Y43', 'character'],
    ['91350100M000O00Y43', 'character'],
    ['9135A100M000100Y43', 'division'],
    ['91350100M000100Y44', 'check-character'],
    ['91350100M000100Y42', 'check-character'],
  ])('rejects %j with reason %s and a message naming the rule', (code, reason) => {
    const result = checkCreditCode(code);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('detects every single-character substitution and every adjacent transposition of a valid code', () => {
    const valid = '91350100M000100Y43';
    let substitutions = 0;
    for (let i = 0; i < 18; i += 1) {
      for (const c of ALPHABET) {
        if (c === valid[i]) continue;
        const mutated = valid.slice(0, i) + c + valid.slice(i + 1);
        substitutions += 1;
        expect(checkCreditCode(mutated).ok, mutated).toBe(false);
      }
    }
    expect(substitutions).toBeGreaterThan(400);
    for (let i = 0; i < 17; i += 1) {
      if (valid[i] === valid[i + 1]) continue;
      const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
      expect(checkCreditCode(swapped).ok, swapped).toBe(false);
    }
  });

  it('agrees with the reference upstream\'s independent check on random codes', () => {
    const random = seededRandom(32100);
    const pick = (chars: string) => chars.charAt(Math.floor(random() * chars.length));
    for (let n = 0; n < 800; n += 1) {
      let code = pick(ALPHABET) + pick(ALPHABET);
      for (let i = 0; i < 6; i += 1) code += pick('0123456789');
      for (let i = 0; i < 10; i += 1) code += pick(ALPHABET);
      expect(checkCreditCode(code).ok, code).toBe(isAcceptedCreditCode(code));
      const fixed = code.slice(0, 17) + gb32100CheckChar(code.slice(0, 17));
      expect(isAcceptedCreditCode(fixed), fixed).toBe(true);
    }
  });

  it('holds for every fictitious enterprise and business licence the reference upstream serves', () => {
    const codes = [...sampleEnterprises.map((e) => e.creditCode), ...sampleLicences.flatMap((l) => (l.fields.creditCode ? [l.fields.creditCode] : []))];
    expect(codes.length).toBeGreaterThanOrEqual(4);
    for (const code of codes) {
      expect(checkCreditCode(code).ok, code).toBe(true);
      expect(isAcceptedCreditCode(code), code).toBe(true);
    }
  });

  it('refuses to compute a check character for malformed input', () => {
    expect(() => gb32100CheckChar('123')).toThrow(/17 characters/);
    expect(() => gb32100CheckChar('91350100M000100I4')).toThrow(/alphabet/);
  });
});
