/**
 * Strings that arrive after start-up, so the initial bundle holds only the base language's shell
 * strings (issue 12: the initial JS must not grow):
 * - the other languages' main packs, read through an i18next backend, so `changeLanguage`
 *   resolves (and the screen switches) only once the pack is in: never a raw key;
 * - the string files of services and lazy capabilities (resources/locales/<folder>/<tag>.json),
 *   added for every language when the chunk that needs them loads.
 *
 * Pure of Vite: it takes the loaders `import.meta.glob` produced, so tests feed it real i18next.
 */
import type { BackendModule, i18n as I18n } from 'i18next';
import { parsePack, type StringTree } from './locale-registry.ts';

type Load = () => Promise<unknown>;

const NAMESPACE = 'translation';

/** '…/locales/services/traffic-violation/zh-CN.json' → ['services/traffic-violation', 'zh-CN']. */
export function fileOfPath(path: string): { folder: string; tag: string } | null {
  const match = /\/locales\/((?:services|capabilities)\/[^/]+)\/([^/]+)\.json$/.exec(path);
  return match?.[1] && match[2] ? { folder: match[1], tag: match[2] } : null;
}

/** `from` merged into `into` (a new tree), `from` winning: as i18next's addResourceBundle(deep, overwrite). */
export function mergeTrees(into: StringTree, from: StringTree): StringTree {
  const out: StringTree = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const mine = out[key];
    out[key] = typeof value === 'object' && typeof mine === 'object' ? mergeTrees(mine, value) : value;
  }
  return out;
}

export class LazyStrings {
  /** Per language, files that loaded before that language's main pack: merged into it on arrival. */
  private readonly early = new Map<string, StringTree[]>();
  private readonly folders = new Map<string, Map<string, Load>>();
  private readonly loading = new Map<string, Promise<void>>();

  /**
   * @param packs main packs that load lazily, by tag
   * @param files string files, by glob path (see fileOfPath)
   * @param tags the languages of the UI: files of other tags are ignored
   */
  constructor(
    private readonly i18n: I18n,
    private readonly packs: Readonly<Record<string, Load>>,
    files: Readonly<Record<string, Load>>,
    tags: readonly string[],
  ) {
    for (const [path, load] of Object.entries(files)) {
      const file = fileOfPath(path);
      if (file === null || !tags.includes(file.tag)) continue;
      const byTag = this.folders.get(file.folder) ?? new Map<string, Load>();
      byTag.set(file.tag, load);
      this.folders.set(file.folder, byTag);
    }
  }

  /** The i18next backend for the lazy main packs (register with i18next.use before init). */
  backend(): BackendModule {
    return {
      type: 'backend',
      init: () => {},
      read: (language, namespace, callback) => {
        const load = namespace === NAMESPACE ? this.packs[language] : undefined;
        // Nothing to load (another namespace, or a language without a pack): empty, so i18next falls back.
        if (load === undefined) return callback(null, {});
        load().then(
          (content) => {
            const pack = parsePack(language, content);
            if (pack === null) console.warn(`locale pack ${language} ignored: not a valid pack`);
            const strings = (this.early.get(language) ?? []).reduce(mergeTrees, pack?.strings ?? {});
            this.early.delete(language);
            callback(null, strings);
          },
          (error: unknown) => callback(error instanceof Error ? error.message : String(error), false),
        );
      },
    };
  }

  /** Whether a folder (e.g. 'services/traffic-violation') has any string file. */
  has(folder: string): boolean {
    return this.folders.has(folder);
  }

  /**
   * Loads the folders' files of every language and adds them to i18next; resolves when all are in
   * (a rejected file rejects, as a failed chunk would). Each folder loads once.
   */
  load(folders: readonly string[]): Promise<void> {
    return Promise.all(folders.map((folder) => this.loadFolder(folder))).then(() => undefined);
  }

  private loadFolder(folder: string): Promise<void> {
    const started = this.loading.get(folder);
    if (started) return started;
    const byTag = this.folders.get(folder) ?? new Map<string, Load>();
    const done = Promise.all([...byTag].map(([tag, load]) => load().then((content) => this.add(folder, tag, content)))).then(() => undefined);
    // A failed load may be retried (the journey's error screen offers it): forget the failure.
    done.catch(() => this.loading.delete(folder));
    this.loading.set(folder, done);
    return done;
  }

  private add(folder: string, tag: string, content: unknown): void {
    const strings = parsePack(tag, content)?.strings;
    if (strings === undefined) {
      console.warn(`string file ${folder}/${tag}.json ignored: not a valid string tree`);
      return;
    }
    // A language whose main pack has not loaded must not look loaded to i18next (its backend would
    // skip the pack): keep the strings until the pack arrives.
    if (this.i18n.hasResourceBundle(tag, NAMESPACE)) this.i18n.addResourceBundle(tag, NAMESPACE, strings, true, true);
    else this.early.set(tag, [...(this.early.get(tag) ?? []), strings]);
  }
}
