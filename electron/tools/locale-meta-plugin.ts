/**
 * `resources/locales/<tag>.json?locale-meta`: only the pack's `_meta` block (name, direction,
 * fallback, voice), as a module of its own. The renderer imports every pack's meta eagerly (the
 * language switch names the languages at once) but the packs of the other languages lazily
 * (renderer/src/i18n/i18n.ts); without the query the meta import would pull each whole pack into
 * the initial bundle. A pack that is not valid JSON gives `undefined`: the registry then skips it.
 */
import type { Plugin } from 'vite';

export const LOCALE_META_QUERY = '?locale-meta';

export function localeMeta(): Plugin {
  return {
    name: 'bianmin-locale-meta',
    enforce: 'pre',
    transform: {
      filter: { id: /\.json\?locale-meta$/ },
      handler(code) {
        let meta: unknown;
        try {
          meta = (JSON.parse(code) as { _meta?: unknown })._meta;
        } catch {
          meta = undefined;
        }
        return { code: `export default ${JSON.stringify(meta ?? null)};`, moduleType: 'js', map: null };
      },
    },
  };
}
