/**
 * Receipts and printed reports exist in Chinese and English only. They are official documents:
 * a terminal whose screen defaults to another language (a hall's minority-language pack) prints
 * them in Chinese, the language every office accepts; English tags print in English.
 */
import type { Locale, LocaleTag } from '../../contract/kiosk-api.ts';

export function printLocale(tag: LocaleTag): Locale {
  return tag === 'en' || tag.startsWith('en-') ? 'en-US' : 'zh-CN';
}
