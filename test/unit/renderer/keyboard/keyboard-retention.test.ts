import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextTurn } from '../../../support/wait.ts';
import { initKeyboard, keyboardReducer, visibleCandidates, type KeyboardState } from '../../../../renderer/src/keyboard/keyboard-state.ts';
import type { Candidate } from '../../../../renderer/src/keyboard/pinyin.ts';
import { loadPinyinDictionary, type PinyinDictionary } from '../../../../renderer/src/keyboard/pinyin-dictionary.ts';

// A real collection, so the test sees what the heap keeps rather than what the code intends.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// The dictionary is shared reference data, loaded once like the keyboard's lazy chunk.
let dictionary: PinyinDictionary;
beforeAll(async () => {
  dictionary = await loadPinyinDictionary();
});
const firstOf = (syllable: string): string | undefined => dictionary.syllables.get(syllable)?.[0];

const typed = (letters: string): KeyboardState =>
  [...letters].reduce((state, key) => keyboardReducer(state, { type: 'key', key }), initKeyboard('pinyin', ''));

describe('pinyin keyboard memory', () => {
  it('keeps nothing of a composition once its keyboard state is gone (a citizen who leaves mid-word)', async () => {
    // In a function of its own, so that no local of this test holds the state or a candidate.
    const candidate = ((): WeakRef<Candidate> => {
      const first = visibleCandidates(typed('bei'))[0];
      expect(first?.text).toBe(firstOf('bei'));
      return new WeakRef(first!);
    })();
    // A WeakRef holds its target until the current job ends.
    await nextTurn();
    gc();
    expect(candidate.deref()).toBeUndefined();
  });

  it('still answers each state with its own candidates', () => {
    const bei = typed('bei');
    const zhong = typed('zhong');
    expect(visibleCandidates(zhong)[0]?.text).toBe(firstOf('zhong'));
    expect(visibleCandidates(bei)[0]?.text).toBe(firstOf('bei'));
    expect(firstOf('zhong')).not.toBe(firstOf('bei'));
    expect(visibleCandidates(initKeyboard('pinyin', ''))).toEqual([]);
  });
});
