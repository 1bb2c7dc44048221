/**
 * Phone numbers citizens type into forms: a mainland mobile (11 digits, 13x–19x) or a landline with
 * its area code (010-12345678, 0871-1234567). The screen and the core check with this one copy.
 */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

export const phoneNumberValid = (value: string): boolean => MOBILE.test(value) || LANDLINE.test(value);

/** For receipts and screens: 13812345678 → 138****5678; a landline keeps its area code and last 2. */
export function maskPhoneNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (MOBILE.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const area = digits.startsWith('0') ? digits.slice(0, digits.length > 10 ? 4 : 3) : '';
  return area + '*'.repeat(digits.length - area.length - 2) + digits.slice(-2);
}
