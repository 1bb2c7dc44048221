/**
 * The raster fallback for text the printer font cannot print: last-resort code-point boxes, glyphs
 * from a Unifont .hex source, and the layout of a whole line (scale, bold, alignment, wrapping).
 * The .hex fixture below holds glyph shapes drawn for this test, not real Unifont glyphs.
 */
import { describe, expect, it } from 'vitest';
import { BitmapRasterRenderer } from '../../../../native/printer/bitmap-raster-renderer.ts';
import { EscPosBuilder } from '../../../../native/printer/escpos-builder.ts';
import { glyphDot, lastResortGlyph, UnifontHexGlyphs, type Glyph } from '../../../../native/printer/glyphs.ts';
import type { RasterImage, RasterTextStyle } from '../../../../native/printer/raster-image.ts';
import { decodeEscPos } from '../../../../native/simulators/escpos-decoder.ts';

const art = (glyph: Glyph): string[] =>
  Array.from({ length: glyph.height }, (_, y) =>
    Array.from({ length: glyph.width }, (_, x) => (glyphDot(glyph, x, y) ? '#' : '.')).join(''),
  );

/** Cuts a glyph-sized window out of a rendered image. */
function window(image: RasterImage, left: number, top: number, width: number, height: number): Glyph {
  const rows = new Uint8Array(Math.ceil(width / 8) * height);
  const source = { width: image.widthDots, height: image.heightDots, rows: image.data };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (glyphDot(source, left + x, top + y)) rows[y * Math.ceil(width / 8) + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { width, height, rows };
}

const dots = (image: RasterImage) => image.data.reduce((n, byte) => n + byte.toString(2).replaceAll('0', '').length, 0);

// A 16×16 "three bars" shape at U+4E09 and an 8×16 block letter at U+0041; one malformed line.
const fixture = [
  '0041:0000183C66667E7E6666666600000000',
  '4E09:' + '0000' + '3FFC'.repeat(2) + '0000'.repeat(3) + '1FF8'.repeat(2) + '0000'.repeat(3) + '7FFE'.repeat(2) + '0000'.repeat(3),
  '4E0A:not-a-glyph',
  '',
].join('\n');

const plain: RasterTextStyle = { bold: false, width: 1, height: 1, align: 'left' };

describe('last-resort glyphs', () => {
  it('draws a box with the code point in hex, two digits over two', () => {
    expect(art(lastResortGlyph(0x4e09))).toEqual([
      '################',
      '#..............#',
      '#...#.#.###....#',
      '#...#.#.#......#',
      '#...###.##.....#',
      '#.....#.#......#',
      '#.....#.###....#',
      '#..............#',
      '#..............#',
      '#...###.###....#',
      '#...#.#.#.#....#',
      '#...#.#.###....#',
      '#...#.#...#....#',
      '#...###.###....#',
      '#..............#',
      '################',
    ]);
  });

  it('uses six digits beyond the BMP (rare characters in CJK extension B)', () => {
    const rows = art(lastResortGlyph(0x2000b));
    // "020" over "00B": the B's flat left side shows in the lower row.
    expect(rows[9]).toBe('#.###.###.##...#');
    expect(rows[2]).toBe('#.###.###.###..#');
  });

  it('leaves a space blank', () => {
    expect(art(lastResortGlyph(0x20)).join('')).not.toContain('#');
  });
});

describe('UnifontHexGlyphs', () => {
  const source = new UnifontHexGlyphs(fixture);

  it('reads 8×16 and 16×16 glyphs and skips (and counts) malformed lines', () => {
    expect(source.size).toBe(2);
    expect(source.skippedLines).toBe(1);
    expect(source.glyph(0x41)).toMatchObject({ width: 8, height: 16 });
    expect(art(source.glyph(0x41)!).slice(3, 6)).toEqual(['..####..', '.##..##.', '.##..##.']);
    expect(art(source.glyph(0x4e09)!)[1]).toBe('..############..');
    expect(source.glyph(0x4e0a)).toBeUndefined();
  });
});

describe('BitmapRasterRenderer', () => {
  const renderer = () => new BitmapRasterRenderer({ glyphs: [new UnifontHexGlyphs(fixture)] });

  it('renders known glyphs from the source and unknown ones as boxes, across the paper width', () => {
    const r = renderer();
    const image = r.renderText('三𠀋A', plain);
    expect(image).toMatchObject({ widthDots: 384, heightDots: 16 });
    expect(image.data).toHaveLength(48 * 16);
    expect(art(window(image, 0, 0, 16, 16))).toEqual(art(new UnifontHexGlyphs(fixture).glyph(0x4e09)!));
    expect(art(window(image, 16, 0, 16, 16))).toEqual(art(lastResortGlyph(0x2000b)));
    expect(art(window(image, 32, 0, 8, 16))).toEqual(art(new UnifontHexGlyphs(fixture).glyph(0x41)!));
    expect([...r.missing]).toEqual([0x2000b]);
  });

  it('aligns inside the full-width image', () => {
    const r = renderer();
    const left = r.renderText('三', plain);
    const center = r.renderText('三', { ...plain, align: 'center' });
    const right = r.renderText('三', { ...plain, align: 'right' });
    expect(art(window(center, 184, 0, 16, 16))).toEqual(art(window(left, 0, 0, 16, 16)));
    expect(art(window(right, 368, 0, 16, 16))).toEqual(art(window(left, 0, 0, 16, 16)));
    expect(dots(center)).toBe(dots(left));
  });

  it('scales with the text size and smears for bold', () => {
    const r = renderer();
    const normal = r.renderText('三', plain);
    const doubled = r.renderText('三', { ...plain, width: 2, height: 2 });
    expect(doubled.heightDots).toBe(32);
    expect(dots(doubled)).toBe(4 * dots(normal));
    const bold = r.renderText('三', { ...plain, bold: true });
    // Each bar (a run of dots) grows by one dot per row.
    expect(dots(bold)).toBe(dots(normal) + 6);
  });

  it('wraps a line wider than the paper', () => {
    const image = renderer().renderText('三'.repeat(30), plain);
    expect(image.heightDots).toBe(16 + 4 + 16);
    expect(art(window(image, 0, 20, 16, 16))).toEqual(art(window(image, 0, 0, 16, 16)));
  });

  it('refuses a paper width that is not whole bytes', () => {
    expect(() => new BitmapRasterRenderer({ paperWidthDots: 380 })).toThrow(/multiple of 8/);
  });

  it('is what EscPosBuilder prints for a line the printer font lacks, while other lines stay text', () => {
    const builder = new EscPosBuilder({ raster: new BitmapRasterRenderer({ paperWidthDots: 576 }) });
    const bytes = builder.init().line('姓名: 张𠀋').line('证件号码: 110***********002X').cut().build();
    const decoded = decodeEscPos(bytes);
    expect(decoded.errors).toEqual([]);
    expect(decoded.rasters).toEqual([{ line: 0, widthDots: 576, heightDots: 16 }]);
    expect(decoded.lines).toContain('证件号码: 110***********002X');
  });
});

describe('BitmapRasterRenderer.withUnifontIfPresent', () => {
  it('falls back to boxes only when the font file is missing', () => {
    const r = BitmapRasterRenderer.withUnifontIfPresent('/nonexistent/unifont.hex', { paperWidthDots: 576 });
    expect(r.paperWidthDots).toBe(576);
    expect(art(r.glyphFor(0x41))).toEqual(art(lastResortGlyph(0x41)));
  });
});
