/**
 * The 256-byte UCS-2LE text block of 30 01 / 30 10, for the four card layouts. The layout is chosen by
 * the card-type flag at byte 248: space/NUL resident card, 'J' HK/Macau/Taiwan residence permit,
 * 'I' 2017 foreigner permanent residence card, 'Y' 2023 foreigner permanent residence card.
 * Fields are space padded on the card; trailing spaces and NULs are trimmed when parsing.
 */
import type { IdCardData, IdCardType } from './id-card-data.ts';
import { IdCardError } from './idcard-error.ts';
import { genderFromCode, genderToCode, nationFromCode, nationFromName } from './gender-nation.ts';

export const TEXT_BLOCK_LENGTH = 256;
export const CARD_TYPE_FLAG_OFFSET = 248;

export type IdText = Omit<IdCardData, 'photoWlt' | 'fingerprint' | 'additionalAddress'>;

type Field =
  | 'name'
  | 'nameEn'
  | 'nameEnExt'
  | 'gender'
  | 'nation'
  | 'birthDate'
  | 'address'
  | 'idNumber'
  | 'issuer'
  | 'validFrom'
  | 'validTo'
  | 'passNumber'
  | 'issueCount'
  | 'cardVersion'
  | 'previousIdLink'
  | 'typeFlag'
  | 'reserved';

type Layout = readonly (readonly [Field, number])[];

/** Byte lengths from the card specifications; each layout sums to 256 with the type flag at 248. */
const layouts: Record<IdCardType, Layout> = {
  resident: [
    ['name', 30],
    ['gender', 2],
    ['nation', 4],
    ['birthDate', 16],
    ['address', 70],
    ['idNumber', 36],
    ['issuer', 30],
    ['validFrom', 16],
    ['validTo', 16],
    ['reserved', 28],
    ['typeFlag', 2],
    ['reserved', 6],
  ],
  'hmt-residence': [
    ['name', 30],
    ['gender', 2],
    ['reserved', 4],
    ['birthDate', 16],
    ['address', 70],
    ['idNumber', 36],
    ['issuer', 30],
    ['validFrom', 16],
    ['validTo', 16],
    ['passNumber', 18],
    ['issueCount', 4],
    ['reserved', 6],
    ['typeFlag', 2],
    ['reserved', 6],
  ],
  'foreign-permanent-2017': [
    ['nameEn', 120],
    ['gender', 2],
    ['idNumber', 30],
    ['nation', 6],
    ['name', 30],
    ['validFrom', 16],
    ['validTo', 16],
    ['birthDate', 16],
    ['cardVersion', 4],
    // 当次申请受理机关代码: the accepting authority's code stands in for the issuer.
    ['issuer', 8],
    ['typeFlag', 2],
    ['reserved', 6],
  ],
  'foreign-permanent-2023': [
    ['name', 30],
    ['gender', 2],
    ['issueCount', 4],
    ['birthDate', 16],
    // English name characters 1-35; characters 36-46 follow in nameEnExt.
    ['nameEn', 70],
    ['idNumber', 36],
    // Reserved in the published layout; read as issuer so a module that fills it is not ignored.
    ['issuer', 30],
    ['validFrom', 16],
    ['validTo', 16],
    ['nameEnExt', 22],
    ['nation', 6],
    ['typeFlag', 2],
    ['previousIdLink', 6],
  ],
};

const typeFlags: Record<IdCardType, string> = {
  resident: ' ',
  'hmt-residence': 'J',
  'foreign-permanent-2017': 'I',
  'foreign-permanent-2023': 'Y',
};

const LONG_TERM = '长期';

function decodeUcs2(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le');
}

function trimEnd(value: string): string {
  return value.replace(/[\s\u0000]+$/u, '');
}

function invalid(message: string): IdCardError {
  return new IdCardError('invalid-card-data', message);
}

