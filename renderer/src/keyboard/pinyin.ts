/**
 * Pinyin composition over the dictionary: the letters typed so far → candidates. Each candidate
 * says how many letters it consumes, so picking a character for the first syllable leaves the rest
 * composing (type "zhangsan", pick 张, then 三), while a phrase takes them all (张三, 北京).
 */
import type { PinyinDictionary } from './pinyin-dictionary.ts';
import { abbreviated } from './pinyin-initials.ts';

export interface Candidate {
  text: string;
  /** Letters of the composition this candidate replaces. */
  consumes: number;
}

const MAX_SYLLABLE = 6;
/**
 * Completions of an unfinished syllable and characters of a shorter reading are a convenience:
 * a few pages of them, the commonest, so a keystroke never builds thousands of candidates.
 */
const MAX_COMPLETIONS = 64;

/** The longest dictionary syllable at the start of `letters`, or null. */
export function firstSyllable(letters: string, dictionary: PinyinDictionary): string | null {
  for (let length = Math.min(MAX_SYLLABLE, letters.length); length > 0; length -= 1) {
    const head = letters.slice(0, length);
    if (dictionary.syllables.has(head)) return head;
  }
  return null;
}

/** Greedy split into syllables; a trailing fragment (an unfinished syllable) is kept as is. */
export function segment(letters: string, dictionary: PinyinDictionary): string[] {
  const parts: string[] = [];
  let rest = letters;
  while (rest !== '') {
    const head = firstSyllable(rest, dictionary);
    if (head === null) {
      parts.push(rest);
      break;
    }
    parts.push(head);
    rest = rest.slice(head.length);
  }
  return parts;
}

/**
 * Characters of the syllables that start with `prefix`, round-robin so the commonest character of
 * each comes first ("zh" → 这 中 张 ... rather than all of "zha" first).
 */
function completions(prefix: string, dictionary: PinyinDictionary): string[] {
  const lists = (dictionary.syllablesByPrefix.get(prefix) ?? []).map((syllable) => dictionary.syllables.get(syllable) ?? []);
  const out = new Set<string>();
  for (let rank = 0; out.size < MAX_COMPLETIONS && lists.some((list) => rank < list.length); rank += 1) {
    for (const list of lists) {
      const char = list[rank];
      if (char !== undefined) out.add(char);
    }
  }
  return [...out].slice(0, MAX_COMPLETIONS);
}

/**
 * The likeliest text for several syllables: the longest dictionary word at each point, else the
 * commonest character of the syllable (张三 for "zhangsan", 北京市 for "beijingshi").
 */
function compose(parts: readonly string[], dictionary: PinyinDictionary): string | null {
  let text = '';
  for (let start = 0; start < parts.length; ) {
    let taken = 0;
    for (let end = parts.length; end > start + 1 && taken === 0; end -= 1) {
      const word = dictionary.words.get(parts.slice(start, end).join(''))?.[0];
      if (word !== undefined) {
        text += word;
        taken = end - start;
      }
    }
    if (taken === 0) {
      const part = parts[start] ?? '';
      const char = dictionary.syllables.get(part)?.[0] ?? completions(part, dictionary)[0];
      if (char === undefined) return null;
      text += char;
      taken = 1;
    }
    start += taken;
  }
  return text;
}

export function candidates(letters: string, dictionary: PinyinDictionary): Candidate[] {
  const input = letters.toLowerCase();
  if (input === '') return [];
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (text: string, consumes: number): void => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ text, consumes });
  };
  for (const word of dictionary.words.get(input) ?? []) add(word, input.length);

  const parts = segment(input, dictionary);
  if (parts.length > 1) {
    const sentence = compose(parts, dictionary);
    if (sentence !== null) add(sentence, input.length);
    // Words of the first syllables, longest first ("beijingshi" → 北京 before 北).
    for (let count = parts.length - 1; count > 1; count -= 1) {
      const spelled = parts.slice(0, count).join('');
      for (const word of dictionary.words.get(spelled) ?? []) add(word, spelled.length);
    }
  }

  const head = firstSyllable(input, dictionary);
  // Letters that do not spell syllables to the end ("zg", "bjs", "zhg") may be initials: the phrases
  // they abbreviate come before single characters.
  // The start of a syllable ("sh", "zh") is still more likely a syllable: its phrases then follow its characters.
  const unfinished = !dictionary.syllables.has(parts[parts.length - 1] ?? '');
  const initials = unfinished ? abbreviated(input, dictionary) : [];
  const initialsFirst = !dictionary.syllablesByPrefix.has(input);
  if (initialsFirst) for (const word of initials) add(word, input.length);
  if (head !== null) {
    for (const char of dictionary.syllables.get(head) ?? []) add(char, head.length);
    // "xian" is also "xi'an": the shorter syllables' commonest characters follow the longer one's.
    for (let length = head.length - 1; length > 0; length -= 1) {
      const shorter = head.slice(0, length);
      for (const char of (dictionary.syllables.get(shorter) ?? []).slice(0, MAX_COMPLETIONS)) add(char, length);
    }
  }
  // An unfinished syllable ("zh", "w"): what it could become.
  if (head === null || head.length === input.length) {
    for (const char of completions(input, dictionary)) add(char, input.length);
  }
  if (!initialsFirst) for (const word of initials) add(word, input.length);
  return out;
}
