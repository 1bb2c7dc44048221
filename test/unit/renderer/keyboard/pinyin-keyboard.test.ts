import { beforeAll, describe, expect, it } from 'vitest';
import { initKeyboard, keyboardReducer, PAGE_SIZE, visibleCandidates, type KeyboardAction, type KeyboardState } from '../../../../renderer/src/keyboard/keyboard-state.ts';
import { candidates, firstSyllable, segment } from '../../../../renderer/src/keyboard/pinyin.ts';
import {
  loadPinyinDictionary,
  parsePinyinDictionary,
  PinyinDictionaryFormatError,
  type PinyinDictionary,
} from '../../../../renderer/src/keyboard/pinyin-dictionary.ts';

let dictionary: PinyinDictionary;
beforeAll(async () => {
  dictionary = await loadPinyinDictionary();
});

const press = (state: KeyboardState, ...actions: Array<KeyboardAction | string>): KeyboardState =>
  actions.reduce<KeyboardState>(
    (s, a) => (typeof a === 'string' ? [...a].reduce((t, key) => keyboardReducer(t, { type: 'key', key }), s) : keyboardReducer(s, a)),
    state,
  );
const pick = (state: KeyboardState, text: string): KeyboardState => {
  const index = visibleCandidates(state).findIndex((c) => c.text === text);
  expect(index, `${text} among ${visibleCandidates(state).map((c) => c.text).join('')}`).toBeGreaterThanOrEqual(0);
  return keyboardReducer(state, { type: 'pick', index });
};
const texts = (letters: string): string[] => candidates(letters, dictionary).map((c) => c.text);

describe('pinyin dictionary', () => {
  it('covers the characters names use: more than 20,000 distinct characters', () => {
    expect(dictionary.characterCount).toBeGreaterThanOrEqual(20_000);
    expect(dictionary.syllables.size).toBeGreaterThan(400);
  });

  it('reaches the rare name characters, each within the first pages of its syllable', () => {
    for (const [syllable, char] of [
      ['kun', '堃'], ['sheng', '昇'], ['jun', '珺'], ['yue', '玥'], ['yi', '燚'], ['ben', '犇'],
      ['miao', '淼'], ['zhe', '喆'], ['yun', '赟'], ['yu', '彧'], ['chong', '翀'], ['chang', '昶'],
    ] as const) {
      const rank = dictionary.syllables.get(syllable)?.indexOf(char) ?? -1;
      expect(rank, `${char} under ${syllable}`).toBeGreaterThanOrEqual(0);
      expect(rank, `${char} under ${syllable}`).toBeLessThan(5 * PAGE_SIZE);
    }
  });

  it('orders each syllable by frequency, surnames first in their own reading', () => {
    const first = (syllable: string): string | undefined => dictionary.syllables.get(syllable)?.[0];
    expect(first('zhang')).toBe('张');
    expect(first('wang')).toBe('王');
    expect(first('de')).toBe('的');
    expect(first('shi')).toBe('是');
    expect(first('zhong')).toBe('中');
    const zhang = dictionary.syllables.get('zhang') ?? [];
    // 長 (traditional) and 鏱 (rare) come after the common characters of the syllable.
    expect(zhang.indexOf('章')).toBeLessThan(zhang.indexOf('璋'));
    expect(zhang.indexOf('张')).toBeLessThan(zhang.indexOf('張'));
  });

  it('keeps every reading of a polyphone (长 under chang and zhang; 绿 under lv and lu)', () => {
    expect(dictionary.syllables.get('chang')).toContain('长');
    expect(dictionary.syllables.get('zhang')).toContain('长');
    expect(dictionary.syllables.get('lv')).toContain('绿');
    expect(dictionary.syllables.get('lu')).toContain('绿');
    expect(dictionary.syllables.get('nv')?.[0]).toBe('女');
  });

  it('holds only syllables of latin letters and Han characters, each character once per syllable', () => {
    for (const [syllable, chars] of dictionary.syllables) {
      expect(syllable).toMatch(/^[a-z]{1,6}$/);
      expect(new Set(chars).size).toBe(chars.length);
      for (const char of chars) expect(char).toMatch(/^\p{Script=Han}$/u);
    }
    expect(dictionary.words.get('kunming')?.[0]).toBe('昆明');
  });
});

