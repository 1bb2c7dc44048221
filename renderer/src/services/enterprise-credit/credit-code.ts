/**
 * GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters from a 31-character
 * set (no I, O, S, V, Z), the last one a check character over the first 17 (weights 3^i mod 31).
 * Checked here for instant feedback on the keyboard; the core checks again.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'charset' | 'check';

export const normaliseCreditCode = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();

export function checkCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARSET[check] ?? null;
}

/** null when the code is valid, else what is wrong with it. */
export function creditCodeProblem(raw: string): CreditCodeProblem | null {
  const code = normaliseCreditCode(raw);
  if (code.length !== 18) return 'length';
  if ([...code].some((c) => !CREDIT_CODE_CHARSET.includes(c))) return 'charset';
  return checkCharacter(code.slice(0, 17)) === code[17] ? null : 'check';
}
