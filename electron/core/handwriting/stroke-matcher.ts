/**
 * A stroke-order-free, direction-free shape matcher: how far written strokes are from a
 * character's reference strokes (medians of Make Me a Hanzi, see median-templates.ts).
 *
 * Why: zinnia's features are indexed by stroke position and direction, so a stroke written the
 * other way, or two neighbours written in the other order, costs the right character its place
 * even when the shape is right. Here each written stroke is paired with one reference stroke by an
 * optimal assignment (Munkres), in whichever direction fits better; strokes left without a partner
 * (two written as one, a stroke missed) cost a fixed penalty each, so a near-miss in stroke count
 * still ranks but a different character does not.
 */
import { munkres } from 'munkres';

export type Shape = readonly (readonly [number, number])[];

/** Points per stroke after resampling: enough for a hook or a bend, cheap to compare. */
const SAMPLES = 10;
/** A reversed stroke fits slightly worse than the same stroke the right way round. */
const REVERSED_PENALTY = 0.02;
/** The cost of a stroke without a partner, in the unit box (about a quarter of its side). */
const UNPAIRED_PENALTY = 0.25;

/** Scaled into a unit box (aspect kept, centred), so size and position on the pad do not count. */
export function normaliseShape(strokes: readonly Shape[]): Shape[] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const stroke of strokes) {
    for (const [x, y] of stroke) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  const size = Math.max(maxX - minX, maxY - minY, 1e-9);
  const offsetX = (size - (maxX - minX)) / 2;
  const offsetY = (size - (maxY - minY)) / 2;
  return strokes.map((stroke) => resample(stroke.map(([x, y]): [number, number] => [(x - minX + offsetX) / size, (y - minY + offsetY) / size])));
}

/** SAMPLES points evenly spaced along the stroke (a dot becomes SAMPLES copies of itself). */
function resample(stroke: Shape): Shape {
  const lengths = [0];
  for (let i = 1; i < stroke.length; i += 1) {
    const [x0, y0] = stroke[i - 1]!;
    const [x1, y1] = stroke[i]!;
    lengths.push(lengths[i - 1]! + Math.hypot(x1 - x0, y1 - y0));
  }
  const total = lengths.at(-1)!;
  const out: [number, number][] = [];
  let segment = 1;
  for (let k = 0; k < SAMPLES; k += 1) {
    const at = (total * k) / (SAMPLES - 1);
    while (segment < stroke.length - 1 && lengths[segment]! < at) segment += 1;
    const a = stroke[Math.max(segment - 1, 0)]!;
    const b = stroke[Math.min(segment, stroke.length - 1)]!;
    const span = (lengths[segment] ?? 0) - (lengths[segment - 1] ?? 0);
    const t = span > 0 ? Math.min(Math.max((at - lengths[segment - 1]!) / span, 0), 1) : 0;
    out.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
  }
  return out;
}

function strokeCost(written: Shape, reference: Shape): number {
  let forward = 0;
  let backward = 0;
  for (let k = 0; k < SAMPLES; k += 1) {
    const [x, y] = written[k]!;
    const [fx, fy] = reference[k]!;
    const [bx, by] = reference[SAMPLES - 1 - k]!;
    forward += Math.hypot(x - fx, y - fy);
    backward += Math.hypot(x - bx, y - by);
  }
  return Math.min(forward, backward + REVERSED_PENALTY * SAMPLES) / SAMPLES;
}

/** Mean cost per stroke of the best pairing of normalised written and reference strokes (0 = same shape). */
export function shapeDistance(written: readonly Shape[], reference: readonly Shape[]): number {
  if (written.length === 0 || reference.length === 0) return Infinity;
  const costs = written.map((w) => reference.map((r) => strokeCost(w, r)));
  const pairs = munkres(costs);
  let total = 0;
  for (const [row, column] of pairs) total += costs[row]![column]!;
  total += UNPAIRED_PENALTY * Math.abs(written.length - reference.length);
  return total / Math.max(written.length, reference.length);
}
