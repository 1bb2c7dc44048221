/**
 * Bundles the Electron shell: main process, preload, the core host (the terminal core in its own
 * utility process) and the device driver host (a utility process per driver), each into one CommonJS file that Electron loads directly. Native modules
 * and electron itself stay external (loaded from node_modules / app.asar.unpacked at run time).
 * Usage: node electron/build.mjs [--watch]
 */
import { build, context } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeExternals = ['electron', 'better-sqlite3', 'serialport', 'node-hid'];
// Optional speed-ups that ws tries to require; absent on purpose.
const optionalExternals = ['bufferutil', 'utf-8-validate'];

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

/** @type {import('esbuild').BuildOptions[]} */
export const targets = [
  {
    ...common,
    entryPoints: ['electron/shells/electron/main/main.ts'],
    outfile: 'dist/electron/main/main.cjs',
    external: [...nativeExternals, ...optionalExternals],
  },
  {
    ...common,
    // The main process starts it with utilityProcess.fork (electron/shells/electron/main/core-host-process.ts).
    entryPoints: ['electron/core/host/core-host-main.ts'],
    outfile: 'dist/electron/core-host/core-host.cjs',
    external: [...nativeExternals, ...optionalExternals],
  },
  {
    ...common,
    // The main process starts it with utilityProcess.fork (electron/shells/electron/main/utility-driver-spawner.ts).
    entryPoints: ['electron/core/devices/driver-process/driver-host.ts'],
    outfile: 'dist/electron/driver-host/driver-host.cjs',
    external: [...nativeExternals, ...optionalExternals],
  },
  {
    ...common,
    entryPoints: ['electron/shells/electron/preload/preload.ts'],
    outfile: 'dist/electron/preload/preload.cjs',
    // A sandboxed preload may only require('electron'); everything else must be bundled in.
    external: ['electron'],
  },
];

export async function buildElectron({ watch = false } = {}) {
  if (!watch) {
    await Promise.all(targets.map((options) => build(options)));
    return;
  }
  const contexts = await Promise.all(targets.map((options) => context(options)));
  await Promise.all(contexts.map((ctx) => ctx.watch()));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron({ watch: process.argv.includes('--watch') })
    .then(() => {
      if (!process.argv.includes('--watch')) console.log('electron: main, core host, driver host and preload bundled into dist/electron/');
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
