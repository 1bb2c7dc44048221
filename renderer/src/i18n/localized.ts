/**
 * Content the core sends from the hall's resources (guides, commitment texts, form labels) comes
 * as LocalizedText: one string per locale, zh-CN always present. A minority-language pack falls
 * back through its declared fallback, then to zh-CN, exactly like the UI strings.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../electron/contract/service-api.ts';
import { localeMeta } from './i18n.ts';
import { pickText } from './pick-text.ts';

/** `lt(text)`: the LocalizedText in the citizen's current language. */
export function useLocalized(): (text: LocalizedText | undefined) => string {
  const { i18n } = useTranslation();
  const tag = i18n.language;
  return useCallback((text: LocalizedText | undefined) => pickText(text, tag, localeMeta(tag).fallback), [tag]);
}