describe('pinyin dictionary text', () => {
  it('refuses a malformed line with its number instead of dropping a syllable', () => {
    expect(() => parsePinyinDictionary('=a\t啊\nzhang 张\n')).toThrow(/line 2/);
    expect(() => parsePinyinDictionary('=a\t\n')).toThrow(PinyinDictionaryFormatError);
    expect(() => parsePinyinDictionary('*a\t啊\n')).toThrow(/unknown entry kind/);
    expect(() => parsePinyinDictionary('+beijing\t北京\n')).toThrow(/no syllables/);
  });

  it('reads syllables, words and prefixes from a small text', () => {
    const small = parsePinyinDictionary('=zhang\t张章\n=zhi\t之\n+zhangsan\t张三\n');
    expect(small.syllables.get('zhang')).toEqual(['张', '章']);
    expect(small.words.get('zhangsan')).toEqual(['张三']);
    expect(small.syllablesByPrefix.get('zh')).toEqual(['zhang', 'zhi']);
    expect(small.characterCount).toBe(3);
  });
});

describe('pinyin composition', () => {
  it('splits letters into the longest syllables, keeping an unfinished tail', () => {
    expect(segment('zhangsan', dictionary)).toEqual(['zhang', 'san']);
    expect(segment('xian', dictionary)).toEqual(['xian']);
    expect(segment('zh', dictionary)).toEqual(['zh']);
    expect(firstSyllable('qqq', dictionary)).toBeNull();
  });

  it('offers a whole word first, then characters of the first syllable, each consuming its letters', () => {
    const list = candidates('beijing', dictionary);
    expect(list[0]).toEqual({ text: '北京', consumes: 7 });
    expect(list).toContainEqual({ text: dictionary.syllables.get('bei')?.[0], consumes: 3 });
  });

  it('offers the shorter reading too (xian is also xi + an)', () => {
    const list = candidates('xian', dictionary);
    expect(list.find((c) => c.text === '现')?.consumes).toBe(4);
    expect(list.find((c) => c.text === '西安')?.consumes).toBe(4);
    expect(list.find((c) => c.text === '西')?.consumes).toBe(2);
  });

  it('completes an initial that is not a syllable yet, the commonest character of each syllable first', () => {
    const firsts = ['zhi', 'zhong', 'zhang', 'zhe'].map((syllable) => dictionary.syllables.get(syllable)?.[0]);
    const list = texts('zh');
    expect(list.slice(0, dictionary.syllablesByPrefix.get('zh')?.length)).toEqual(expect.arrayContaining(firsts));
    expect(list.length).toBeGreaterThan(PAGE_SIZE);
  });

  it('has nothing for letters that spell nothing', () => {
    expect(candidates('vvv', dictionary)).toEqual([]);
    expect(candidates('', dictionary)).toEqual([]);
  });
});

describe('phrase candidates', () => {
  it('composes a name from the commonest character of each syllable (zhangsan → 张三 first)', () => {
    expect(candidates('zhangsan', dictionary)[0]).toEqual({ text: '张三', consumes: 8 });
    // No word spans the syllables: the commonest character of each, in order.
    expect(dictionary.words.has('wangfang')).toBe(false);
    expect(texts('wangfang')[0]).toBe(`${dictionary.syllables.get('wang')?.[0]}${dictionary.syllables.get('fang')?.[0]}`);
  });

  it('uses dictionary words inside a longer spelling, and offers the words of its first syllables', () => {
    expect(texts('beijingshi')[0]).toBe('北京市');
    expect(candidates('beijingshi', dictionary)).toContainEqual({ text: '北京', consumes: 7 });
    expect(texts('shenfenzheng')[0]).toBe('身份证');
    expect(texts('youxiangongsi')[0]).toBe('有限公司');
    expect(texts('kunmingshi')[0]).toBe('昆明市');
  });

  it('composes over an unfinished last syllable too', () => {
    const first = candidates('beijingc', dictionary)[0];
    expect(first?.consumes).toBe(8);
    expect(first?.text.startsWith('北京')).toBe(true);
  });
});

