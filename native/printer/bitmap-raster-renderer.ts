/**
 * A RasterRenderer that draws text from bitmap glyph sources (see glyphs.ts): glyphs are scaled by
 * the text size (GS !), emboldened by a one-dot smear, wrapped at the paper width and aligned inside
 * a full-width image, so the printer's own justification setting does not matter.
 * Without a glyph source every character becomes a code-point box: legible for staff, never wrong.
 */
import { existsSync } from 'node:fs';
import { glyphDot, lastResortGlyph, UnifontHexGlyphs, type Glyph, type GlyphSource } from './glyphs.ts';
import type { RasterImage, RasterRenderer, RasterTextStyle } from './raster-image.ts';

export interface BitmapRasterRendererOptions {
  /** Printable width in dots: 384 for 58 mm paper, 576 for 80 mm (203 dpi). Default 384. */
  paperWidthDots?: number;
  /** Tried in order; the last-resort box covers whatever none of them has. */
  glyphs?: readonly GlyphSource[];
  /** Blank dots between wrapped lines (default 4). */
  lineGapDots?: number;
}

/** Where Debian's `unifont` package puts the plane-0 glyphs. */
export const DEBIAN_UNIFONT_HEX = '/usr/share/unifont/unifont.hex';

export class BitmapRasterRenderer implements RasterRenderer {
  /** With Unifont glyphs when the file exists (about 100 ms to load, once), else boxes only. */
  static withUnifontIfPresent(path = DEBIAN_UNIFONT_HEX, options: Omit<BitmapRasterRendererOptions, 'glyphs'> = {}): BitmapRasterRenderer {
    const glyphs = existsSync(path) ? [UnifontHexGlyphs.fromFile(path)] : [];
    return new BitmapRasterRenderer({ ...options, glyphs });
  }

  readonly paperWidthDots: number;
  readonly #sources: readonly GlyphSource[];
  readonly #lineGap: number;
  /** Code points drawn as boxes since construction: for a maintenance warning that the font lacks them. */
  readonly missing = new Set<number>();

  constructor(options: BitmapRasterRendererOptions = {}) {
    this.paperWidthDots = options.paperWidthDots ?? 384;
    this.#sources = options.glyphs ?? [];
    this.#lineGap = options.lineGapDots ?? 4;
    if (!Number.isInteger(this.paperWidthDots) || this.paperWidthDots < 16 || this.paperWidthDots % 8 !== 0) {
      throw new RangeError(`paper width must be a multiple of 8 dots, at least 16; got ${this.paperWidthDots}`);
    }
  }

  glyphFor(codePoint: number): Glyph {
    for (const source of this.#sources) {
      const glyph = source.glyph(codePoint);
      if (glyph) return glyph;
    }
    if (codePoint !== 0x20) this.missing.add(codePoint);
    return lastResortGlyph(codePoint);
  }

  renderText(text: string, style: RasterTextStyle): RasterImage {
    const sx = style.width;
    const sy = style.height;
    const glyphs = [...text].map((char) => this.glyphFor(char.codePointAt(0) ?? 0x20));
    const lines = this.#wrap(glyphs, sx);
    const lineHeight = Math.max(1, ...glyphs.map((g) => g.height)) * sy;
    const heightDots = lines.length * lineHeight + (lines.length - 1) * this.#lineGap;
    const rowBytes = this.paperWidthDots / 8;
    const data = new Uint8Array(rowBytes * heightDots);
    const set = (x: number, y: number) => {
      if (x < this.paperWidthDots) data[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    };
    lines.forEach((line, index) => {
      const width = line.reduce((sum, g) => sum + g.width * sx, 0);
      const free = this.paperWidthDots - width;
      let x0 = style.align === 'center' ? Math.floor(free / 2) : style.align === 'right' ? free : 0;
      const top = index * (lineHeight + this.#lineGap);
      for (const glyph of line) {
        // Glyphs shorter than the line (8×16 next to a 24-dot one) sit on the same baseline.
        const y0 = top + lineHeight - glyph.height * sy;
        for (let y = 0; y < glyph.height; y++) {
          for (let x = 0; x < glyph.width; x++) {
            if (!glyphDot(glyph, x, y)) continue;
            for (let dy = 0; dy < sy; dy++) {
              for (let dx = 0; dx < sx + (style.bold ? 1 : 0); dx++) set(x0 + x * sx + dx, y0 + y * sy + dy);
            }
          }
        }
        x0 += glyph.width * sx;
      }
    });
    return { widthDots: this.paperWidthDots, heightDots, data };
  }

  /** Greedy wrap by glyph; a single glyph wider than the paper still gets a line (clipped). */
  #wrap(glyphs: Glyph[], sx: number): Glyph[][] {
    const lines: Glyph[][] = [[]];
    let used = 0;
    for (const glyph of glyphs) {
      const width = glyph.width * sx;
      if (used + width > this.paperWidthDots && lines.at(-1)!.length > 0) {
        lines.push([]);
        used = 0;
      }
      lines.at(-1)!.push(glyph);
      used += width;
    }
    return lines;
  }
}
