/**
 * The reference upstream's own ID-number check, kept independent of native/idcard so the server
 * stays an oracle for the code under test rather than sharing its bugs.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB 11643 check character for the first 17 digits. */
export function gb11643CheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('need exactly 17 digits');
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * (WEIGHTS[i] ?? 0), 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * 18-character numbers (resident cards, HK/Macau/Taiwan residence permits, 2023 foreigner cards)
 * carry a GB 11643 check character; 2017 foreigner permanent residence cards are 3 letters + 12 digits.
 */
export function isAcceptedIdNumber(idNumber: string): boolean {
  if (/^[A-Z]{3}\d{12}$/.test(idNumber)) return true;
  return /^\d{17}[\dX]$/.test(idNumber) && gb11643CheckChar(idNumber.slice(0, 17)) === idNumber.charAt(17);
}
