/**
 * Synthetic handwriting for the handwriting benchmark: the GB 2312 level-1 character list, and
 * strokes drawn from the stroke medians of `hanzi-writer-data` (Make Me a Hanzi data, Arphic Public
 * License) as a hand would give them to the pad: in the pad's 0..1000 box, slanted and off-centre
 * as a whole, each stroke displaced a little, sampled like pointer events (every few units along
 * the path, not at the data's control points), with seeded jitter on every point. zinnia's model
 * was trained on other data; the kiosk's shape re-ranking uses these same medians as references
 * (electron/core/handwriting/), so the bench reports zinnia alone next to the hybrid.
 */
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Point = readonly [number, number];
export type Strokes = Point[][];

/** GB 2312 rows 16–55 (bytes 0xB0–0xD7) are level 1: 3,755 characters, row 55 ending at 0xD7F9. */
export function gb2312Level1(): string[] {
  const characters: string[] = [];
  for (let high = 0xb0; high <= 0xd7; high += 1) {
    for (let low = 0xa1; low <= 0xfe; low += 1) {
      const text = iconv.decode(Buffer.from([high, low]), 'gb2312');
      if (text.length === 1 && text !== '\ufffd' && /\p{Script=Han}/u.test(text)) characters.push(text);
    }
  }
  return characters;
}

const dataDir = dirname(createRequire(import.meta.url).resolve('hanzi-writer-data/package.json'));

/** The medians of a character's strokes in the data's frame (1024 box, y up, baseline at 900). */
export function medians(character: string): number[][][] | undefined {
  try {
    const data = JSON.parse(readFileSync(join(dataDir, `${character}.json`), 'utf8')) as { medians: number[][][] };
    return data.medians;
  } catch {
    return undefined;
  }
}

/** mulberry32: small, seeded, the same figures every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Points every `step` units along a polyline, ends included, as pointermove events give them. */
function resample(points: readonly Point[], step: number): Point[] {
  const first = points[0];
  if (points.length < 2 || !first) return [...points];
  const out: Point[] = [first];
  let carried = 0;
  for (let i = 1; i < points.length; i += 1) {
    const [x0, y0] = points[i - 1] ?? first;
    const [x1, y1] = points[i] ?? first;
    const length = Math.hypot(x1 - x0, y1 - y0);
    let at = step - carried;
    while (at <= length) {
      out.push([x0 + ((x1 - x0) * at) / length, y0 + ((y1 - y0) * at) / length]);
      at += step;
    }
    carried = length - (at - step);
  }
  out.push(points.at(-1)!);
  return out;
}

export interface NoiseOptions {
  /** Standard deviation of each point's jitter, in units of the 1000 box. */
  pointJitter: number;
  /** Standard deviation of each stroke's displacement. */
  strokeJitter: number;
  /** Largest slant of the whole character, in degrees. */
  slantDegrees: number;
}

export const DEFAULT_NOISE: NoiseOptions = { pointJitter: 6, strokeJitter: 18, slantDegrees: 6 };

/** A written character in the pad's 0..1000 box (integers), or undefined if the data lacks it. */
export function syntheticStrokes(character: string, seed: number, noise: NoiseOptions = DEFAULT_NOISE): Strokes | undefined {
  const source = medians(character);
  if (!source) return undefined;
  const random = seededRandom(seed);
  const scale = 0.7 + random() * 0.25;
  const aspect = 0.92 + random() * 0.16;
  const slant = ((random() * 2 - 1) * noise.slantDegrees * Math.PI) / 180;
  const centreX = 500 + (random() * 2 - 1) * 60;
  const centreY = 500 + (random() * 2 - 1) * 60;
  const clamp = (value: number): number => Math.min(1000, Math.max(0, Math.round(value)));
  return source.map((stroke) => {
    const dx = gaussian(random) * noise.strokeJitter;
    const dy = gaussian(random) * noise.strokeJitter;
    const placed: Point[] = stroke.map(([x = 0, y = 0]) => {
      // Data frame → centred unit square with y down, then slant, scale, place.
      const u = (x - 512) / 1024;
      const v = (900 - y - 512) / 1024;
      const su = u + v * Math.tan(slant);
      return [centreX + su * 1000 * scale * aspect + dx, centreY + v * 1000 * scale + dy];
    });
    return resample(placed, 12 + random() * 10).map(
      ([x, y]): Point => [clamp(x + gaussian(random) * noise.pointJitter), clamp(y + gaussian(random) * noise.pointJitter)],
    );
  });
}
