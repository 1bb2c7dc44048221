/**
 * Monochrome raster images for GS v 0. This is the escape hatch for text the printer font cannot
 * print (rare characters in names): a RasterRenderer draws the text and the builder sends the
 * bitmap instead of the characters. BitmapRasterRenderer (bitmap-raster-renderer.ts) is ours: glyphs
 * from a GNU Unifont file when one is installed, code-point boxes otherwise.
 */
import { PrinterError } from './printer-errors.ts';

export interface RasterImage {
  widthDots: number;
  heightDots: number;
  /** 1 bit per dot (1 = black), rows top to bottom, MSB = leftmost dot, each row ceil(width/8) bytes. */
  data: Uint8Array;
}

export interface RasterTextStyle {
  bold: boolean;
  /** Character magnification 1..8 as set by size(). */
  width: number;
  height: number;
  align: 'left' | 'center' | 'right';
}

/** Supplied by the app (e.g. a font rasteriser); the builder stays free of font code. */
export interface RasterRenderer {
  renderText(text: string, style: RasterTextStyle): RasterImage;
}

const MAX_RASTER_BYTES_WIDE = 0xffff;
const MAX_RASTER_ROWS = 0xffff;

/** GS v 0 m xL xH yL yH d1..dk with m = 0 (normal density). */
export function rasterCommand(image: RasterImage): Uint8Array {
  const { widthDots, heightDots, data } = image;
  if (!Number.isInteger(widthDots) || !Number.isInteger(heightDots) || widthDots < 1 || heightDots < 1) {
    throw new PrinterError('invalid-argument', `raster size must be positive integers, got ${widthDots}x${heightDots}`);
  }
  const rowBytes = Math.ceil(widthDots / 8);
  if (rowBytes > MAX_RASTER_BYTES_WIDE || heightDots > MAX_RASTER_ROWS) {
    throw new PrinterError('invalid-argument', `raster ${widthDots}x${heightDots} exceeds GS v 0 limits`);
  }
  if (data.length !== rowBytes * heightDots) {
    throw new PrinterError(
      'invalid-argument',
      `raster data is ${data.length} bytes, expected ${rowBytes * heightDots} (${rowBytes} bytes x ${heightDots} rows)`,
    );
  }
  const out = new Uint8Array(8 + data.length);
  out.set([0x1d, 0x76, 0x30, 0x00, rowBytes & 0xff, rowBytes >> 8, heightDots & 0xff, heightDots >> 8]);
  out.set(data, 8);
  return out;
}
