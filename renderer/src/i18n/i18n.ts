/**
 * i18next with every locale pack bundled at build time: a kiosk must not fetch strings at run
 * time. Packs are discovered with import.meta.glob, so a hall adds a language by dropping
 * `resources/locales/<tag>.json` next to the others and rebuilding; no code changes.
 * All packs are eager: each is a few KB gzipped, and the switch must answer instantly.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { BASE_LOCALE, buildLocaleRegistry, type LocaleMeta } from './locale-registry.ts';

const packs = buildLocaleRegistry(
  import.meta.glob('../../../resources/locales/*.json', { eager: true, import: 'default' }),
);

export const DEFAULT_LOCALE = BASE_LOCALE;
export const LOCALES: readonly LocaleMeta[] = packs.map((pack) => pack.meta);
export const LOCALE_TAGS: readonly string[] = LOCALES.map((meta) => meta.tag);

export const localeMeta = (tag: string): LocaleMeta =>
  LOCALES.find((meta) => meta.tag === tag) ?? LOCALES.find((meta) => meta.tag === BASE_LOCALE) ?? {
    tag: BASE_LOCALE,
    name: BASE_LOCALE,
    dir: 'ltr',
    fallback: BASE_LOCALE,
    speechLang: BASE_LOCALE,
  };

export const isLocaleTag = (value: unknown): value is string => typeof value === 'string' && LOCALE_TAGS.includes(value);

export function initI18n(): typeof i18next {
  const fallbackLng: Record<string, string[]> = { default: [BASE_LOCALE] };
  for (const meta of LOCALES) {
    if (meta.tag !== BASE_LOCALE) fallbackLng[meta.tag] = [...new Set([meta.fallback, BASE_LOCALE])];
  }
  void i18next.use(initReactI18next).init({
    resources: Object.fromEntries(packs.map((pack) => [pack.meta.tag, { translation: pack.strings }])),
    lng: DEFAULT_LOCALE,
    fallbackLng,
    supportedLngs: [...LOCALE_TAGS],
    initAsync: false,
    // Keys come from the core too (tile titles); a colon in one must not select a namespace.
    nsSeparator: false,
    interpolation: { escapeValue: false }, // React escapes
  });
  const syncLang = (language: string): void => {
    document.documentElement.lang = language;
    document.documentElement.dir = localeMeta(language).dir;
    document.title = i18next.t('app.title');
  };
  syncLang(i18next.language);
  i18next.on('languageChanged', syncLang);
  return i18next;
}
