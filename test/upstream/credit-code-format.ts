/**
 * The reference upstream's own GB 32100 check, written independently of electron/core so the
 * server stays an oracle for the terminal's check rather than sharing its bugs.
 */
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function isAcceptedCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  let weight = 1;
  for (const char of code.slice(0, 17)) {
    sum += CHARS.indexOf(char) * weight;
    weight = (weight * 3) % 31;
  }
  return CHARS.charAt((31 - (sum % 31)) % 31) === code.charAt(17);
}
