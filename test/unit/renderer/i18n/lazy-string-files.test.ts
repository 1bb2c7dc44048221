/**
 * The strings that load with a lazy chunk (resources/locales/services|capabilities/<folder>/<tag>.json,
 * owned per scripts/locale-owners.json) stay out of the main packs, keep zh-CN / en-US parity per
 * file, and reach every screen that uses them: each journey's imports are followed and every key
 * it names must be in the main pack or in a folder it loads (service-string-folders.ts); the
 * shell (everything else main.tsx reaches) must use none of them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENTERPRISE_CREDIT_JOURNEY, JOURNEY_IDS, type JourneyId } from '../../../../renderer/src/services/service-ids.ts';
import { stringFoldersOf } from '../../../../renderer/src/services/service-string-folders.ts';
import { flatKeys, LOCALES_DIR, mainPack, stringFile, stringFolders, type StringTree } from '../../../support/locale-strings.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const rendererSrc = join(repoRoot, 'renderer', 'src');
const owners = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(repoRoot, 'scripts', 'locale-owners.json'), 'utf8')) as Record<string, unknown>).filter(([k]) => !k.startsWith('_')),
) as Record<string, string[]>;
const ownerOf = new Map(Object.entries(owners).flatMap(([folder, keys]) => keys.map((key) => [key, folder] as const)));
const mainTags = readdirSync(LOCALES_DIR)
  .filter((name) => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\.json$/.test(name))
  .map((name) => name.slice(0, -5));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const flat = (tree: StringTree, prefix = ''): Map<string, string> =>
  new Map(Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as const] : [...flat(v, `${prefix}${k}.`)])));

describe('string files of services and capabilities', () => {
  it('keeps every owned key out of every main pack (run scripts/split-service-locales.mjs if this fails)', () => {
    const strays = mainTags.flatMap((tag) => Object.keys(mainPack(tag)).filter((key) => ownerOf.has(key)).map((key) => `${tag}.json: ${key} → ${ownerOf.get(key)}`));
    expect(strays).toEqual([]);
  });

  it('has a zh-CN and an en-US file for every owned folder, and no folder nobody owns', () => {
    expect(stringFolders().sort()).toEqual(Object.keys(owners).sort());
    for (const folder of Object.keys(owners)) {
      expect(stringFile(folder, 'zh-CN'), `${folder}/zh-CN.json`).toBeDefined();
      expect(stringFile(folder, 'en-US'), `${folder}/en-US.json`).toBeDefined();
    }
  });

  it('holds only its owned top-level keys in each file', () => {
    for (const folder of stringFolders()) {
      for (const name of readdirSync(join(LOCALES_DIR, folder))) {
        const keys = Object.keys(stringFile(folder, name.replace(/\.json$/, '')) ?? {});
        expect(keys.filter((key) => !owners[folder]?.includes(key)), `${folder}/${name}`).toEqual([]);
      }
    }
  });

  it('has the same keys and placeholders in zh-CN and en-US, file by file, and no empty string', () => {
    for (const folder of stringFolders()) {
      const zh = flat(stringFile(folder, 'zh-CN') ?? {});
      const en = flat(stringFile(folder, 'en-US') ?? {});
      expect([...zh.keys()].sort(), folder).toEqual([...en.keys()].sort());
      for (const [key, text] of zh) {
        expect(text.trim(), `${folder}: ${key}`).not.toBe('');
        expect(placeholders(en.get(key) ?? ''), `${folder}: ${key}`).toEqual(placeholders(text));
      }
    }
  });

  it('lets a hall-added language use only keys its zh-CN file has, and only for a language with a main pack', () => {
    for (const folder of stringFolders()) {
      const base = new Set(flatKeys(stringFile(folder, 'zh-CN') ?? {}));
      for (const name of readdirSync(join(LOCALES_DIR, folder))) {
        const tag = name.replace(/\.json$/, '');
        expect(mainTags, `${folder}/${name}`).toContain(tag);
        expect(flatKeys(stringFile(folder, tag) ?? {}).filter((k) => !base.has(k)), `${folder}/${name}`).toEqual([]);
      }
    }
  });
});

// ---- keys used by code, followed through imports ----

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"](\.[^'"]+)['"]|^import\s*['"](\.[^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const ownedKeyPattern = new RegExp(`['"\`](${[...ownerOf.keys()].join('|')})\\.[A-Za-z]`, 'g');

const source = (file: string) => readFileSync(file, 'utf8');
const resolveImport = (from: string, spec: string): string | null => {
  const path = resolve(dirname(from), spec);
  return /\.(tsx?|mts)$/.test(path) && existsSync(path) ? path : null;
};

/** Files reachable from `entries` through static imports (and dynamic ones if asked), minus `stop`. */
function reachable(entries: string[], options: { dynamic: boolean; stop?: Set<string> }): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file) || options.stop?.has(file)) continue;
    seen.add(file);
    const text = source(file);
    const specs = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '');
    if (options.dynamic) specs.push(...[...text.matchAll(DYNAMIC_IMPORT)].map((m) => m[1] ?? ''));
    for (const spec of specs) {
      const next = resolveImport(file, spec);
      if (next) queue.push(next);
    }
  }
  return seen;
}

