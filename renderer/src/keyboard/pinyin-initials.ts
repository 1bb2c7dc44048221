/**
 * Initials-only abbreviations over the dictionary's phrases: "zg" → 中国, "bj" → 北京, "zhg" → 中国
 * (zh, ch and sh may be typed whole). Built from the phrases themselves, so the dictionary chunk
 * and its parse do not grow: a first letter at a time while the keyboard is idle
 * (prepareInitialsIndex), or the one letter a lookup needs if it comes first.
 *
 * A phrase's spelling ("zhongguo") is split into the syllables its characters are read with, so a
 * polyphone or an ambiguous split ("xian": 西安 is xi + an) gives the right initials. Within one
 * abbreviation the phrases are ordered by their spelling's tier of commonness (the dictionary build
 * writes spellings in tiers, commonest first) and then by how common their characters are in their
 * readings.
 */
import type { PinyinDictionary } from './pinyin-dictionary.ts';

const DOUBLE_INITIALS = ['zh', 'ch', 'sh'] as const;
/** More would only be pages nobody turns: an abbreviation is a shortcut to the common phrases. */
export const MAX_ABBREVIATED = 48;
/** A tier outweighs any commonness of characters (a log sum of their ranks, at most four characters). */
const TIER_WEIGHT = 100;
/** A spelling's second, third… phrase: rarer than its first, by a guess (the dictionary keeps only their order). */
const SAME_SPELLING_STEP = 3;

export interface InitialsIndex {
  /** Abbreviation ('zg', 'zhg') → phrases, commonest first. */
  byInitials: ReadonlyMap<string, readonly string[]>;
}

/**
 * The index is built per first letter: "zg" needs only the spellings that start with z (a
 * twentieth of the phrases), so even a lookup that comes before the idle-time build finishes waits
 * for one letter's share, not the whole index.
 */
interface Shared {
  /** Character → the syllables it is read with (most have one). */
  readingsByChar: Map<string, string[]>;
  /** Character → its rank in each of those syllables' lists (0 = that reading's commonest), same order. */
  ranksByChar: Map<string, number[]>;
  /** First letter → its spellings with their tier of commonness, in file order. */
  byFirstLetter: Map<string, Array<readonly [string, number]>>;
  /** First letter → its part of the index, once built. */
  built: Map<string, Map<string, readonly string[]>>;
}

const shared = new WeakMap<PinyinDictionary, Shared>();

function sharedFor(dictionary: PinyinDictionary): Shared {
  let entry = shared.get(dictionary);
  if (entry === undefined) {
    const readingsByChar = new Map<string, string[]>();
    const ranksByChar = new Map<string, number[]>();
    for (const [syllable, chars] of dictionary.syllables) {
      for (let rank = 0; rank < chars.length; rank += 1) {
        const char = chars[rank] ?? '';
        const list = readingsByChar.get(char);
        if (list === undefined) {
          readingsByChar.set(char, [syllable]);
          ranksByChar.set(char, [rank]);
        } else {
          list.push(syllable);
          ranksByChar.get(char)?.push(rank);
        }
      }
    }
    // Spellings come in tiers of commonness, each tier alphabetical (build-pinyin-dictionary.ts):
    // a tier starts where the order falls back.
    const byFirstLetter = new Map<string, Array<readonly [string, number]>>();
    let tier = 0;
    let previous = '';
    for (const letters of dictionary.words.keys()) {
      if (letters < previous) tier += 1;
      previous = letters;
      const first = letters.slice(0, 1);
      const list = byFirstLetter.get(first);
      if (list === undefined) byFirstLetter.set(first, [[letters, tier]]);
      else list.push([letters, tier]);
    }
    entry = { readingsByChar, ranksByChar, byFirstLetter, built: new Map() };
    shared.set(dictionary, entry);
  }
  return entry;
}

