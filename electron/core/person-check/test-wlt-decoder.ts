/**
 * TEST decoder, not a WLT decoder: the demo and the tests have no licensed decoder (wlt-decoder.ts),
 * so this stand-in recognises the sample cards' filler photo bytes (native/simulators/sample-cards.ts)
 * and returns the sample card's picture (resources/person-check/sample-card-photo.png, public
 * domain, see its README). Any other card is refused as undecodable, as a real decoder would
 * refuse garbage: a real card never passes the check with the test decoder.
 */
import { readFile } from 'node:fs/promises';
import { timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { fillerPhoto } from '../../../native/simulators/sample-cards.ts';
import { WltDecodeError, type DecodedPhoto, type WltDecoder } from './wlt-decoder.ts';

/** The sample card's picture in a build's resources/ (not beside this file: the core is bundled). */
export const sampleCardPhotoPath = (resourcesDir: string): string => join(resourcesDir, 'person-check', 'sample-card-photo.png');

/** Seeds of the sample cards' photo filler: every sample card shows the same stand-in picture. */
const SAMPLE_SEEDS = [1, 2, 3, 4];

export class TestWltDecoder implements WltDecoder {
  readonly name = 'test decoder (sample cards only)';
  readonly test = true;
  readonly #photoPath: string;
  readonly #known: Uint8Array[];

  constructor(options: { photoPath: string }) {
    this.#photoPath = options.photoPath;
    this.#known = SAMPLE_SEEDS.map((seed) => fillerPhoto(seed));
  }

  async decode(photoWlt: Uint8Array): Promise<DecodedPhoto> {
    const sample = this.#known.some((known) => known.length === photoWlt.length && timingSafeEqual(known, photoWlt));
    if (!sample) throw new WltDecodeError('the test decoder reads only the sample cards; install the licensed WLT decoder');
    return { mime: 'image/png', bytes: new Uint8Array(await readFile(this.#photoPath)) };
  }
}