/** Files whose keys are in the maintenance namespace (resources/locales/maintenance), not the packs'. */
const otherNamespace = (text: string) => /\b(useMaintenanceT|MAINTENANCE_NS)\b/.test(text);

/** Owned top-level keys named in the files: 'traffic' from t('traffic.plate.title'). */
const ownedKeysIn = (files: Iterable<string>): Map<string, string[]> => {
  const used = new Map<string, string[]>();
  for (const file of files) {
    if (otherNamespace(source(file))) continue;
    for (const match of source(file).matchAll(ownedKeyPattern)) {
      const key = match[1] ?? '';
      used.set(key, [...new Set([...(used.get(key) ?? []), file.slice(repoRoot.length)])]);
    }
  }
  return used;
};

const registryPath = join(rendererSrc, 'services', 'registry.ts');
const journeyModules = new Map<JourneyId, string>(
  [...source(registryPath).matchAll(/withStrings\(([^,]+),\s*\(\)\s*=>\s*import\('([^']+)'\)\)/g)].map((m) => {
    const idExpr = (m[1] ?? '').trim();
    const id = (idExpr === 'ENTERPRISE_CREDIT_JOURNEY' ? ENTERPRISE_CREDIT_JOURNEY : idExpr.replace(/^'|'$/g, '')) as JourneyId;
    return [id, resolve(dirname(registryPath), m[2] ?? '')];
  }),
);

describe('keys reach the screens that use them', () => {
  it('loads every journey through withStrings (its chunk brings its strings)', () => {
    expect([...journeyModules.keys()].sort()).toEqual([...JOURNEY_IDS].sort());
  });

  it.each([...JOURNEY_IDS])('%s: every owned key its code names is in a folder it loads', (id) => {
    const module = journeyModules.get(id);
    expect(module, `registry entry of ${id}`).toBeDefined();
    const loaded = new Set(stringFoldersOf(id));
    const used = ownedKeysIn(reachable([module as string], { dynamic: false }));
    const missing = [...used].filter(([key]) => !loaded.has(ownerOf.get(key) ?? '')).map(([key, files]) => `${key} (${ownerOf.get(key)}) used in ${files.join(', ')}`);
    expect(missing, `add the folder to service-string-folders.ts for ${id}`).toEqual([]);
  });

  it('the shell (everything main.tsx reaches but the journeys) names no owned key', () => {
    const shell = reachable([join(rendererSrc, 'main.tsx')], { dynamic: true, stop: new Set(journeyModules.values()) });
    expect(shell.size).toBeGreaterThan(20);
    expect([...ownedKeysIn(shell)].map(([key, files]) => `${key}: ${files.join(', ')}`)).toEqual([]);
  });

  it('finds the keys a journey names (the scan is not blind)', () => {
    const used = ownedKeysIn(reachable([journeyModules.get('traffic-violation') as string], { dynamic: false }));
    expect([...used.keys()]).toEqual(expect.arrayContaining(['traffic', 'guide']));
    expect(ownedKeysIn(reachable([journeyModules.get('credit-query') as string], { dynamic: false })).has('personCheck')).toBe(true);
  });
});