describe('keyboard reducer', () => {
  it('types a name by picking a character per syllable (张三)', () => {
    let s = press(initKeyboard('pinyin', ''), 'zhangsan');
    expect(s.composing).toBe('zhangsan');
    s = pick(s, '张');
    expect(s).toMatchObject({ value: '张', composing: 'san' });
    s = pick(s, '三');
    expect(s).toMatchObject({ value: '张三', composing: '' });
  });

  it('types a name in one pick from its phrase candidate', () => {
    const s = pick(press(initKeyboard('pinyin', ''), 'zhangsan'), '张三');
    expect(s).toMatchObject({ value: '张三', composing: '' });
  });

  it('space picks the first candidate; backspace removes a letter before a character', () => {
    let s = press(initKeyboard('pinyin', '北京'), 'shi');
    s = keyboardReducer(s, { type: 'backspace' });
    expect(s).toMatchObject({ value: '北京', composing: 'sh' });
    s = press(s, 'i', { type: 'space' });
    expect(s.value).toBe(`北京${dictionary.syllables.get('shi')?.[0]}`);
    s = keyboardReducer(s, { type: 'backspace' });
    expect(s.value).toBe('北京');
  });

  it('holds digits and symbols back while a composition is open', () => {
    const s = press(initKeyboard('pinyin', ''), 'ha', '8');
    expect(s).toMatchObject({ value: '', composing: 'ha' });
    expect(press(initKeyboard('pinyin', ''), '8·').value).toBe('8·');
  });

  it('pages through candidates and refuses pages that do not exist', () => {
    let s = press(initKeyboard('pinyin', ''), 'zh');
    expect(visibleCandidates(s)).toHaveLength(PAGE_SIZE);
    const first = visibleCandidates(s).map((c) => c.text);
    s = keyboardReducer(s, { type: 'page', delta: 1 });
    expect(s.page).toBe(1);
    expect(visibleCandidates(s).map((c) => c.text)).not.toEqual(first);
    expect(keyboardReducer(keyboardReducer(s, { type: 'page', delta: -1 }), { type: 'page', delta: -1 }).page).toBe(0);
  });

  it('reaches a rare name character by paging (燚, page after page of "yi")', () => {
    let s = press(initKeyboard('pinyin', '王'), 'yi');
    while (!visibleCandidates(s).some((c) => c.text === '燚')) {
      const next = keyboardReducer(s, { type: 'page', delta: 1 });
      expect(next.page, 'ran out of pages before 燚').toBe(s.page + 1);
      s = next;
    }
    expect(pick(s, '燚').value).toBe('王燚');
  });

  it('latin mode types capitals straight into the field (names in Latin script)', () => {
    const s = press(keyboardReducer(initKeyboard('pinyin', ''), { type: 'toggleLatin' }), 'smith');
    expect(s).toMatchObject({ value: 'SMITH', composing: '' });
  });

  it('lets a digit pad hold digits only, an ID pad an X, and extra keys only when the field allows them', () => {
    expect(press(initKeyboard('digits', ''), '12a-X3').value).toBe('123');
    expect(press(initKeyboard('id-number', ''), '11010x').value).toBe('11010X');
    expect(press(initKeyboard('digits', '', 20, '-'), '0871-123').value).toBe('0871-123');
    expect(press(initKeyboard('alphanumeric', ''), 'ab-9').value).toBe('AB9');
  });

  it('never exceeds the field length, counting characters not UTF-16 units', () => {
    expect(press(initKeyboard('digits', '', 3), '12345').value).toBe('123');
    let s = press(initKeyboard('pinyin', '北京', 3), 'shi');
    s = pick(s, '市');
    expect(s.value).toBe('北京市');
    expect(press(s, 'a').composing).toBe('');
    expect(initKeyboard('pinyin', '北京市朝阳', 3).value).toBe('北京市');
    // A phrase longer than the room left is cut to the room, never past it.
    expect(pick(press(initKeyboard('pinyin', '北', 3), 'youxiangongsi'), '有限公司').value).toBe('北有限');
  });

  it('clear empties the value and the composition', () => {
    expect(keyboardReducer(press(initKeyboard('pinyin', '北京'), 'zh'), { type: 'clear' })).toMatchObject({ value: '', composing: '', page: 0 });
  });
});
