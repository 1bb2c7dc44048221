/**
 * The hidden staff entry's hot zones: an 80×80 CSS-pixel square in each corner of the screen.
 * Pure, so the zone arithmetic is tested without a browser.
 */
import type { Corner } from '../../../electron/contract/maintenance-api.ts';

export const CORNER_ZONE_PX = 80;

/** Which corner zone a point falls in, or null. */
export function cornerAt(x: number, y: number, width: number, height: number, size = CORNER_ZONE_PX): Corner | null {
  if (!(width > 0 && height > 0) || x < 0 || y < 0 || x > width || y > height) return null;
  const left = x < size;
  const right = x > width - size;
  const top = y < size;
  const bottom = y > height - size;
  if (top && left) return 'top-left';
  if (top && right) return 'top-right';
  if (bottom && right) return 'bottom-right';
  if (bottom && left) return 'bottom-left';
  return null;
}

/**
 * What to report for a tap: corner taps always; a tap elsewhere only right after a corner tap
 * (it breaks a sequence in progress), so ordinary use of the screen sends nothing.
 */
export function tapToReport(corner: Corner | null, lastWasCorner: boolean): { report: boolean; corner: Corner | null } {
  return { report: corner !== null || lastWasCorner, corner };
}
