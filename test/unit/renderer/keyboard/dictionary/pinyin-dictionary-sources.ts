/**
 * Reads the pinned dictionary sources (pinyin-pro, @pinyin-pro/data) into the builder's input.
 * Node-only, for the test that keeps the committed dictionary equal to its sources and for the bench.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pinyin } from 'pinyin-pro';
import type { DictionarySources, RatedEntries } from '../../../../../renderer/src/keyboard/dictionary/build-pinyin-dictionary.ts';

const require = createRequire(import.meta.url);

/** Unicode blocks of Han characters: 〇, CJK Unified Ideographs with extensions A-H, compatibility ideographs. */
const HAN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3007, 0x3007],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0x20000, 0x2ebef],
  [0x30000, 0x323af],
];

export function loadDictionarySources(): DictionarySources {
  const readings = new Map<string, string[]>();
  for (const [first, last] of HAN_RANGES) {
    for (let code = first; code <= last; code += 1) {
      const char = String.fromCodePoint(code);
      const found = pinyin(char, { multiple: true, toneType: 'none', type: 'array', v: true });
      // pinyin-pro hands back the character itself when it knows no reading.
      if (found.length > 0 && found[0] !== char) readings.set(char, [...new Set(found)]);
    }
  }
  return {
    readings,
    complete: require('@pinyin-pro/data/complete.json') as RatedEntries,
  };
}

/** Names and exact versions of the sources, as the generated module states them. */
export function dictionarySourcesProvenance(): string {
  const versionAt = (file: string): string => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  // @pinyin-pro/data maps every '*.json' subpath to its json/ folder, its own package.json included.
  const data = versionAt(path.join(path.dirname(require.resolve('@pinyin-pro/data/complete.json')), '..', 'package.json'));
  return `pinyin-pro ${versionAt(require.resolve('pinyin-pro/package.json'))} (MIT) and @pinyin-pro/data ${data} (ISC)`;
}