export function detectCardType(textBlock: Uint8Array): IdCardType {
  if (textBlock.length !== TEXT_BLOCK_LENGTH) {
    throw invalid(`text block is ${textBlock.length} bytes, expected ${TEXT_BLOCK_LENGTH}`);
  }
  const flag = decodeUcs2(textBlock.subarray(CARD_TYPE_FLAG_OFFSET, CARD_TYPE_FLAG_OFFSET + 2));
  switch (flag) {
    case ' ':
    case '\u0000':
      return 'resident';
    case 'J':
      return 'hmt-residence';
    case 'I':
      return 'foreign-permanent-2017';
    case 'Y':
      return 'foreign-permanent-2023';
    default:
      throw invalid(`unrecognised card type flag U+${flag.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
}

function readFields(textBlock: Uint8Array, layout: Layout): Partial<Record<Field, string>> {
  const raw: Partial<Record<Field, string>> = {};
  let offset = 0;
  for (const [field, length] of layout) {
    if (field !== 'reserved') raw[field] = decodeUcs2(textBlock.subarray(offset, offset + length));
    offset += length;
  }
  return raw;
}

function date(value: string | undefined, label: string): string {
  const v = trimEnd(value ?? '');
  if (!/^\d{8}$/.test(v)) throw invalid(`${label} is not a YYYYMMDD date`);
  return v;
}

function count(value: string | undefined, label: string): number | undefined {
  const v = trimEnd(value ?? '').trim();
  if (v === '') return undefined;
  if (!/^\d+$/.test(v)) throw invalid(`${label} is not a number`);
  return Number(v);
}

export function parseIdText(textBlock: Uint8Array): IdText {
  const cardType = detectCardType(textBlock);
  const raw = readFields(textBlock, layouts[cardType]);
  const text = (field: Field): string => trimEnd(raw[field] ?? '');

  const genderCode = text('gender');
  const gender = genderFromCode(genderCode);
  if (!gender) throw invalid('gender code is not a GB/T 2261.1 code');

  const validToRaw = text('validTo');
  const validTo = validToRaw === LONG_TERM ? 'long-term' : date(validToRaw, 'valid-to date');

  const out: IdText = {
    cardType,
    name: text('name'),
    gender,
    nation: '',
    birthDate: date(raw.birthDate, 'birth date'),
    address: text('address'),
    idNumber: text('idNumber'),
    issuer: text('issuer'),
    validFrom: date(raw.validFrom, 'valid-from date'),
    validTo,
  };
  if (out.idNumber === '') throw invalid('identity number is empty');

  switch (cardType) {
    case 'resident': {
      const nation = nationFromCode(text('nation'));
      if (!nation) throw invalid('nation code is not a GB/T 3304 code');
      out.nation = nation.name;
      break;
    }
    case 'hmt-residence': {
      out.passNumber = text('passNumber');
      const issued = count(raw.issueCount, 'issue count');
      if (issued !== undefined) out.issueCount = issued;
      break;
    }
    case 'foreign-permanent-2017':
      out.nameEn = text('nameEn');
      out.nation = text('nation');
      out.cardVersion = text('cardVersion');
      break;
    case 'foreign-permanent-2023': {
      // The 35-character first part is kept untrimmed so a name that spills into the extension joins up.
      out.nameEn = trimEnd((raw.nameEn ?? '') + (raw.nameEnExt ?? ''));
      out.nation = text('nation');
      const renewed = count(raw.issueCount, 'renewal count');
      if (renewed !== undefined) out.issueCount = renewed;
      out.previousIdLink = text('previousIdLink');
      break;
    }
  }
  return out;
}

function fieldValues(data: IdText): Partial<Record<Field, string>> {
  const values: Partial<Record<Field, string>> = {
    name: data.name,
    gender: genderToCode(data.gender),
    birthDate: data.birthDate,
    address: data.address,
    idNumber: data.idNumber,
    issuer: data.issuer,
    validFrom: data.validFrom,
    validTo: data.validTo === 'long-term' ? LONG_TERM : data.validTo,
    passNumber: data.passNumber ?? '',
    issueCount: data.issueCount === undefined ? '' : String(data.issueCount).padStart(2, '0'),
    cardVersion: data.cardVersion ?? '',
    previousIdLink: data.previousIdLink ?? '',
    typeFlag: typeFlags[data.cardType],
    nation: data.nation,
  };
  if (data.cardType === 'resident') {
    const nation = nationFromName(data.nation);
    if (!nation) throw new RangeError(`unknown GB/T 3304 nation name: ${data.nation}`);
    values.nation = nation.code;
  }
  if (data.cardType === 'foreign-permanent-2023') {
    const nameEn = data.nameEn ?? '';
    values.nameEn = nameEn.slice(0, 35);
    values.nameEnExt = nameEn.slice(35);
  } else {
    values.nameEn = data.nameEn ?? '';
  }
  return values;
}

/** Inverse of parseIdText: builds the card's text block (simulator and tests). */
export function encodeIdText(data: IdText): Uint8Array {
  const values = fieldValues(data);
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  let offset = 0;
  for (const [field, length] of layouts[data.cardType]) {
    const value = field === 'reserved' ? '' : (values[field] ?? '');
    const encoded = Buffer.from(value, 'utf16le');
    if (encoded.length > length) {
      throw new RangeError(`${field} needs ${encoded.length} bytes but the card field holds ${length}`);
    }
    block.set(encoded, offset);
    block.set(Buffer.from(' '.repeat((length - encoded.length) / 2), 'utf16le'), offset + encoded.length);
    offset += length;
  }
  return block;
}
