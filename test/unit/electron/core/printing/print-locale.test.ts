import { describe, expect, it } from 'vitest';
import { printLocale } from '../../../../../electron/core/printing/print-locale.ts';
import { shippedPrintTexts } from '../../../../support/shipped-print-texts.ts';

describe('printLocale', () => {
  it('prints English for English screens and Chinese for every other language', () => {
    expect(printLocale('en-US')).toBe('en-US');
    expect(printLocale('en-GB')).toBe('en-US');
    expect(printLocale('en')).toBe('en-US');
    expect(printLocale('zh-CN')).toBe('zh-CN');
    // A hall's minority-language default still gets receipts every office accepts.
    expect(printLocale('ug-CN')).toBe('zh-CN');
    expect(printLocale('bo-CN')).toBe('zh-CN');
    expect(printLocale('eng-XX')).toBe('zh-CN');
  });

  it('always names a language the shipped print packs have', () => {
    for (const tag of ['zh-CN', 'en-US', 'ug-CN', 'mn-CN', 'zh-Hant-HK']) expect(shippedPrintTexts().locales).toContain(printLocale(tag));
  });
});
