/**
 * Identity-number rules, shared by the core and the screen (the screen shows exactly what the core
 * would refuse). For the cards the reader accepts:
 * - GB 11643 citizen number (resident card, and the HK/Macau/Taiwan permit which uses 81/82/83 prefixes):
 *   17 digits + ISO 7064 MOD 11-2 check character; digits 7..14 are the birth date YYYYMMDD.
 * - 2023 foreigner permanent residence card: the same 18-character structure and MOD 11-2 check, first
 *   digit 9 (identity mark), then 2-digit province of issue, 3-digit numeric nationality code, birth date,
 *   sequence, check.
 * - 2017 foreigner permanent residence card: 15 characters, ISO 3166 alpha-3 nationality, 4-digit place
 *   of acceptance, birth date YYMMDD, 2 more digits. No check algorithm is published in an
 *   authoritative source, so only the structure and birth date are verified.
 */
/** The identity documents the SAM reader returns (the contract's IdCardView uses the same union). */
export type IdCardType = 'resident' | 'hmt-residence' | 'foreign-permanent-2017' | 'foreign-permanent-2023';

export type NumberCheck = { ok: true } | { ok: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** MOD 11-2 check character for the first 17 digits. */
export function gb11643CheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('gb11643CheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** A real calendar date, not before 1900 and not after `today`. */
export function isPlausibleBirthDate(yyyymmdd: string, today: Date = new Date()): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return date.getTime() <= todayUtc;
}

/** Structure, birth date and MOD 11-2 check of an 18-character GB 11643 number. */
export function validateGb11643(id: string, today?: Date): NumberCheck {
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, reason: 'expected 17 digits followed by a digit or X' };
  }
  if (!isPlausibleBirthDate(id.slice(6, 14), today)) {
    return { ok: false, reason: 'birth date segment is not a plausible date' };
  }
  const expected = gb11643CheckChar(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, reason: 'check character does not match (MOD 11-2)' };
  return { ok: true };
}

/** Resident card: GB 11643 with a mainland province digit (1-8) first. */
export function validateResidentId(id: string, today?: Date): NumberCheck {
  const base = validateGb11643(id, today);
  if (!base.ok) return base;
  if (!/^[1-8]/.test(id)) return { ok: false, reason: 'first digit must be a mainland province code (1-8)' };
  return base;
}

/** HK/Macau/Taiwan residence permit: GB 11643 with address code 810000 / 820000 / 830000. */
export function validateHmtPermitId(id: string, today?: Date): NumberCheck {
  const base = validateGb11643(id, today);
  if (!base.ok) return base;
  if (!/^8[123]0000/.test(id)) return { ok: false, reason: 'permit numbers start with 810000, 820000 or 830000' };
  return base;
}

/** 2023 foreigner permanent residence card: GB 11643 structure starting with 9. */
export function validateForeign2023Id(id: string, today?: Date): NumberCheck {
  const base = validateGb11643(id, today);
  if (!base.ok) return base;
  if (id[0] !== '9') return { ok: false, reason: '2023 permanent residence numbers start with 9' };
  return base;
}

/** 2017 foreigner permanent residence card: 3 letters + 12 digits with an embedded YYMMDD birth date. */
export function validateForeign2017Id(id: string, today: Date = new Date()): NumberCheck {
  if (!/^[A-Z]{3}\d{12}$/.test(id)) {
    return { ok: false, reason: 'expected a 3-letter nationality code followed by 12 digits' };
  }
  const yymmdd = id.slice(7, 13);
  const plausible =
    isPlausibleBirthDate(`19${yymmdd}`, today) || isPlausibleBirthDate(`20${yymmdd}`, today);
  if (!plausible) return { ok: false, reason: 'birth date segment is not a plausible date' };
  return { ok: true };
}

export function validateCardNumber(cardType: IdCardType, id: string, today?: Date): NumberCheck {
  switch (cardType) {
    case 'resident':
      return validateResidentId(id, today);
    case 'hmt-residence':
      return validateHmtPermitId(id, today);
    case 'foreign-permanent-2017':
      return validateForeign2017Id(id, today);
    case 'foreign-permanent-2023':
      return validateForeign2023Id(id, today);
  }
}

/**
 * `110***********002X` style: keeps the first 3 and last 4 characters. Anything too short to hide a
 * middle part is masked completely rather than shown.
 */
export function maskIdNumber(id: string): string {
  const chars = [...id];
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}

/** What people type or scan: spaces removed, a lower-case x raised. */
export const normaliseIdNumber = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();

/**
 * A number typed into a form: any 18-character GB 11643 number (resident, HK/Macau/Taiwan permit,
 * 2023 foreigner card) or a 2017 foreigner card number.
 */
export function idNumberAccepted(raw: string, today?: Date): boolean {
  const id = normaliseIdNumber(raw);
  return validateGb11643(id, today).ok || validateForeign2017Id(id, today).ok;
}
