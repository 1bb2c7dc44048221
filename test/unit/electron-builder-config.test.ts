/**
 * The packaged terminal ships what the core reads at run time: electron-builder.yml is read as
 * electron-builder reads it, and each file the core opens (from resourcesDir, beside app.asar, or
 * from node_modules / dist inside it) is checked against the file sets' include/exclude globs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, matchesGlob, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildHandwritingHelper, HELPER_BINARY } from '../../native/handwriting/build-helper.mjs';
import { handwritingHelperPath } from '../../electron/core/handwriting/handwriting-recogniser.ts';
import { sampleCardPhotoPath } from '../../electron/core/person-check/test-wlt-decoder.ts';
import { FACE_MODEL_DIR, FACE_MODEL_FILES, WASM_DIR, WASM_FILES } from '../../electron/tools/face-models-plugin.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

interface FileSet {
  from: string;
  to: string;
  filter?: string[];
}
interface BuilderConfig {
  files: string[];
  extraResources: FileSet[];
  asar: boolean;
  beforePack?: string;
  linux: { extraResources?: FileSet[] };
  deb: { depends: string[] };
}

const config = parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** electron-builder's rule: a file is in when some pattern includes it and no later "!" pattern takes it out. */
function selected(file: string, patterns: readonly string[]): boolean {
  let inside = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesGlob(file, pattern.slice(1))) inside = false;
    } else if (matchesGlob(file, pattern)) inside = true;
  }
  return inside;
}

/** Where a repository file lands under process.resourcesPath on Linux, or undefined when no resource set takes it. */
function linuxResourcePath(repoFile: string): string | undefined {
  for (const set of [...config.extraResources, ...(config.linux.extraResources ?? [])]) {
    if (repoFile === set.from) return set.to;
    const inner = relative(set.from, repoFile);
    if (inner.startsWith('..')) continue;
    if (selected(inner, set.filter ?? ['**/*'])) return join(set.to, inner);
  }
  return undefined;
}

/** The packaged layout as main.ts computes it: resourcesDir = process.resourcesPath/resources. */
const PACKAGED_RESOURCES_PATH = '/opt/Bianmin Kiosk/resources';
const packagedResourcesDir = join(PACKAGED_RESOURCES_PATH, 'resources');

describe('electron-builder.yml', () => {
  it('ships the handwriting helper beside app.asar, at the path the core runs it from', () => {
    // kiosk-core.ts passes resourcesDir/.. as the app's root.
    const expected = relative(PACKAGED_RESOURCES_PATH, handwritingHelperPath(join(packagedResourcesDir, '..')));
    expect(linuxResourcePath(relative(repoRoot, HELPER_BINARY))).toBe(expected);
    // Not only in the asar: a program cannot be executed from inside an archive.
    expect(config.files.some((pattern) => matchesGlob(relative(repoRoot, HELPER_BINARY), pattern))).toBe(false);
  });

  it('builds the helper before packaging and checks it in the beforePack hook', () => {
    const script = packageJson.scripts['package'] ?? '';
    expect(script.indexOf('build:handwriting')).toBeGreaterThanOrEqual(0);
    expect(script.indexOf('build:handwriting')).toBeLessThan(script.indexOf('electron-builder'));
    expect(config.beforePack).toBe('./native/handwriting/before-pack.mjs');
  });

  it("makes the deb depend on the helper's library and model, the Debian packages holding them here", () => {
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libzinnia0', 'tegaki-zinnia-simplified-chinese']));
    const source = readFileSync(join(repoRoot, 'native/handwriting/handwriting-helper.c'), 'utf8');
    const model = /#define DEFAULT_MODEL "([^"]+)"/.exec(source)?.[1];
    expect(model).toBeDefined();
    const owner = (path: string): string => spawnSync('dpkg', ['-S', path], { encoding: 'utf8' }).stdout.split(':')[0] ?? '';
    expect(owner(model ?? '')).toBe('tegaki-zinnia-simplified-chinese');
    // The shared library the built helper links (ldd names it), owned by libzinnia0.
    const ldd = spawnSync('ldd', [buildHandwritingHelper({ quiet: true })], { encoding: 'utf8' }).stdout;
    const library = /libzinnia\.so\.\S+ => (\S+)/.exec(ldd)?.[1];
    expect(library).toBeDefined();
    const realLibrary = spawnSync('readlink', ['-f', library ?? ''], { encoding: 'utf8' }).stdout.trim();
    expect([owner(library ?? ''), owner(realLibrary), owner(realLibrary.replace(/^\/lib\//, '/usr/lib/'))]).toContain('libzinnia0');
  });

  it('ships every resource the core reads from resourcesDir', () => {
    const core = [
      'config/default.json',
      'services/catalogue.json',
      relative(packagedResourcesDir, sampleCardPhotoPath(packagedResourcesDir)),
      ...['forms', 'guides', 'commitments', join('locales', 'print')].flatMap((dir) =>
        readdirSync(join(repoRoot, 'resources', dir), { recursive: true, encoding: 'utf8' })
          .filter((name) => name.endsWith('.json'))
          .map((name) => join(dir, name)),
      ),
    ];
    expect(core.length).toBeGreaterThan(5);
    for (const file of core) expect(linuxResourcePath(join('resources', file)), file).toBe(join('resources', file));
  });

  it('keeps test fixtures and READMEs out of the resources', () => {
    expect(linuxResourcePath('resources/README.md')).toBeUndefined();
    expect(linuxResourcePath('resources/person-check/README.md')).toBeUndefined();
    expect(linuxResourcePath('resources/upstream/fixtures/a.json')).toBeUndefined();
  });

  it('ships the hanzi stroke data and the face models inside the app', () => {
    expect(packageJson.dependencies['hanzi-writer-data']).toBeDefined();
    // electron-builder adds the production dependencies itself; only the "!" patterns of files apply.
    const excluded = (file: string): boolean => config.files.some((p) => p.startsWith('!') && matchesGlob(file, p.slice(1)));
    expect(excluded('node_modules/hanzi-writer-data/中.json')).toBe(false);
    expect(excluded('node_modules/hanzi-writer-data/package.json')).toBe(false);
    expect(excluded('node_modules/zod/src/index.ts')).toBe(true);
    // The renderer is built into dist/renderer (renderer/vite.config.ts); the face-models plugin copies beside it.
    for (const file of FACE_MODEL_FILES) expect(selected(`dist/renderer/${FACE_MODEL_DIR}/${file}`, config.files), file).toBe(true);
    for (const file of WASM_FILES) expect(selected(`dist/renderer/${WASM_DIR}/${file}`, config.files), file).toBe(true);
    expect(selected('dist/renderer/assets/index.js.map', config.files)).toBe(false);
  });
});
