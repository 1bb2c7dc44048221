/**
 * Initials-only abbreviations over the real dictionary: "zg" → 中国, "bj" → 北京, zh/ch/sh typed
 * whole, polyphones and ambiguous splits read right, and the start of a syllable still offers its
 * characters first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { candidates } from '../../../../renderer/src/keyboard/pinyin.ts';
import { loadPinyinDictionary, type PinyinDictionary } from '../../../../renderer/src/keyboard/pinyin-dictionary.ts';
import { abbreviated, buildInitialsIndex, MAX_ABBREVIATED, readings } from '../../../../renderer/src/keyboard/pinyin-initials.ts';

let dictionary: PinyinDictionary;
beforeAll(async () => {
  dictionary = await loadPinyinDictionary();
});

const texts = (letters: string): string[] => candidates(letters, dictionary).map((c) => c.text);
const rank = (letters: string, text: string): number => texts(letters).indexOf(text);

describe('pinyin initials', () => {
  it('offers the common phrases of a two-letter abbreviation first: 这个 and 中国, 北京, 政府', () => {
    expect(rank('zg', '中国')).toBeLessThan(2);
    expect(rank('zg', '这个')).toBeLessThan(2);
    expect(rank('bj', '北京')).toBe(0);
    expect(rank('zf', '政府')).toBe(0);
  });

  it('reaches longer phrases and the words of a kiosk: 北京市, 身份证, 公安局', () => {
    expect(rank('bjs', '北京市')).toBeLessThan(3);
    expect(rank('sfz', '身份证')).toBeLessThan(3);
    expect(texts('gaj')).toContain('公安局');
  });

  it('takes zh, ch and sh typed whole as one initial', () => {
    expect(rank('zhg', '中国')).toBeLessThan(8);
    expect(abbreviated('chch', dictionary)).toContain('长城');
  });

  it('replaces all the letters with the phrase it picks', () => {
    const zhongguo = candidates('zg', dictionary).find((c) => c.text === '中国');
    expect(zhongguo).toEqual({ text: '中国', consumes: 2 });
  });

  it('reads each character with the syllable that spells the phrase: 西安 is xi + an, 银行 is yin + hang', () => {
    const index = buildInitialsIndex(dictionary);
    expect(index.byInitials.get('xa')).toContain('西安');
    expect(index.byInitials.get('yh')).toContain('银行');
    const readingsOf = (char: string) => [...dictionary.syllables].filter(([, chars]) => chars.includes(char)).map(([syllable]) => syllable);
    expect(readings('xian', ['西', '安'], readingsOf)).toEqual(['xi', 'an']);
    expect(readings('yinhang', ['银', '行'], readingsOf)).toEqual(['yin', 'hang']);
    expect(readings('yinhang', ['银', '西'], readingsOf)).toBeNull();
  });

  it('keeps the start of a syllable a syllable: "sh" offers 是 and 上 before any phrase, and a full spelling is untouched', () => {
    const sh = texts('sh');
    const firstPhrase = sh.findIndex((t) => [...t].length > 1);
    expect(sh.indexOf('是')).toBeLessThan(firstPhrase === -1 ? Infinity : firstPhrase);
    expect(texts('zhang')[0]).toBe('张');
    expect(texts('beijing')[0]).toBe('北京');
  });

  it('builds only the first letter a lookup needs, and the whole index is the same parts', () => {
    const whole = buildInitialsIndex(dictionary);
    expect(whole.byInitials.get('zg')).toEqual(abbreviated('zg', dictionary));
    expect(whole.byInitials.get('bj')?.[0]).toBe('北京');
  });

  it('needs two letters, and lists a bounded number of phrases', () => {
    expect(abbreviated('z', dictionary)).toEqual([]);
    expect(abbreviated('zg', dictionary).length).toBeLessThanOrEqual(MAX_ABBREVIATED);
    expect(abbreviated('qqqq', dictionary)).toEqual([]);
  });
});
