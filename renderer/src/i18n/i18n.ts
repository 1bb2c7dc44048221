/**
 * i18next with both locales bundled statically: a kiosk must not fetch strings at runtime,
 * and the two files are small.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../electron/contract/kiosk-api.ts';
import enUS from '../../../resources/locales/en-US.json';
import zhCN from '../../../resources/locales/zh-CN.json';

export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const otherLocale = (locale: Locale): Locale => (locale === 'zh-CN' ? 'en-US' : 'zh-CN');

export const isLocale = (value: unknown): value is Locale => value === 'zh-CN' || value === 'en-US';

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: ['zh-CN', 'en-US'],
    initAsync: false,
    // Keys come from the core too (tile titles); a colon in one must not select a namespace.
    nsSeparator: false,
    interpolation: { escapeValue: false }, // React escapes
  });
  const syncLang = (language: string): void => {
    document.documentElement.lang = language;
    document.title = i18next.t('app.title');
  };
  syncLang(i18next.language);
  i18next.on('languageChanged', syncLang);
  return i18next;
}
