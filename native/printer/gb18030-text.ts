/**
 * Text → printer bytes. Chinese receipt printers in Chinese mode (FS &) read GB18030; we check
 * every string by round trip because iconv-lite silently turns what it cannot encode (a lone
 * surrogate) into '?', and a wrong character on an official receipt is worse than an error.
 */
import iconv from 'iconv-lite';
import { PrinterError } from './printer-errors.ts';

/**
 * Which glyphs the printer's font holds. Most receipt-printer fonts carry only the two-byte (GBK)
 * repertoire: a four-byte GB18030 character (CJK extension A/B, e.g. rare characters in names,
 * or emoji) prints as a box or garbage. Printers certified for GB18030 with the full font can use
 * 'gb18030'.
 */
export type FontCoverage = 'gbk' | 'gb18030';

export type EncodedText =
  | { ok: true; bytes: Uint8Array; ascii: boolean }
  | { ok: false; unprintable: string[] };

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// C0 controls (except LF, handled by the builder) and DEL would inject printer commands.
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f]/;

export function assertNoControlCharacters(text: string): void {
  const match = CONTROL.exec(text);
  if (match) {
    const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new PrinterError(
      'invalid-argument',
      `text contains control character U+${code}; printer commands must go through the builder methods`,
    );
  }
}

function hasFourByteSequence(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const second = bytes[i + 1] ?? 0;
    if (second >= 0x30 && second <= 0x39) return true;
    i += 2;
  }
  return false;
}

function encodesFaithfully(text: string, coverage: FontCoverage): Uint8Array | undefined {
  const bytes = iconv.encode(text, 'gb18030');
  if (iconv.decode(bytes, 'gb18030') !== text) return undefined;
  if (coverage === 'gbk' && hasFourByteSequence(bytes)) return undefined;
  return bytes;
}

/** Encodes one line's text (no LF, no control characters) or names the characters that fail. */
export function encodeReceiptText(text: string, coverage: FontCoverage): EncodedText {
  if (PRINTABLE_ASCII.test(text)) return { ok: true, bytes: Buffer.from(text, 'latin1'), ascii: true };
  const bytes = encodesFaithfully(text, coverage);
  if (bytes) return { ok: true, bytes, ascii: false };
  const unprintable = new Set<string>();
  // Iterate by code point so a surrogate pair is judged as one character.
  for (const char of text) {
    if (!encodesFaithfully(char, coverage)) unprintable.add(char);
  }
  return { ok: false, unprintable: [...unprintable] };
}
