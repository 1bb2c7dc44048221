/**
 * Bitmap glyphs for text the printer's own font cannot print. We bundle no font: a deployment
 * points UnifontHexGlyphs at a GNU Unifont .hex file (Debian package `unifont`:
 * /usr/share/unifont/unifont.hex, plane 0, which includes CJK extension A), and any character no
 * source knows is drawn as a "last resort" box showing its code point in hex — what a clerk needs
 * to identify the character, and never a wrong glyph passed off as the right one.
 */
import { readFileSync } from 'node:fs';

/** 1 bit per dot (1 = black), rows top to bottom, MSB = leftmost dot, ceil(width/8) bytes per row. */
export interface Glyph {
  width: number;
  height: number;
  rows: Uint8Array;
}

export interface GlyphSource {
  glyph(codePoint: number): Glyph | undefined;
}

/** 3×5 hex digits drawn for the last-resort box (our own design; rows top to bottom, 3 bits each). */
const HEX_DIGITS: readonly (readonly number[])[] = [
  [0b111, 0b101, 0b101, 0b101, 0b111], // 0
  [0b010, 0b110, 0b010, 0b010, 0b111], // 1
  [0b111, 0b001, 0b111, 0b100, 0b111], // 2
  [0b111, 0b001, 0b111, 0b001, 0b111], // 3
  [0b101, 0b101, 0b111, 0b001, 0b001], // 4
  [0b111, 0b100, 0b111, 0b001, 0b111], // 5
  [0b111, 0b100, 0b111, 0b101, 0b111], // 6
  [0b111, 0b001, 0b001, 0b010, 0b010], // 7
  [0b111, 0b101, 0b111, 0b101, 0b111], // 8
  [0b111, 0b101, 0b111, 0b001, 0b111], // 9
  [0b010, 0b101, 0b111, 0b101, 0b101], // A
  [0b110, 0b101, 0b110, 0b101, 0b110], // B
  [0b011, 0b100, 0b100, 0b100, 0b011], // C
  [0b110, 0b101, 0b101, 0b101, 0b110], // D
  [0b111, 0b100, 0b110, 0b100, 0b111], // E
  [0b111, 0b100, 0b110, 0b100, 0b100], // F
];

export const LAST_RESORT_SIZE = 16;

function setDot(rows: Uint8Array, rowBytes: number, x: number, y: number): void {
  rows[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
}

/** Reads one dot of a glyph (for renderers and tests). */
export function glyphDot(glyph: Glyph, x: number, y: number): boolean {
  const rowBytes = Math.ceil(glyph.width / 8);
  return ((glyph.rows[y * rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
}

/**
 * A 16×16 box with the code point's hex digits inside, two rows: "4E" over "09" for U+4E09,
 * "020" over "000" for U+20000. A space is blank, as it should be.
 */
export function lastResortGlyph(codePoint: number): Glyph {
  const size = LAST_RESORT_SIZE;
  const rowBytes = size / 8;
  const rows = new Uint8Array(rowBytes * size);
  const glyph = { width: size, height: size, rows };
  if (codePoint === 0x20 || codePoint === 0x3000) return glyph;
  for (let i = 0; i < size; i++) {
    setDot(rows, rowBytes, i, 0);
    setDot(rows, rowBytes, i, size - 1);
    setDot(rows, rowBytes, 0, i);
    setDot(rows, rowBytes, size - 1, i);
  }
  const hex = codePoint.toString(16).toUpperCase().padStart(codePoint > 0xffff ? 6 : 4, '0');
  const perRow = hex.length / 2;
  const textWidth = perRow * 4 - 1;
  const left = Math.floor((size - textWidth) / 2);
  [hex.slice(0, perRow), hex.slice(perRow)].forEach((line, row) => {
    const top = row === 0 ? 2 : 9;
    [...line].forEach((digit, column) => {
      const pattern = HEX_DIGITS[parseInt(digit, 16)]!;
      pattern.forEach((bits, dy) => {
        for (let dx = 0; dx < 3; dx++) {
          if (bits & (0b100 >> dx)) setDot(rows, rowBytes, left + column * 4 + dx, top + dy);
        }
      });
    });
  });
  return glyph;
}

/**
 * GNU Unifont's .hex format: one line per code point, "XXXX:" then 32 hex digits (8×16 glyph) or
 * 64 (16×16). Lines that do not fit the format are skipped and counted, never guessed at.
 */
export class UnifontHexGlyphs implements GlyphSource {
  readonly #hex = new Map<number, string>();
  readonly #cache = new Map<number, Glyph>();
  readonly skippedLines: number;

  constructor(hexText: string) {
    let skipped = 0;
    for (const line of hexText.split('\n')) {
      const match = /^([0-9A-Fa-f]{4,6}):([0-9A-Fa-f]{32}|[0-9A-Fa-f]{64})\s*$/.exec(line);
      if (match) this.#hex.set(parseInt(match[1]!, 16), match[2]!);
      else if (line.trim() !== '') skipped++;
    }
    this.skippedLines = skipped;
  }

  static fromFile(path: string): UnifontHexGlyphs {
    return new UnifontHexGlyphs(readFileSync(path, 'latin1'));
  }

  get size(): number {
    return this.#hex.size;
  }

  glyph(codePoint: number): Glyph | undefined {
    const cached = this.#cache.get(codePoint);
    if (cached) return cached;
    const hex = this.#hex.get(codePoint);
    if (hex === undefined) return undefined;
    const glyph: Glyph = { width: hex.length === 32 ? 8 : 16, height: 16, rows: Uint8Array.from(Buffer.from(hex, 'hex')) };
    this.#cache.set(codePoint, glyph);
    return glyph;
  }
}
