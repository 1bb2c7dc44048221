/**
 * The on-screen keyboard as a pure reducer: the field's value, the pinyin being composed, and the
 * candidate page. Layouts decide which keys exist; the reducer enforces what a field accepts
 * (max length, allowed characters), so a key can never put an invalid character in a field.
 */
import { candidates, type Candidate } from './pinyin.ts';
import { loadedPinyinDictionary } from './pinyin-dictionary.ts';

export type KeyboardLayout = 'pinyin' | 'digits' | 'id-number' | 'alphanumeric';

export interface KeyboardState {
  layout: KeyboardLayout;
  value: string;
  /** Latin letters typed in pinyin mode, not yet turned into characters. */
  composing: string;
  page: number;
  /** Pinyin mode only: letters go straight into the field (names in Latin script, codes). */
  latin: boolean;
  /** Pinyin layout only: the handwriting pad (手写) stands in for the letter keys. */
  handwriting: boolean;
  maxLength: number;
  /** Characters this field accepts beyond its layout's (e.g. '-' in a phone number). */
  extraKeys: string;
}

export type KeyboardAction =
  | { type: 'key'; key: string }
  | { type: 'backspace' }
  | { type: 'clear' }
  | { type: 'pick'; index: number }
  | { type: 'page'; delta: 1 | -1 }
  | { type: 'toggleLatin' }
  | { type: 'toggleHandwriting' }
  /** A character picked from the handwriting pad's candidates. */
  | { type: 'insert'; text: string }
  | { type: 'space' };

export const PAGE_SIZE = 8;

/** Characters a layout may put into the value (the pinyin layout also composes letters). */
const ACCEPTS: Record<KeyboardLayout, RegExp> = {
  pinyin: /^[\s\S]$/u,
  digits: /^[0-9]$/,
  'id-number': /^[0-9X]$/,
  alphanumeric: /^[0-9A-Z]$/,
};

export function initKeyboard(layout: KeyboardLayout, value: string, maxLength = 200, extraKeys = ''): KeyboardState {
  return { layout, value: [...value].slice(0, maxLength).join(''), composing: '', page: 0, latin: false, handwriting: false, maxLength, extraKeys };
}

/**
 * Candidates per keyboard state: the keyboard asks several times per key press. Weakly keyed by
 * the state, so they go with the keyboard that showed them; a module-level memo of the last
 * composition kept the pinyin of a citizen who left mid-word into the next citizen's session.
 * Until the dictionary's chunk has arrived there are none, and nothing is memoised, so the same
 * state shows its candidates once it has.
 */
const candidateMemo = new WeakMap<KeyboardState, Candidate[]>();
const candidatesOf = (state: KeyboardState): Candidate[] => {
  let list = candidateMemo.get(state);
  if (list === undefined) {
    const dictionary = loadedPinyinDictionary();
    if (dictionary === null) return [];
    list = candidates(state.composing, dictionary);
    candidateMemo.set(state, list);
  }
  return list;
};

export const visibleCandidates = (state: KeyboardState): Candidate[] =>
  candidatesOf(state).slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);

export const candidatePages = (state: KeyboardState): number => Math.ceil(candidatesOf(state).length / PAGE_SIZE);

const length = (text: string): number => [...text].length;

function append(state: KeyboardState, text: string): KeyboardState {
  const room = state.maxLength - length(state.value);
  if (room <= 0) return state;
  return { ...state, value: state.value + [...text].slice(0, room).join('') };
}

export function keyboardReducer(state: KeyboardState, action: KeyboardAction): KeyboardState {
  switch (action.type) {
    case 'key': {
      // Latin letters are upper case everywhere except while composing pinyin.
      const key = state.layout === 'pinyin' && !state.latin ? action.key : action.key.toUpperCase();
      if (state.layout === 'pinyin' && !state.latin && /^[a-z]$/i.test(key)) {
        // Nothing to compose into when the field is full.
        if (length(state.value) >= state.maxLength) return state;
        return { ...state, composing: (state.composing + key.toLowerCase()).slice(0, 24), page: 0 };
      }
      // Digits and symbols wait until the composition is resolved.
      if (state.composing !== '' || [...key].length !== 1) return state;
      if (!ACCEPTS[state.layout].test(key) && !state.extraKeys.includes(key)) return state;
      return append(state, key);
    }
    case 'backspace':
      if (state.composing !== '') return { ...state, composing: state.composing.slice(0, -1), page: 0 };
      return { ...state, value: [...state.value].slice(0, -1).join('') };
    case 'clear':
      return { ...state, value: '', composing: '', page: 0 };
    case 'pick': {
      const candidate = visibleCandidates(state)[action.index];
      if (candidate === undefined) return state;
      const next = append(state, candidate.text);
      return { ...next, composing: state.composing.slice(candidate.consumes), page: 0 };
    }
    case 'page': {
      const page = state.page + action.delta;
      return page < 0 || page >= candidatePages(state) ? state : { ...state, page };
    }
    case 'toggleLatin':
      return state.layout === 'pinyin' ? { ...state, latin: !state.latin, handwriting: false, composing: '', page: 0 } : state;
    case 'toggleHandwriting':
      return state.layout === 'pinyin' ? { ...state, handwriting: !state.handwriting, latin: false, composing: '', page: 0 } : state;
    case 'insert':
      // Only what the pad offers: one Han character, into a pinyin field with nothing composing.
      if (state.layout !== 'pinyin' || state.composing !== '' || !/^\p{Script=Han}$/u.test(action.text)) return state;
      return append(state, action.text);
    case 'space':
      // Space picks the first candidate while composing, as on every pinyin IME.
      if (state.composing !== '') return keyboardReducer(state, { type: 'pick', index: 0 });
      return state.layout === 'pinyin' && state.value !== '' ? append(state, ' ') : state;
  }
}
