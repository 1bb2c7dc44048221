/**
 * Lazy strings on a real i18next: the other languages' packs through the backend (a language
 * switch resolves only once the pack is in), string files of services added for every language,
 * including a language whose pack has not loaded yet, fallback to zh-CN for a partial hall pack,
 * and bad or failing files. The loaders are what import.meta.glob gives: promises of the parsed
 * shipped JSON.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import { fileOfPath, LazyStrings, mergeTrees } from '../../../../renderer/src/i18n/lazy-strings.ts';
import { parsePack, type StringTree } from '../../../../renderer/src/i18n/locale-registry.ts';
import { mainPack, stringFile } from '../../../support/locale-strings.ts';

const TRAFFIC = '../../../resources/locales/services/traffic-violation';
const later = <T,>(value: T) => () => new Promise<T>((done) => setTimeout(() => done(value), 5));

interface Setup {
  packs?: Record<string, () => Promise<unknown>>;
  files?: Record<string, () => Promise<unknown>>;
  tags?: string[];
}

async function setup({ packs, files, tags }: Setup = {}): Promise<{ i18n: I18n; strings: LazyStrings }> {
  const i18n = i18next.createInstance();
  const all = tags ?? ['zh-CN', 'en-US'];
  const strings = new LazyStrings(
    i18n,
    packs ?? { 'en-US': later(mainPack('en-US')) },
    files ?? { [`${TRAFFIC}/zh-CN.json`]: later(stringFile('services/traffic-violation', 'zh-CN')), [`${TRAFFIC}/en-US.json`]: later(stringFile('services/traffic-violation', 'en-US')) },
    all,
  );
  await i18n.use(strings.backend()).init({
    resources: { 'zh-CN': { translation: parsePack('zh-CN', mainPack('zh-CN'))?.strings ?? {} } },
    partialBundledLanguages: true,
    lng: 'zh-CN',
    fallbackLng: { default: ['zh-CN'] },
    supportedLngs: all,
    initAsync: false,
    nsSeparator: false,
  });
  return { i18n, strings };
}

const en = mainPack('en-US') as { app: { title: string } };
const zh = mainPack('zh-CN') as { app: { title: string } };
const trafficEn = stringFile('services/traffic-violation', 'en-US') as { traffic: StringTree };
const trafficZh = stringFile('services/traffic-violation', 'zh-CN') as { traffic: StringTree };
const firstTrafficKey = (tree: StringTree, prefix = 'traffic'): string => {
  const [key, value] = Object.entries(tree)[0] ?? [];
  return typeof value === 'string' ? `${prefix}.${key}` : firstTrafficKey(value as StringTree, `${prefix}.${key}`);
};
const trafficKey = firstTrafficKey(trafficZh.traffic);
const valueAt = (tree: object, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
const trafficTextZh = valueAt(trafficZh, trafficKey);
const trafficTextEn = valueAt(trafficEn, trafficKey);

describe('lazy strings', () => {
  it('switches language only once the pack is in, so no screen shows a raw key', async () => {
    const { i18n } = await setup();
    expect(i18n.hasResourceBundle('en-US', 'translation')).toBe(false);
    const seen: string[] = [];
    i18n.on('languageChanged', () => seen.push(i18n.t('app.title')));
    await i18n.changeLanguage('en-US');
    expect(seen).toEqual([en.app.title]);
    expect(i18n.t('app.title')).toBe(en.app.title);
  });

  it('adds a service file for every language, also one whose pack loads later', async () => {
    const { i18n, strings } = await setup();
    await strings.load(['services/traffic-violation']);
    expect(i18n.t(trafficKey)).toBe(trafficTextZh);
    // en-US's pack has not loaded: the file waits for it rather than making en-US look loaded.
    expect(i18n.hasResourceBundle('en-US', 'translation')).toBe(false);
    await i18n.changeLanguage('en-US');
    expect(i18n.t('app.title')).toBe(en.app.title);
    expect(i18n.t(trafficKey)).toBe(trafficTextEn);
    expect(trafficTextEn).not.toBe(trafficTextZh);
  });

  it('adds a service file to a language already loaded, keeping its main strings', async () => {
    const { i18n, strings } = await setup();
    await i18n.changeLanguage('en-US');
    await strings.load(['services/traffic-violation']);
    expect(i18n.t(trafficKey)).toBe(trafficTextEn);
    expect(i18n.t('app.title')).toBe(en.app.title);
  });

  it('loads each folder once', async () => {
    const load = vi.fn(later(stringFile('services/traffic-violation', 'zh-CN')));
    const { strings } = await setup({ files: { [`${TRAFFIC}/zh-CN.json`]: load } });
    await Promise.all([strings.load(['services/traffic-violation']), strings.load(['services/traffic-violation'])]);
    await strings.load(['services/traffic-violation']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('falls back to zh-CN for what a hall-added language lacks, in the pack and in a service file', async () => {
    const ug = { _meta: { name: 'ئۇيغۇرچە', dir: 'rtl' }, app: { title: 'ئاممىۋى مۇلازىمەت' } };
    const ugTraffic = { traffic: {} };
    const { i18n, strings } = await setup({
      packs: { 'ug-CN': later(ug) },
      files: { [`${TRAFFIC}/zh-CN.json`]: later(trafficZh), [`${TRAFFIC}/ug-CN.json`]: later(ugTraffic) },
      tags: ['zh-CN', 'ug-CN'],
    });
    await strings.load(['services/traffic-violation']);
    await i18n.changeLanguage('ug-CN');
    expect(i18n.t('app.title')).toBe('ئاممىۋى مۇلازىمەت');
    expect(i18n.t('attract.touchToStart')).toBe(valueAt(zh, 'attract.touchToStart'));
    expect(i18n.t(trafficKey)).toBe(trafficTextZh);
  });

  it('ignores files of languages the UI does not have and paths outside the string folders', async () => {
    const stray = vi.fn(later({ traffic: { x: 'y' } }));
    const { strings } = await setup({ files: { [`${TRAFFIC}/fr-FR.json`]: stray, '../../../resources/locales/print/zh-CN.json': stray }, tags: ['zh-CN'] });
    expect(strings.has('services/traffic-violation')).toBe(false);
    await strings.load(['services/traffic-violation']);
    expect(stray).not.toHaveBeenCalled();
    expect(fileOfPath(`${TRAFFIC}/zh-CN.json`)).toEqual({ folder: 'services/traffic-violation', tag: 'zh-CN' });
    expect(fileOfPath('../../../resources/locales/zh-CN.json')).toBeNull();
  });

  it('skips a file that is not a string tree with a warning, the rest still loading', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { i18n, strings } = await setup({
        files: { [`${TRAFFIC}/zh-CN.json`]: later(trafficZh), [`${TRAFFIC}/en-US.json`]: later({ traffic: { title: 42 } }) },
      });
      await strings.load(['services/traffic-violation']);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('services/traffic-violation/en-US.json ignored'));
      expect(i18n.t(trafficKey)).toBe(trafficTextZh);
    } finally {
      warn.mockRestore();
    }
  });

  it('rejects when a file cannot load (as a failed chunk does), and loads it on the next try', async () => {
    let fail = true;
    const load = () => (fail ? Promise.reject(new Error('chunk failed')) : later(trafficZh)());
    const { i18n, strings } = await setup({ files: { [`${TRAFFIC}/zh-CN.json`]: load } });
    await expect(strings.load(['services/traffic-violation'])).rejects.toThrow('chunk failed');
    fail = false;
    await strings.load(['services/traffic-violation']);
    expect(i18n.t(trafficKey)).toBe(trafficTextZh);
  });

  it('keeps the current language when a pack cannot load (the switch does not go blank)', async () => {
    const { i18n } = await setup({ packs: { 'en-US': () => Promise.reject(new Error('chunk failed')) } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await i18n.changeLanguage('en-US').catch(() => undefined);
      // i18next switches with what it has: every key falls back to zh-CN, none is raw.
      expect(i18n.t('app.title')).toBe(zh.app.title);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('mergeTrees', () => {
  it('merges deeply, the later tree winning, as a file added to a loaded language would', () => {
    expect(mergeTrees({ traffic: { a: '1', b: { c: '2' } }, app: { title: 't' } }, { traffic: { b: { d: '3' }, a: '9' } })).toEqual({
      traffic: { a: '9', b: { c: '2', d: '3' } },
      app: { title: 't' },
    });
  });
});
