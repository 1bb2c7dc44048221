/**
 * Locale packs: every `resources/locales/<tag>.json` found at build time is a language of the
 * touch UI. A pack is the UI's string tree plus an optional `_meta` block (see
 * resources/locales/README.md); keys it lacks fall back to its `fallback` language (zh-CN by
 * default), so a hall can ship a partial minority-language pack without touching code.
 *
 * Pure: it takes the module record that `import.meta.glob` produced, so tests can feed packs.
 */
export interface LocaleMeta {
  /** BCP 47 tag, from the file name (e.g. 'ug-CN'). */
  tag: string;
  /** The language's own name, shown on the language switch. */
  name: string;
  dir: 'ltr' | 'rtl';
  /** Language of the keys this pack lacks. */
  fallback: string;
  /** Voice language for speech synthesis (defaults to the tag). */
  speechLang: string;
}

export type StringTree = { [key: string]: string | StringTree };

export interface LocalePack {
  meta: LocaleMeta;
  strings: StringTree;
}

export const BASE_LOCALE = 'zh-CN';
/** Shipped first on the switch, in this order; packs added by a hall follow alphabetically. */
const BUILT_IN_ORDER = ['zh-CN', 'en-US'];

const TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const isTree = (value: unknown): value is StringTree =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string' || isTree(v));

/** './x/y/ug-CN.json' → 'ug-CN'. */
export const tagOfPath = (path: string): string => (path.split('/').pop() ?? '').replace(/\.json$/, '');

/**
 * Packs from a glob record (path → parsed JSON). A file that is not a valid pack is skipped with
 * a console warning rather than breaking the kiosk: the base languages are always there.
 */
export function buildLocaleRegistry(modules: Record<string, unknown>): LocalePack[] {
  const packs: LocalePack[] = [];
  for (const [path, content] of Object.entries(modules)) {
    const tag = tagOfPath(path);
    const pack = parsePack(tag, content);
    if (pack === null) console.warn(`locale pack ${path} ignored: not a valid pack`);
    else packs.push(pack);
  }
  const rank = (tag: string): number => {
    const index = BUILT_IN_ORDER.indexOf(tag);
    return index === -1 ? BUILT_IN_ORDER.length : index;
  };
  return packs.sort((a, b) => rank(a.meta.tag) - rank(b.meta.tag) || a.meta.tag.localeCompare(b.meta.tag));
}

export function parsePack(tag: string, content: unknown): LocalePack | null {
  if (!TAG.test(tag) || !isTree(content)) return null;
  const { _meta: rawMeta, ...strings } = content;
  const meta = typeof rawMeta === 'object' ? rawMeta : {};
  const text = (key: string): string | undefined => {
    const value = meta[key];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const fallback = text('fallback') ?? BASE_LOCALE;
  return {
    meta: {
      tag,
      name: text('name') ?? tag,
      dir: text('dir') === 'rtl' ? 'rtl' : 'ltr',
      fallback: fallback === tag ? BASE_LOCALE : fallback,
      speechLang: text('speechLang') ?? tag,
    },
    strings,
  };
}

/** The language the switch offers next: with two languages a toggle, with more the menu decides. */
export const nextLocale = (tags: readonly string[], current: string): string => {
  const index = tags.indexOf(current);
  return tags[(index + 1) % tags.length] ?? BASE_LOCALE;
};
