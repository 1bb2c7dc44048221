import { describe, expect, it } from 'vitest';
import { initKeyboard, keyboardReducer, PAGE_SIZE, visibleCandidates, type KeyboardAction, type KeyboardState } from '../../../renderer/src/keyboard/keyboard-state.ts';
import { candidates, firstSyllable, segment } from '../../../renderer/src/keyboard/pinyin.ts';
import { PINYIN_TABLE_STATS, SYLLABLES, WORDS } from '../../../renderer/src/keyboard/pinyin-table.ts';

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

describe('built-in pinyin table', () => {
  it('is small and says how small', () => {
    expect(PINYIN_TABLE_STATS.syllables).toBe(SYLLABLES.size);
    expect(PINYIN_TABLE_STATS.characters).toBeGreaterThan(1000);
    expect(PINYIN_TABLE_STATS.characters).toBeLessThan(3000);
    expect(PINYIN_TABLE_STATS.words).toBe(new Set([...WORDS.values()].flat()).size);
  });

  it('holds only syllables of latin letters and Chinese characters, each character once per syllable', () => {
    for (const [syllable, chars] of SYLLABLES) {
      expect(syllable).toMatch(/^[a-z]{1,6}$/);
      expect(new Set(chars).size).toBe(chars.length);
      for (const char of chars) expect(char).toMatch(/^\p{Script=Han}$/u);
    }
  });

  it('has the commonest surnames and the words of addresses and forms', () => {
    for (const [syllable, char] of [['wang', '王'], ['li', '李'], ['zhang', '张'], ['liu', '刘'], ['chen', '陈'], ['shi', '市'], ['lu', '路'], ['hao', '号'], ['nv', '女'], ['lv', '吕']]) {
      expect(SYLLABLES.get(syllable ?? '')).toContain(char);
    }
    expect(WORDS.get('beijing')).toEqual(['北京']);
    expect(WORDS.get('kunming')).toEqual(['昆明']);
  });
});

describe('pinyin composition', () => {
  it('splits letters into the longest table syllables, keeping an unfinished tail', () => {
    expect(segment('zhangsan')).toEqual(['zhang', 'san']);
    expect(segment('xian')).toEqual(['xian']);
    expect(segment('zh')).toEqual(['zh']);
    expect(firstSyllable('qqq')).toBeNull();
  });

  it('offers a whole word first, then characters of the first syllable, each consuming its letters', () => {
    const list = candidates('beijing');
    expect(list[0]).toEqual({ text: '北京', consumes: 7 });
    expect(list[1]).toEqual({ text: SYLLABLES.get('bei')?.[0], consumes: 3 });
  });

  it('offers the shorter reading too (xian is also xi + an)', () => {
    const list = candidates('xian');
    expect(list.find((c) => c.text === '现')?.consumes).toBe(4);
    expect(list.find((c) => c.text === '西')?.consumes).toBe(2);
  });

  it('completes an initial that is not a syllable yet, the commonest character of each syllable first', () => {
    const list = candidates('zh').map((c) => c.text);
    expect(list.slice(0, 5)).toEqual(expect.arrayContaining(['炸', '宅', '展', '张']));
    expect(list).toContain('中');
  });

  it('has nothing for letters that spell nothing', () => {
    expect(candidates('vvv')).toEqual([]);
    expect(candidates('')).toEqual([]);
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

  it('space picks the first candidate; backspace removes a letter before a character', () => {
    let s = press(initKeyboard('pinyin', '北京'), 'shi');
    s = keyboardReducer(s, { type: 'backspace' });
    expect(s).toMatchObject({ value: '北京', composing: 'sh' });
    s = press(s, 'i', { type: 'space' });
    expect(s.value).toBe(`北京${SYLLABLES.get('shi')?.[0]}`);
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
  });

  it('clear empties the value and the composition', () => {
    expect(keyboardReducer(press(initKeyboard('pinyin', '北京'), 'zh'), { type: 'clear' })).toMatchObject({ value: '', composing: '', page: 0 });
  });
});
