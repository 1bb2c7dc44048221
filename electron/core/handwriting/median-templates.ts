/**
 * Reference shapes for the stroke matcher: the stroke medians of `hanzi-writer-data` (Make Me a
 * Hanzi, Arphic Public License; shipped as a run-time dependency for this), one small JSON file per
 * character, read on demand and kept normalised in memory (a few hundred bytes per character).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { normaliseShape, type Shape } from './stroke-matcher.ts';

const HAN = /^\p{Script=Han}$/u;

function packageDir(): string | null {
  try {
    // A bundled (CommonJS) core has no module URL, but has its own file name.
    const from = import.meta.url || pathToFileURL(__filename).href;
    return dirname(createRequire(from).resolve('hanzi-writer-data/package.json'));
  } catch {
    return null;
  }
}

export class MedianTemplates {
  readonly #dir: string | null;
  readonly #cache = new Map<string, Promise<Shape[] | undefined>>();

  /** `dir` for tests (null: no data); by default the installed package (none installed: every shape is unknown). */
  constructor(dir: string | null = packageDir()) {
    this.#dir = dir;
  }

  /** Whether there is data to read at all (without it the recogniser keeps zinnia's order). */
  get available(): boolean {
    return this.#dir !== null;
  }

  /** The character's normalised reference strokes, or undefined when the data has none. */
  shape(character: string): Promise<Shape[] | undefined> {
    // Only a single Han character names a file: a candidate can never walk the file system.
    if (!HAN.test(character) || this.#dir === null) return Promise.resolve(undefined);
    let found = this.#cache.get(character);
    if (!found) {
      found = this.#load(character);
      this.#cache.set(character, found);
    }
    return found;
  }

  async #load(character: string): Promise<Shape[] | undefined> {
    try {
      const data = JSON.parse(await readFile(join(this.#dir!, `${character}.json`), 'utf8')) as { medians?: unknown };
      if (!Array.isArray(data.medians) || data.medians.length === 0) return undefined;
      // Data frame: y up, baseline at 900; the pad's frame is y down.
      const strokes = (data.medians as number[][][]).map((stroke) => stroke.map(([x = 0, y = 0]): [number, number] => [x, 900 - y]));
      return normaliseShape(strokes);
    } catch {
      return undefined;
    }
  }
}
