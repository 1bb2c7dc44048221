import { describe, expect, it } from 'vitest';
import { buildPinyinDictionary, renderDictionaryModule } from '../../../../../renderer/src/keyboard/dictionary/build-pinyin-dictionary.ts';
import { dictionarySourcesProvenance, loadDictionarySources } from './pinyin-dictionary-sources.ts';

describe('pinyin dictionary source', () => {
  // Parsing 18 MB of rated words and asking pinyin-pro about every Han code point takes seconds.
  it('is exactly what the pinned pinyin-pro and @pinyin-pro/data give (--update rebuilds it)', { timeout: 180_000 }, async () => {
    const text = buildPinyinDictionary(loadDictionarySources());
    await expect(renderDictionaryModule(text, dictionarySourcesProvenance())).toMatchFileSnapshot('../../../../../renderer/src/keyboard/dictionary/pinyin-dictionary.generated.ts');
  });
});
