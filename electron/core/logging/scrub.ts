/**
 * Masks personal numbers in any text bound for a log, the audit log or the fleet: resident ID
 * numbers, mainland mobile numbers and bank card numbers, however they were typed: with a prefix
 * ("ID:", "身份证", "+86"), in groups split by spaces or dashes, in full-width digits (０-９), or
 * a mix. What is kept: the first 3 and last 4 characters of an ID number or phone, the first 4
 * and last 4 digits of a card.
 *
 * Ordinary numbers must survive: dates ("2026-12-04": groups of fewer than 3 digits are never
 * joined), timestamps (epoch ms/µs/ns start with 1, which no card number this masks does),
 * counts, job ids and hex hashes (digits touching letters are left alone, except right after a
 * short label such as "ID" or "Tel").
 */

const DIGIT = '[0-9\uFF10-\uFF19]';
const SEP = '[ \\-\u2010\u2013\u2014\uFF0D\u3000]';
const CHECK = '[Xx\uFF38\uFF58]';
/** Short labels that may touch the number directly ("ID110101…", "Tel13800138000"). */
const LABEL = '(?<![A-Za-z])(?:ID|Id|id|NO|No|no|TEL|Tel|tel|Card|card|CARD)';

const RUN = new RegExp(
  `(?:(?<=^|[^0-9A-Za-z\uFF10-\uFF19+\uFF0B])|(?<=${LABEL}))` +
    `((?:[+\uFF0B]${DIGIT}{2}${SEP}?)?${DIGIT}{3,}(?:${SEP}${DIGIT}{3,})*${CHECK}?)` +
    `(?![0-9A-Za-z\uFF10-\uFF19])`,
  'g',
);

/** 2017 foreigner permanent-residence numbers: 3 letters (country), 12 digits. */
const FOREIGNER_2017 = /(?<![0-9A-Za-z])([A-Z]{3})(\d{8})(\d{4})(?![0-9A-Za-z])/g;

const toAscii = (text: string): string =>
  text.replace(/[\uFF10-\uFF19\uFF38\uFF58\uFF0B]/g, (c) => (c === '\uFF0B' ? '+' : String.fromCharCode(c.charCodeAt(0) - 0xfee0))).toUpperCase();

const stars = (n: number) => '*'.repeat(n);

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 1800 && year <= 2199;
}

function looksLikeId18(d: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(d)) return false;
  return validDate(Number(d.slice(6, 10)), Number(d.slice(10, 12)), Number(d.slice(12, 14)));
}

function looksLikeId15(d: string): boolean {
  return /^[1-9]\d{14}$/.test(d) && validDate(1900 + Number(d.slice(6, 8)), Number(d.slice(8, 10)), Number(d.slice(10, 12)));
}

function luhnValid(d: string): boolean {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/** The masked form of one run of digits, or undefined when it is an ordinary number. */
function maskRun(run: string): string | undefined {
  const ascii = toAscii(run);
  const plus = ascii.startsWith('+');
  const d = ascii.replace(/[^0-9X]/g, '');
  if (!plus) {
    if (looksLikeId18(d)) return `${d.slice(0, 3)}${stars(11)}${d.slice(-4)}`;
    if (looksLikeId15(d)) return `${d.slice(0, 3)}${stars(8)}${d.slice(-4)}`;
  }
  if (d.includes('X')) return undefined;
  if (/^1[3-9]\d{9}$/.test(d)) return `${d.slice(0, 3)}****${d.slice(-4)}`;
  if (/^861[3-9]\d{9}$/.test(d)) return `${plus ? '+' : ''}86 ${d.slice(2, 5)}****${d.slice(-4)}`;
  if (!plus && d.length >= 13 && d.length <= 19 && /^[3-69]/.test(d) && luhnValid(d)) return `${d.slice(0, 4)}${stars(d.length - 8)}${d.slice(-4)}`;
  return undefined;
}

/** Masks ID, phone and bank card numbers; leaves everything else byte for byte. */
export function scrubPersonalNumbers(text: string): string {
  return text
    .replace(RUN, (all: string, run: string) => maskRun(run) ?? all)
    .replace(FOREIGNER_2017, (_all: string, head: string, middle: string, tail: string) => `${head}${stars(middle.length)}${tail}`);
}
