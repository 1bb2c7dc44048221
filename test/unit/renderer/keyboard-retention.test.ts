import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { initKeyboard, keyboardReducer, visibleCandidates, type KeyboardState } from '../../../renderer/src/keyboard/keyboard-state.ts';
import type { Candidate } from '../../../renderer/src/keyboard/pinyin.ts';

// A real collection, so the test sees what the heap keeps rather than what the code intends.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const typed = (letters: string): KeyboardState =>
  [...letters].reduce((state, key) => keyboardReducer(state, { type: 'key', key }), initKeyboard('pinyin', ''));

describe('pinyin keyboard memory', () => {
  it('keeps nothing of a composition once its keyboard state is gone (a citizen who leaves mid-word)', async () => {
    // In a function of its own, so that no local of this test holds the state or a candidate.
    const candidate = ((): WeakRef<Candidate> => {
      const first = visibleCandidates(typed('bei'))[0];
      expect(first?.text).toBe('被');
      return new WeakRef(first!);
    })();
    // A WeakRef holds its target until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(candidate.deref()).toBeUndefined();
  });

  it('still answers each state with its own candidates', () => {
    const bei = typed('bei');
    const zhong = typed('zhong');
    expect(visibleCandidates(zhong)[0]?.text).toBe('中');
    expect(visibleCandidates(bei)[0]?.text).toBe('被');
    expect(visibleCandidates(initKeyboard('pinyin', ''))).toEqual([]);
  });
});
