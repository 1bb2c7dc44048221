/**
 * A character's textbook strokes as the pad would send them (0..1000 box, y down), straight from
 * the stroke medians of hanzi-writer-data (Make Me a Hanzi, Arphic Public License), and the two
 * ways a hand departs from the textbook that zinnia's model does not forgive: a stroke written the
 * other way round, and two strokes written in one go.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type PadStrokes = [number, number][][];

const dataDir = dirname(createRequire(import.meta.url).resolve('hanzi-writer-data/package.json'));

export function medianStrokes(character: string): PadStrokes {
  const { medians } = JSON.parse(readFileSync(join(dataDir, `${character}.json`), 'utf8')) as { medians: number[][][] };
  return medians.map((stroke) => stroke.map(([x = 0, y = 0]): [number, number] => [Math.round(100 + x * 0.8), Math.round(100 + (900 - y) * 0.8)]));
}

export function withStrokeReversed(strokes: PadStrokes, index: number): PadStrokes {
  return strokes.map((stroke, i) => (i === index ? [...stroke].reverse() : stroke));
}

/** Stroke `index` and the next one as a single stroke (the pen never lifted between them). */
export function withStrokesMerged(strokes: PadStrokes, index: number): PadStrokes {
  return [...strokes.slice(0, index), [...strokes[index]!, ...strokes[index + 1]!], ...strokes.slice(index + 2)];
}
