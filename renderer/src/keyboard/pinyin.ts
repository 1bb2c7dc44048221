/**
 * Pinyin composition over the built-in table: the letters typed so far → candidates. Each
 * candidate says how many letters it consumes, so picking a character for the first syllable
 * leaves the rest composing (type "zhangsan", pick 张, then 三).
 */
import { SYLLABLES, WORDS } from './pinyin-table.ts';

export interface Candidate {
  text: string;
  /** Letters of the composition this candidate replaces. */
  consumes: number;
}

const MAX_SYLLABLE = 6;

/** The longest table syllable at the start of `letters`, or null. */
export function firstSyllable(letters: string): string | null {
  for (let length = Math.min(MAX_SYLLABLE, letters.length); length > 0; length -= 1) {
    const head = letters.slice(0, length);
    if (SYLLABLES.has(head)) return head;
  }
  return null;
}

/** Greedy split into table syllables; a trailing fragment (an unfinished syllable) is kept as is. */
export function segment(letters: string): string[] {
  const parts: string[] = [];
  let rest = letters;
  while (rest !== '') {
    const head = firstSyllable(rest);
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
 * Characters of every syllable that starts with `prefix`, round-robin so the commonest character
 * of each syllable comes first ("zh" → 这 中 展 张 ... rather than all of "zha" first).
 */
function byPrefix(prefix: string): string[] {
  const lists = [...SYLLABLES].filter(([syllable]) => syllable.startsWith(prefix)).map(([, chars]) => chars);
  const out: string[] = [];
  for (let rank = 0; lists.some((list) => rank < list.length); rank += 1) {
    for (const list of lists) {
      const char = list[rank];
      if (char !== undefined && !out.includes(char)) out.push(char);
    }
  }
  return out;
}

export function candidates(letters: string): Candidate[] {
  const input = letters.toLowerCase();
  if (input === '') return [];
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (text: string, consumes: number): void => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ text, consumes });
  };
  for (const word of WORDS.get(input) ?? []) add(word, input.length);
  const head = firstSyllable(input);
  if (head !== null) {
    for (const char of SYLLABLES.get(head) ?? []) add(char, head.length);
    // "xian" is also "xia'n" and "xi'an": the shorter syllables' characters follow the longer one's.
    for (let length = head.length - 1; length > 0; length -= 1) {
      const shorter = head.slice(0, length);
      for (const char of SYLLABLES.get(shorter) ?? []) add(char, length);
    }
  }
  // An unfinished syllable ("zh", "w"): what it could become.
  if (head === null || head.length === input.length) {
    for (const char of byPrefix(input)) add(char, input.length);
  }
  return out;
}
