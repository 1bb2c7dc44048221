import { describe, expect, it } from 'vitest';
import { initKeyboard, keyboardReducer, type KeyboardAction, type KeyboardState } from '../../../../renderer/src/keyboard/keyboard-state.ts';

const run = (state: KeyboardState, ...actions: KeyboardAction[]): KeyboardState => actions.reduce(keyboardReducer, state);

describe('the keyboard in handwriting mode (手写)', () => {
  it('switches a pinyin field to handwriting and back, dropping letters being composed', () => {
    const composing = run(initKeyboard('pinyin', '北'), { type: 'key', key: 'j' });
    const writing = keyboardReducer(composing, { type: 'toggleHandwriting' });
    expect(writing).toMatchObject({ handwriting: true, composing: '', value: '北' });
    expect(keyboardReducer(writing, { type: 'toggleHandwriting' }).handwriting).toBe(false);
  });

  it('inserts a picked character, within the field length', () => {
    const writing = run(initKeyboard('pinyin', '', 2), { type: 'toggleHandwriting' });
    expect(run(writing, { type: 'insert', text: '中' }, { type: 'insert', text: '国' }, { type: 'insert', text: '人' }).value).toBe('中国');
  });

  it('accepts one Han character only, and only in a pinyin field', () => {
    const writing = run(initKeyboard('pinyin', ''), { type: 'toggleHandwriting' });
    expect(run(writing, { type: 'insert', text: 'a' }, { type: 'insert', text: '中国' }, { type: 'insert', text: '' }).value).toBe('');
    expect(run(initKeyboard('digits', ''), { type: 'toggleHandwriting' }, { type: 'insert', text: '中' })).toMatchObject({ value: '', handwriting: false });
  });

  it('leaves Latin mode when handwriting starts, and handwriting when Latin starts', () => {
    const latin = run(initKeyboard('pinyin', ''), { type: 'toggleLatin' });
    expect(keyboardReducer(latin, { type: 'toggleHandwriting' })).toMatchObject({ latin: false, handwriting: true });
    const writing = run(initKeyboard('pinyin', ''), { type: 'toggleHandwriting' });
    expect(keyboardReducer(writing, { type: 'toggleLatin' })).toMatchObject({ latin: true, handwriting: false });
  });
});
