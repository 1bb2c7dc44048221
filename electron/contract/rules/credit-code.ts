/**
 * GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters from a 31-character
 * alphabet without I, O, S, V, Z; positions 3-8 are the GB/T 2260 division code; the 18th is an
 * ISO 7064 MOD 31-3 check character over the first 17. Citizens type these by hand, so every
 * failure says which rule broke: the screen can then point at the mistake. The screen and the core
 * both check with this one copy.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** The characters the on-screen keyboard offers for a credit code. */
export const CREDIT_CODE_CHARSET = ALPHABET;
/** 3^(i) mod 31 for positions 1..17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeCheck =
  | { ok: true; code: string }
  | { ok: false; reason: 'length' | 'character' | 'division' | 'check-character'; message: string };

/** The check character for the first 17 characters (already upper case). */
export function gb32100CheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('need exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) throw new Error(`character ${i + 1} is not in the GB 32100 alphabet`);
    sum += value * (WEIGHTS[i] as number);
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Spaces and hyphens removed (people copy codes in groups), upper-cased. */
export const normaliseCreditCode = (input: string): string => input.replace(/[\s-]+/g, '').toUpperCase();

export type CreditCodeProblem = Extract<CreditCodeCheck, { ok: false }>['reason'];

/** Normalises, then checks every rule in order. */
export function checkCreditCode(input: string): CreditCodeCheck {
  const code = normaliseCreditCode(input);
  if (code.length !== 18) {
    return { ok: false, reason: 'length', message: `a unified social credit code has 18 characters, got ${code.length}` };
  }
  const bad = [...code].findIndex((c) => !ALPHABET.includes(c));
  if (bad >= 0) {
    return {
      ok: false,
      reason: 'character',
      message: `character ${bad + 1} is not allowed (digits and capital letters except I, O, S, V, Z)`,
    };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return { ok: false, reason: 'division', message: 'characters 3-8 must be the 6-digit division code' };
  }
  if (gb32100CheckChar(code.slice(0, 17)) !== code.charAt(17)) {
    return { ok: false, reason: 'check-character', message: 'the check character (18th) does not match: the code was mistyped' };
  }
  return { ok: true, code };
}
