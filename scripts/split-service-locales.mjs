#!/usr/bin/env node
/**
 * Moves the strings of services and lazy capabilities out of the main locale packs
 * (resources/locales/<tag>.json, in the initial bundle) into the files their lazy chunk loads:
 * resources/locales/<folder>/<tag>.json, per scripts/locale-owners.json.
 *
 * Idempotent and re-runnable: a key still (or again) in a main pack is merged into its file, the
 * main pack's value winning (it is the newer edit), and removed from the pack; nothing else is
 * touched. `--check` changes nothing and exits 1 if anything would move (for CI or a pre-commit).
 *
 * Run: node scripts/split-service-locales.mjs [--check]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const localesDir = join(root, 'resources', 'locales');
const owners = JSON.parse(readFileSync(join(root, 'scripts', 'locale-owners.json'), 'utf8'));
const check = process.argv.includes('--check');
const TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const isTree = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep merge of `from` into `into` (returns a new tree); `from` wins where both have a leaf. */
function merge(into, from) {
  const out = { ...into };
  for (const [key, value] of Object.entries(from)) out[key] = isTree(value) && isTree(out[key]) ? merge(out[key], value) : value;
  return out;
}

const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)}); nothing was changed`, { cause: error });
  }
};
const writeJson = (path, value) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
};

const tags = readdirSync(localesDir)
  .filter((name) => name.endsWith('.json') && TAG.test(name.slice(0, -5)))
  .map((name) => name.slice(0, -5));

// Read and plan everything first, so a broken file stops the run before anything is written.
const writes = new Map();
const moved = [];
for (const tag of tags) {
  const packPath = join(localesDir, `${tag}.json`);
  const pack = readJson(packPath);
  let packChanged = false;
  for (const [folder, keys] of Object.entries(owners)) {
    if (folder.startsWith('_')) continue;
    if (!Array.isArray(keys)) throw new Error(`scripts/locale-owners.json: ${folder} must list top-level keys`);
    const filePath = join(localesDir, folder, `${tag}.json`);
    let file = writes.get(filePath) ?? (existsSync(filePath) ? readJson(filePath) : {});
    let fileChanged = false;
    for (const key of keys) {
      if (!(key in pack)) continue;
      file = { ...file, [key]: isTree(pack[key]) && isTree(file[key]) ? merge(file[key], pack[key]) : pack[key] };
      delete pack[key];
      packChanged = fileChanged = true;
      moved.push(`${tag}: ${key} → ${folder}/${tag}.json`);
    }
    if (fileChanged) writes.set(filePath, file);
  }
  if (packChanged) writes.set(packPath, pack);
}

if (moved.length === 0) {
  console.log('split-service-locales: the main packs hold no service strings; nothing to move');
} else if (check) {
  console.error(`split-service-locales --check: strings to move out of the main packs:\n  ${moved.join('\n  ')}\nRun: node scripts/split-service-locales.mjs`);
  process.exitCode = 1;
} else {
  for (const [path, value] of writes) writeJson(path, value);
  console.log(`split-service-locales: moved\n  ${moved.join('\n  ')}`);
}
