/**
 * i18next with every locale pack bundled at build time: a kiosk must not fetch strings from the
 * network. Packs are discovered with import.meta.glob, so a hall adds a language by dropping
 * `resources/locales/<tag>.json` next to the others and rebuilding; no code changes.
 *
 * Only the base language's main pack is in the initial bundle (issue 12: the initial JS must not
 * grow). The other languages' packs are chunks of the same build, read from disk or loopback:
 * prefetched right after the first paint (prefetchLanguages), so the language switch still
 * answers at once, and if a citizen is quicker than that, i18next switches once the pack is in
 * (a few ms), never showing raw keys. Every pack's `_meta` (name, direction) is eager: the switch
 * names the languages before any is loaded. Services' and lazy capabilities' strings live in
 * their own files (resources/locales/services|capabilities/…) and load with their chunk
 * (loadStrings, see services/service-strings.ts).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import basePack from '../../../resources/locales/zh-CN.json';
import { LazyStrings } from './lazy-strings.ts';
import { BASE_LOCALE, buildLocaleRegistry, parsePack, type LocaleMeta } from './locale-registry.ts';

// Only each pack's `_meta` (electron/tools/locale-meta-plugin.ts), so the switch can name them all.
const metas = buildLocaleRegistry(
  Object.fromEntries(
    Object.entries(import.meta.glob('../../../resources/locales/*.json', { eager: true, query: '?locale-meta', import: 'default' })).map(
      ([path, meta]) => [path, meta === null || meta === undefined ? {} : { _meta: meta }],
    ),
  ),
);
const lazyPacks = import.meta.glob(['../../../resources/locales/*.json', '!../../../resources/locales/zh-CN.json'], { import: 'default' });
const stringFiles = import.meta.glob('../../../resources/locales/{services,capabilities}/*/*.json', { import: 'default' });

export const DEFAULT_LOCALE = BASE_LOCALE;
export const LOCALES: readonly LocaleMeta[] = metas.map((pack) => pack.meta);
export const LOCALE_TAGS: readonly string[] = LOCALES.map((meta) => meta.tag);

const lazyStrings = new LazyStrings(
  i18next,
  Object.fromEntries(Object.entries(lazyPacks).map(([path, load]) => [path.split('/').pop()?.replace(/\.json$/, '') ?? '', load])),
  stringFiles,
  LOCALE_TAGS,
);

export const localeMeta = (tag: string): LocaleMeta =>
  LOCALES.find((meta) => meta.tag === tag) ?? LOCALES.find((meta) => meta.tag === BASE_LOCALE) ?? {
    tag: BASE_LOCALE,
    name: BASE_LOCALE,
    dir: 'ltr',
    fallback: BASE_LOCALE,
    speechLang: BASE_LOCALE,
  };

export const isLocaleTag = (value: unknown): value is string => typeof value === 'string' && LOCALE_TAGS.includes(value);

/** Loads string files (e.g. 'services/traffic-violation') in every language; see lazy-strings.ts. */
export const loadStrings = (folders: readonly string[]): Promise<void> => lazyStrings.load(folders);
export const hasStrings = (folder: string): boolean => lazyStrings.has(folder);

export function initI18n(): typeof i18next {
  const fallbackLng: Record<string, string[]> = { default: [BASE_LOCALE] };
  for (const meta of LOCALES) {
    if (meta.tag !== BASE_LOCALE) fallbackLng[meta.tag] = [...new Set([meta.fallback, BASE_LOCALE])];
  }
  void i18next
    .use(lazyStrings.backend())
    .use(initReactI18next)
    .init({
      resources: { [BASE_LOCALE]: { translation: parsePack(BASE_LOCALE, basePack)?.strings ?? {} } },
      // The base pack is bundled, the others come from the backend.
      partialBundledLanguages: true,
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

/** After the first paint: the other languages' packs, so the switch does not wait for them. */
export function prefetchLanguages(): void {
  requestAnimationFrame(() => setTimeout(() => void i18next.loadLanguages(LOCALE_TAGS.filter((tag) => tag !== BASE_LOCALE)), 0));
}
