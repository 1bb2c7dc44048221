/**
 * Packaging, as far as it can be proved offline: the real esbuild build of main, preload and the
 * driver host (and a stand-in renderer bundle) in a scratch project, then `electron-builder --dir`
 * with electron-builder.yml and a stub Electron distribution (a script carrying Electron's fuse
 * sentinel, so the fuse step runs for real). Checks the asar layout, that native modules are
 * unpacked, that runtime resources are there and tests/fixtures/sources are not, and the fuses
 * written into the binary.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../../../../..');
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse order of @electron/fuses V1. */
const FUSES = ['RunAsNode', 'EnableCookieEncryption', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments', 'EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar', 'LoadBrowserProcessSpecificV8Snapshot', 'GrantFileProtocolExtraPrivileges'] as const;
/** What a stock Electron binary ships with: the unsafe defaults the build must flip. */
const STOCK_FUSES = '10110001';
/** Where electron/shells/electron/main/main.ts looks for the driver host it hands to utilityProcess.fork. */
const DRIVER_HOST = '/dist/electron/driver-host/driver-host.cjs';

let work: string;
let unpacked: string;
let asarEntries: Map<string, { unpacked: boolean }>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kiosk-package-'));
  const project = join(work, 'project');
  mkdirSync(project);
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(join(repo, file), join(project, file));
  copyProductionModules(join(project, 'node_modules'));
  cpSync(join(repo, 'resources'), join(project, 'resources'), { recursive: true });
  // The handwriting helper, as `npm run package` leaves it: built, with the beforePack hook that checks it.
  const { buildHandwritingHelper } = (await import(pathToFileURL(join(repo, 'native', 'handwriting', 'build-helper.mjs')).href)) as { buildHandwritingHelper(o?: { quiet?: boolean }): string };
  buildHandwritingHelper({ quiet: true });
  mkdirSync(join(project, 'native', 'handwriting', 'build'), { recursive: true });
  for (const file of ['before-pack.mjs', 'build-helper.mjs', 'handwriting-helper.c', 'build/bianmin-handwriting']) {
    cpSync(join(repo, 'native', 'handwriting', file), join(project, 'native', 'handwriting', file));
  }
  // Decoys: test fixtures dropped into resources must be filtered out by electron-builder.yml.
  mkdirSync(join(project, 'resources', 'fixtures'), { recursive: true });
  writeFileSync(join(project, 'resources', 'fixtures', 'sample-card.json'), '{}');
  writeFileSync(join(project, 'resources', 'config', 'default.test.json'), '{}');

  // The real build, into the scratch project (never into the shared dist/ other tests use).
  const { targets } = (await import(pathToFileURL(join(repo, 'electron', 'build.mjs')).href)) as { targets: BuildOptions[] };
  await Promise.all(targets.map((t) => build({ ...t, outfile: join(project, t.outfile ?? '') })));
  // The renderer bundle is Vite's business (and the end-to-end tests'); what is tested here is
  // which files packaging selects, so a stand-in with the same shape is packaged.
  mkdirSync(join(project, 'dist', 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(project, 'dist', 'renderer', 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="./assets/index-test.js"></script>');
  writeFileSync(join(project, 'dist', 'renderer', 'assets', 'index-test.js'), 'document.getElementById("root").textContent = "kiosk";');
  writeFileSync(join(project, 'dist', 'renderer', 'assets', 'index-test.js.map'), '{}');

  const electronDist = join(work, 'electron-stub');
  mkdirSync(electronDist);
  const stub = Buffer.concat([Buffer.from(`#!/bin/sh\n# ${FUSE_SENTINEL}`), Buffer.from([1, FUSES.length]), Buffer.from(`${STOCK_FUSES}\necho electron stub\n`)]);
  writeFileSync(join(electronDist, 'electron'), stub);
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'version'), 'v40.8.5');

  const result = spawnSync(
    join(repo, 'node_modules', '.bin', 'electron-builder'),
    ['--projectDir', project, '--dir', '--linux', '--x64', `-c.electronDist=${electronDist}`, '-c.npmRebuild=false', `-c.directories.output=${join(work, 'release')}`],
    { cwd: project, encoding: 'utf8', timeout: 180_000, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
  );
  if (result.status !== 0) throw new Error(`electron-builder --dir failed:\n${result.stdout}\n${result.stderr}`);
  unpacked = join(work, 'release', 'linux-unpacked');
  asarEntries = readAsar(join(unpacked, 'resources', 'app.asar'));
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * A real copy of the production dependency tree, as a build machine has after `npm ci`. A symlink
 * to the repository's node_modules is not enough: npm then trusts node_modules/.package-lock.json
 * only while it is newer than every package folder, which a from-source better-sqlite3 build
 * breaks, and electron-builder's `npm list` silently drops transitive packages (bindings,
 * @serialport/bindings-cpp) from the app.
 */
function copyProductionModules(target: string): void {
  const listed = spawnSync('npm', ['ls', '--omit', 'dev', '--all', '--parseable'], { cwd: repo, encoding: 'utf8' });
  const modules = join(repo, 'node_modules');
  const topLevel = listed.stdout
    .split('\n')
    .filter((line) => line.startsWith(`${modules}/`))
    .map((line) => line.slice(modules.length + 1))
    .filter((name) => /^(@[^/]+\/)?[^/]+$/.test(name));
  if (topLevel.length === 0) throw new Error(`npm ls listed no production modules:\n${listed.stderr}`);
  for (const name of topLevel) cpSync(join(modules, name), join(target, name), { recursive: true });
}

/** Reads an asar archive's header: every file path with whether it lives in app.asar.unpacked. */
function readAsar(file: string): Map<string, { unpacked: boolean }> {
  const data = readFileSync(file);
  const jsonLength = data.readUInt32LE(12);
  const header = JSON.parse(data.subarray(16, 16 + jsonLength).toString('utf8')) as AsarDir;
  const out = new Map<string, { unpacked: boolean }>();
  const walk = (dir: AsarDir, prefix: string) => {
    for (const [name, node] of Object.entries(dir.files)) {
      const path = `${prefix}/${name}`;
      if ('files' in node) walk(node, path);
      else out.set(path, { unpacked: node.unpacked === true });
    }
  };
  walk(header, '');
  return out;
}
type AsarDir = { files: Record<string, AsarDir | { size?: number; unpacked?: boolean; link?: string }> };

const paths = () => [...asarEntries.keys()];

describe('electron-builder --dir (stub Electron)', () => {
  it('produces the app executable, app.asar, app.asar.unpacked and resources', () => {
    // The executable is our stub, renamed to executableName: no Electron was downloaded.
    expect(readFileSync(join(unpacked, 'bianmin-kiosk'), 'latin1')).toContain('echo electron stub');
    expect(statSync(join(unpacked, 'bianmin-kiosk')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(unpacked, 'resources', 'app.asar'))).toBe(true);
    expect(existsSync(join(unpacked, 'resources', 'app.asar.unpacked'))).toBe(true);
  });

  it('app.asar holds what the app needs: package.json, main, preload, the driver host, the built renderer', () => {
    for (const needed of ['/package.json', '/dist/electron/main/main.cjs', '/dist/electron/preload/preload.cjs', DRIVER_HOST, '/dist/renderer/index.html']) {
      expect(asarEntries.has(needed), needed).toBe(true);
    }
    expect(paths().some((p) => /^\/dist\/renderer\/assets\/.+\.js$/.test(p))).toBe(true);
    const main = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(asarEntries.has(`/${main.main}`)).toBe(true);
  });

  it('the driver host (run in utility processes) is in app.asar and requires native modules, to load them unpacked', () => {
    expect(asarEntries.get(DRIVER_HOST)).toEqual({ unpacked: false });
    const bundle = readFileSync(join(work, 'project', DRIVER_HOST), 'utf8');
    for (const native of ['serialport', 'better-sqlite3']) expect(bundle, native).toContain(`require("${native}")`);
  });

  it('every runtime dependency is packaged; native modules are unpacked from the asar', () => {
    const { dependencies } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(dependencies)) expect(asarEntries.has(`/node_modules/${dep}/package.json`), dep).toBe(true);

    const nativeAddons = paths().filter((p) => p.endsWith('.node'));
    expect(nativeAddons.length).toBeGreaterThan(0);
    for (const addon of nativeAddons) {
      expect(asarEntries.get(addon)?.unpacked, addon).toBe(true);
      expect(existsSync(join(unpacked, 'resources', 'app.asar.unpacked', addon)), addon).toBe(true);
    }
    expect(nativeAddons).toContainEqual(expect.stringMatching(/^\/node_modules\/better-sqlite3\/build\/Release\/better_sqlite3\.node$/));
    for (const dir of ['better-sqlite3', 'bindings', 'serialport', '@serialport/bindings-cpp', 'node-hid']) {
      expect(existsSync(join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', dir)), dir).toBe(true);
    }
  });

  it('holds none of our tests, fixtures, sources, source maps or dev tooling', () => {
    // Third-party packages bring their own test folders (zod, node-hid): see the README section.
    const ours = paths().filter((p) => !p.startsWith('/node_modules/'));
    expect(ours.length).toBeGreaterThan(4);
    const offenders = ours.filter(
      (p) =>
        /(^|\/)(test|tests|__tests__|fixtures|test-fixtures)\//.test(p) ||
        /\.test\.[cm]?[jt]sx?$/.test(p) ||
        /^\/(electron|renderer|native|bench|resources)\//.test(p) ||
        /^\/dist\/.*\.map$/.test(p) ||
        /^\/(tsconfig.*|vitest\.config\.ts|playwright\.config\.ts|eslint\.config\.js|electron-builder\.yml)$/.test(p),
    );
    expect(offenders).toEqual([]);
    for (const dev of ['vitest', 'typescript', 'electron', 'electron-builder', '@playwright/test', 'vite', 'esbuild', 'eslint', 'react', 'tsx']) {
      expect(asarEntries.has(`/node_modules/${dev}/package.json`), dev).toBe(false);
    }
  });

  it('ships the runtime resources next to app.asar, without fixtures, test files or READMEs', () => {
    const resources = join(unpacked, 'resources', 'resources');
    for (const needed of ['config/default.json', 'services/catalogue.json', 'locales/zh-CN.json', 'locales/en-US.json']) {
      expect(existsSync(join(resources, needed)), needed).toBe(true);
    }
    const all = (readdirSync(resources, { recursive: true }) as string[]).map(String);
    expect(all.filter((p) => /fixtures|\.test\.|README\.md$/.test(p))).toEqual([]);
    expect(JSON.parse(readFileSync(join(resources, 'config', 'default.json'), 'utf8'))).toMatchObject({ fleet: { enabled: false }, publicKeys: [] });
  });

  it('ships the handwriting helper beside app.asar, where the core looks for it, still executable', async () => {
    const { handwritingHelperPath } = await import('../../../../../electron/core/handwriting/handwriting-recogniser.ts');
    // main.ts hands the core resourcesDir = <resources>/resources; the core's app dir is its parent.
    const helper = handwritingHelperPath(join(unpacked, 'resources'));
    expect(helper).toBe(join(unpacked, 'resources', 'native', 'handwriting', 'build', 'bianmin-handwriting'));
    expect(statSync(helper).mode & 0o111).not.toBe(0);
    expect(readFileSync(helper).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(paths().filter((p) => p.includes('bianmin-handwriting'))).toEqual([]);
  });

  it('flips the Electron fuses in the packaged binary: no RunAsNode, NODE_OPTIONS or inspector; app only from asar', () => {
    const binary = readFileSync(join(unpacked, 'bianmin-kiosk'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    expect(binary[at]).toBe(1);
    const wire = binary.subarray(at + 2, at + 2 + (binary[at + 1] ?? 0)).toString('latin1');
    const fuse = Object.fromEntries(FUSES.map((name, i) => [name, wire[i] === '1']));
    expect(fuse).toMatchObject({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      OnlyLoadAppFromAsar: true,
      EnableCookieEncryption: true,
      GrantFileProtocolExtraPrivileges: false,
    });
  });
});
