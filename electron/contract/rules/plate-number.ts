/**
 * Mainland licence plates (GA 36): a province abbreviation, the issuing-office letter, then five
 * characters (six for new-energy plates) with I and O never used; the last may be 挂/学/警/港/澳.
 * The plate keyboard and the core check with this one copy.
 */
export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
export const PLATE_SUFFIXES = '挂学警港澳';
/** The keys the plate keyboard offers besides provinces and suffixes. */
export const PLATE_CHARSET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLATE = new RegExp(
  `^[${PROVINCES}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[${PLATE_SUFFIXES}]|[DF][A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{5}[DF])$`,
);

/** Spaces, the middle dot people type (京A·12345) and dashes removed, upper-cased. */
export const normalisePlate = (input: string): string => input.replace(/[\s·.-]+/g, '').toUpperCase();

export type PlateCheck = { ok: true; plate: string } | { ok: false; message: string };

export function checkPlateNumber(input: string): PlateCheck {
  const plate = normalisePlate(input);
  if (!PLATE.test(plate)) {
    return { ok: false, message: 'not a mainland plate number (province, office letter, 5 or 6 characters)' };
  }
  return { ok: true, plate };
}

/** For receipts and logs: 京A12345 → 京A***45. */
export function maskPlate(plate: string): string {
  const chars = [...plate];
  return chars.length <= 4 ? plate : chars.slice(0, 2).join('') + '*'.repeat(chars.length - 4) + chars.slice(-2).join('');
}

export const plateValid = (input: string): boolean => PLATE.test(normalisePlate(input));
