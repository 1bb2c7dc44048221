/**
 * Signature strokes kept as points (not pixels), so the pad can be redrawn at any size and
 * exported at a fixed, small resolution: the contract caps the PNG data URL at 48 KiB.
 */
export interface Point {
  x: number;
  y: number;
}
export type Stroke = readonly Point[];

/** Enough ink to be a signature rather than a stray tap: total stroke length in pad units. */
export const MIN_INK_LENGTH = 40;

export function inkLength(strokes: readonly Stroke[]): number {
  let total = 0;
  for (const stroke of strokes) {
    for (let i = 1; i < stroke.length; i += 1) {
      const a = stroke[i - 1];
      const b = stroke[i];
      if (a && b) total += Math.hypot(b.x - a.x, b.y - a.y);
    }
  }
  return total;
}

export const hasSignature = (strokes: readonly Stroke[]): boolean => inkLength(strokes) >= MIN_INK_LENGTH;

/** The part of a canvas 2D context the drawing uses (kept DOM-free so it is testable in Node). */
export interface InkContext {
  lineCap: string;
  lineJoin: string;
  lineWidth: number;
  strokeStyle: unknown;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

/** Draws strokes scaled from pad units (width × height) onto a 2D context of the given size. */
export function drawStrokes(
  ctx: InkContext,
  strokes: readonly Stroke[],
  from: { width: number; height: number },
  to: { width: number; height: number },
  lineWidth: number,
): void {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = lineWidth;
  ctx.strokeStyle = '#000000';
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    ctx.beginPath();
    ctx.moveTo(first.x * sx, first.y * sy);
    if (rest.length === 0) ctx.lineTo(first.x * sx + 0.1, first.y * sy);
    for (const p of rest) ctx.lineTo(p.x * sx, p.y * sy);
    ctx.stroke();
  }
}
