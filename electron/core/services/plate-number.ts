/**
 * Mainland licence plates (GA 36): a province abbreviation, the issuing-office letter, then five
 * characters (six for new-energy plates) with I and O never used; the last may be 挂/学/警/港/澳.
 */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[挂学警港澳]|[DF][A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{5}[DF])$`);

export type PlateCheck = { ok: true; plate: string } | { ok: false; message: string };

/** Removes spaces and the middle dot people type (京A·12345), upper-cases, then checks. */
export function checkPlateNumber(input: string): PlateCheck {
  const plate = input.replace(/[\s·.-]+/g, '').toUpperCase();
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
