/**
 * 往来港澳通行证 numbers, as typed on the on-screen keyboard or read by the scanner. Only the card
 * permit (issued since 2014) carries endorsements: "C" + 8 digits, or "C" + a letter (never I or O,
 * which read as 1 and 0) + 7 digits. The old booklet ("W" + 8 digits) can no longer be endorsed: its
 * holder needs a new card permit first, which the screen says. The core refuses with this same copy.
 */
export const PERMIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PERMIT_LENGTH = 9;

const CARD_PERMIT = /^C(?:\d{8}|[A-HJ-NP-Z]\d{7})$/;
const BOOKLET_PERMIT = /^W\d{8}$/;

/** Why a number is not an endorsable permit; the screen has one message for each. */
export const PERMIT_REFUSALS = ['empty', 'old-booklet', 'wrong-prefix', 'wrong-length', 'bad-characters', 'letter-i-o', 'scan-unreadable'] as const;
export type PermitRefusal = (typeof PERMIT_REFUSALS)[number];

export type PermitCheck = { ok: true; permit: string } | { ok: false; reason: PermitRefusal };

/** Spaces and dashes removed, upper-cased. */
export const normalisePermit = (input: string): string => input.replace(/[\s-]+/g, '').toUpperCase();

export function checkPermitNumber(input: string): PermitCheck {
  const permit = normalisePermit(input);
  if (permit === '') return { ok: false, reason: 'empty' };
  if (BOOKLET_PERMIT.test(permit)) return { ok: false, reason: 'old-booklet' };
  if (CARD_PERMIT.test(permit)) return { ok: true, permit };
  if (!/^[A-Z0-9]+$/.test(permit)) return { ok: false, reason: 'bad-characters' };
  if (permit[0] !== 'C') return { ok: false, reason: 'wrong-prefix' };
  if (permit.length !== PERMIT_LENGTH) return { ok: false, reason: 'wrong-length' };
  if (/^C[IO]\d{7}$/.test(permit)) return { ok: false, reason: 'letter-i-o' };
  return { ok: false, reason: 'bad-characters' };
}

/** ICAO 9303 check digit (weights 7-3-1; digits as is, A=10 … Z=35, filler '<' = 0). */
export function icaoCheckDigit(text: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '<';
    const value = c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += value * (weights[i % 3] ?? 1);
  }
  return sum % 10;
}

/**
 * What the scanner read off the permit: its machine-readable line ("CS" + the 9-character number +
 * its ICAO check digit, then more fields), or the number alone (a barcode or a typed wedge code).
 * A machine-readable line whose check digit does not match was misread: 'scan-unreadable'.
 */
export function permitFromScan(text: string): PermitCheck {
  const line = text.trim().toUpperCase();
  const mrz = /^CS([A-Z0-9<]{9})(\d)/.exec(line);
  if (mrz) {
    const number = mrz[1] ?? '';
    if (icaoCheckDigit(number) !== Number(mrz[2])) return { ok: false, reason: 'scan-unreadable' };
    return checkPermitNumber(number.replaceAll('<', ''));
  }
  if (/^[A-Z0-9 -]{1,20}$/.test(line)) return checkPermitNumber(line);
  return { ok: false, reason: 'scan-unreadable' };
}

/** For screens, slips and logs: C12345678 → C*****678. */
export const maskPermit = (permit: string): string => (permit.length <= 4 ? '*'.repeat(permit.length) : `${permit[0] ?? ''}${'*'.repeat(permit.length - 4)}${permit.slice(-3)}`);
