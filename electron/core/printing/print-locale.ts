/**
 * The language of the official documents (the credit receipt and the A4 credit report): an office
 * accepts them in Chinese, so only an English screen gets them in English and every other language
 * (a hall's minority-language pack included) gets Chinese. Service slips are not official
 * documents: they follow the citizen's screen language (PrintTexts.slip).
 */
import type { Locale, LocaleTag } from '../../contract/kiosk-api.ts';

export function printLocale(tag: LocaleTag): Locale {
  return tag === 'en' || tag.startsWith('en-') ? 'en-US' : 'zh-CN';
}
