/** The print wording shipped in resources/locales/print, loaded as the core loads it at start. */
import { fileURLToPath } from 'node:url';
import { PrintTexts } from '../../electron/core/printing/print-texts.ts';

export const SHIPPED_PRINT_DIR = fileURLToPath(new URL('../../resources/locales/print', import.meta.url));

let shipped: PrintTexts | undefined;

export function shippedPrintTexts(): PrintTexts {
  shipped ??= PrintTexts.load(SHIPPED_PRINT_DIR);
  return shipped;
}
