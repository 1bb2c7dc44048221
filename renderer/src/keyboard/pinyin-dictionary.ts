/**
 * The pinyin dictionary: every character with a reading (21,000+, rare name characters included),
 * frequency-ordered per syllable, and the commonest words as phrases. Its text (see
 * dictionary/build-pinyin-dictionary.ts for where it comes from) is a chunk of its own, fetched
 * when a pinyin keyboard first opens, so the initial bundle does not carry it.
 *
 * It holds public reference data only and is shared by every keyboard: nothing a citizen types is
 * kept here (see keyboard-state.ts for the candidates of one composition).
 */
import { prepareInitialsIndex, type IdleScheduler } from './pinyin-initials.ts';

export interface PinyinDictionary {
  /** Syllable ('zhang', 'lv') → characters, commonest first. */
  syllables: ReadonlyMap<string, readonly string[]>;
  /** Toneless pinyin without separators ('beijing') → words, commonest first. */
  words: ReadonlyMap<string, readonly string[]>;
  /** Every prefix of a syllable ('z', 'zh', 'zha', ... 'zhang') → the syllables it starts. */
  syllablesByPrefix: ReadonlyMap<string, readonly string[]>;
  /** Distinct characters, for the coverage figure. */
  characterCount: number;
}

export class PinyinDictionaryFormatError extends Error {
  constructor(line: number, detail: string) {
    super(`pinyin dictionary line ${line}: ${detail}`);
    this.name = 'PinyinDictionaryFormatError';
  }
}

/** Parses the dictionary text; a malformed line is an error rather than a silently missing syllable. */
export function parsePinyinDictionary(text: string): PinyinDictionary {
  const syllables = new Map<string, readonly string[]>();
  const words = new Map<string, readonly string[]>();
  const syllablesByPrefix = new Map<string, string[]>();
  const characters = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (line === '') return;
    const tab = line.indexOf('\t');
    const key = line.slice(1, tab);
    const value = line.slice(tab + 1);
    if (tab < 2 || !/^[a-z]+$/.test(key) || value === '') throw new PinyinDictionaryFormatError(index + 1, 'expected =syllable or +letters, a tab, then characters');
    if (line.startsWith('=')) {
      const chars = [...value];
      syllables.set(key, chars);
      for (const char of chars) characters.add(char);
      for (let length = 1; length <= key.length; length += 1) {
        const prefix = key.slice(0, length);
        const list = syllablesByPrefix.get(prefix) ?? [];
        list.push(key);
        syllablesByPrefix.set(prefix, list);
      }
    } else if (line.startsWith('+')) {
      words.set(key, value.split(' '));
    } else {
      throw new PinyinDictionaryFormatError(index + 1, `unknown entry kind '${line[0] ?? ''}'`);
    }
  });
  if (syllables.size === 0) throw new PinyinDictionaryFormatError(0, 'no syllables');
  return { syllables, words, syllablesByPrefix, characterCount: characters.size };
}

/** requestIdleCallback where there is one (browsers); else the next turn with a few ms of budget (Node: benches, tests). */
const whenIdle: IdleScheduler = (work) => {
  const idle = (globalThis as { requestIdleCallback?: (callback: IdleRequest, options: { timeout: number }) => number }).requestIdleCallback;
  if (idle) {
    idle(work, { timeout: 2000 });
    return;
  }
  setTimeout(() => {
    const start = Date.now();
    work({ timeRemaining: () => Math.max(0, 8 - (Date.now() - start)) });
  }, 0);
};

type IdleRequest = (deadline: { timeRemaining(): number }) => void;

let loaded: PinyinDictionary | null = null;
let loading: Promise<PinyinDictionary> | null = null;

/** The dictionary if its chunk has arrived, else null (the keyboard shows that it is loading). */
export const loadedPinyinDictionary = (): PinyinDictionary | null => loaded;

/**
 * Fetches and parses the dictionary once; concurrent callers share the fetch. A failed fetch is
 * forgotten, so the next keyboard (or the retry button) tries again.
 */
export function loadPinyinDictionary(): Promise<PinyinDictionary> {
  if (loaded !== null) return Promise.resolve(loaded);
  loading ??= import('./dictionary/pinyin-dictionary.generated.ts')
    .then((module) => {
      const dictionary = parsePinyinDictionary(module.default);
      loaded = dictionary;
      // The initials index (pinyin-initials.ts) is built in idle slices while the citizen looks at
      // the keyboard, not on the keystroke that first needs it.
      prepareInitialsIndex(dictionary, whenIdle);
      return dictionary;
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}
