/**
 * Every receipt starts here, so a name with a rare character (e.g. 𠀋, outside the printer's GBK
 * font) prints as a raster image instead of failing the whole slip. The renderer is created on
 * first use and shared: loading its glyphs takes ~100 ms, once.
 */
import { BitmapRasterRenderer } from '../../../native/printer/bitmap-raster-renderer.ts';
import { EscPosBuilder } from '../../../native/printer/escpos-builder.ts';

let raster: BitmapRasterRenderer | undefined;

export function receiptBuilder(): EscPosBuilder {
  raster ??= BitmapRasterRenderer.withUnifontIfPresent();
  return new EscPosBuilder({ raster });
}
