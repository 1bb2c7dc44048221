/**
 * Mainland plates (GA 36) for the keyboard and an instant check: a province abbreviation, the
 * office letter, then 5 characters (6 for new-energy plates); I and O are never used; the last
 * may be 挂/学/警/港/澳. The core checks again.
 */
export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
export const PLATE_SUFFIXES = '挂学警港澳';
export const PLATE_CHARSET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLATE = new RegExp(
  `^[${PROVINCES}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[${PLATE_SUFFIXES}]|[DF][A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{5}[DF])$`,
);

export const normalisePlate = (input: string): string => input.replace(/[\s·.-]+/g, '').toUpperCase();
export const plateValid = (input: string): boolean => PLATE.test(normalisePlate(input));