/** The index part for spellings starting with `first`, built now if not yet. */
function letterIndex(dictionary: PinyinDictionary, first: string): Map<string, readonly string[]> {
  const { readingsByChar, ranksByChar, byFirstLetter, built } = sharedFor(dictionary);
  const done = built.get(first);
  if (done !== undefined) return done;
  const none: readonly string[] = [];
  const readingsOf = (char: string): readonly string[] => readingsByChar.get(char) ?? none;
  const rankOf = (syllable: string, char: string): number => ranksByChar.get(char)?.[readingsOf(char).indexOf(syllable)] ?? 0;
  const scored = new Map<string, { text: string; score: number }[]>();
  const add = (key: string, text: string, score: number): void => {
    const list = scored.get(key);
    if (list === undefined) scored.set(key, [{ text, score }]);
    else list.push({ text, score });
  };
  for (const [letters, tier] of byFirstLetter.get(first) ?? []) {
    const phrases = dictionary.words.get(letters) ?? [];
    for (let order = 0; order < phrases.length; order += 1) {
      const text = phrases[order] ?? '';
      const chars = [...text];
      const parts = readings(letters, chars, readingsOf);
      if (parts === null) continue;
      // Within a tier: characters common in their reading first; a spelling's later phrases are rarer than its first.
      let score = tier * TIER_WEIGHT + order * SAME_SPELLING_STEP;
      let single = '';
      let double = '';
      for (let i = 0; i < parts.length; i += 1) {
        const syllable = parts[i] ?? '';
        score += Math.log(1 + rankOf(syllable, chars[i] ?? ''));
        single += syllable.charAt(0);
        double += doubleInitial(syllable);
      }
      add(single, text, score);
      if (double !== single) add(double, text, score);
    }
  }
  const index = new Map<string, readonly string[]>();
  for (const [key, list] of scored) {
    index.set(
      key,
      list
        .sort((a, b) => a.score - b.score)
        .slice(0, MAX_ABBREVIATED)
        .map((entry) => entry.text),
    );
  }
  built.set(first, index);
  return index;
}

/** The whole index (tests): every first letter's part. */
export function buildInitialsIndex(dictionary: PinyinDictionary): InitialsIndex {
  const byInitials = new Map<string, readonly string[]>();
  for (const first of sharedFor(dictionary).byFirstLetter.keys()) for (const [key, list] of letterIndex(dictionary, first)) byInitials.set(key, list);
  return { byInitials };
}

/** What prepareInitialsIndex needs of requestIdleCallback. */
export type IdleScheduler = (work: (deadline: { timeRemaining(): number }) => void) => void;

/** Builds the index one first letter at a time while the page is idle, so no keystroke waits for it. */
export function prepareInitialsIndex(dictionary: PinyinDictionary, whenIdle: IdleScheduler): void {
  const letters = [...'abcdefghijklmnopqrstuvwxyz'];
  const slice = (deadline: { timeRemaining(): number }): void => {
    do {
      const first = letters.shift();
      if (first === undefined) return;
      letterIndex(dictionary, first);
    } while (deadline.timeRemaining() > 4);
    whenIdle(slice);
  };
  whenIdle(slice);
}

/**
 * The syllable each character of `chars` is read with, so that together they spell `letters`; null
 * if they cannot. A character has one or two readings, so trying each in place is a handful of
 * comparisons (no slicing of the spelling at every length).
 */
export function readings(letters: string, chars: readonly string[], readingsOf: (char: string) => readonly string[]): string[] | null {
  const out: string[] = [];
  const split = (at: number, index: number): boolean => {
    if (index === chars.length) return at === letters.length;
    for (const syllable of readingsOf(chars[index] ?? '')) {
      if (!letters.startsWith(syllable, at)) continue;
      out[index] = syllable;
      if (split(at + syllable.length, index + 1)) return true;
    }
    return false;
  };
  return split(0, 0) ? out.slice(0, chars.length) : null;
}

/** 'zhong' → 'zh', 'guo' → 'g'. */
const doubleInitial = (syllable: string): string => DOUBLE_INITIALS.find((d) => syllable.startsWith(d)) ?? syllable.slice(0, 1);

/** Phrases abbreviated by `letters` (at least two letters), commonest first. */
export function abbreviated(letters: string, dictionary: PinyinDictionary): readonly string[] {
  if (letters.length < 2) return [];
  return letterIndex(dictionary, letters.slice(0, 1)).get(letters) ?? [];
}
