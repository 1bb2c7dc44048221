/** zh-CN is the console's default language; en-US is bundled too (no string is fetched at run time). */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from './locales/en-US.json';
import zhCN from './locales/zh-CN.json';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
const STORAGE_KEY = 'console.lang';

export function initI18n(): typeof i18next {
  const saved = localStorage.getItem(STORAGE_KEY);
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
    lng: saved === 'en-US' ? 'en-US' : 'zh-CN',
    fallbackLng: 'zh-CN',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return i18next;
}

export function setLanguage(lang: (typeof LANGUAGES)[number]): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}
