/**
 * The kiosk's strings as the running UI sees them once everything has loaded: a language's main
 * pack (resources/locales/<tag>.json) merged with its string files of services and lazy
 * capabilities (resources/locales/services|capabilities/<folder>/<tag>.json, which load with their
 * chunks). For tests that check the whole key tree (parity, every status translated).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type StringTree = { [key: string]: string | StringTree };

export const LOCALES_DIR = fileURLToPath(new URL('../../resources/locales/', import.meta.url));
export const LAZY_KINDS = ['services', 'capabilities'] as const;

const readTree = (path: string): StringTree => JSON.parse(readFileSync(path, 'utf8')) as StringTree;

/** Every string folder on disk, as 'services/<id>' or 'capabilities/<name>'. */
export function stringFolders(): string[] {
  return LAZY_KINDS.flatMap((kind) => {
    const dir = join(LOCALES_DIR, kind);
    return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${kind}/${e.name}`) : [];
  });
}

/** One string file, or undefined when the folder has none for the tag. */
export function stringFile(folder: string, tag: string): StringTree | undefined {
  const path = join(LOCALES_DIR, folder, `${tag}.json`);
  return existsSync(path) ? readTree(path) : undefined;
}

export const mainPack = (tag: string): StringTree => readTree(join(LOCALES_DIR, `${tag}.json`));

/** Main pack plus every string file of the tag (their top-level keys are disjoint: checked elsewhere). */
export function fullPack(tag: string): StringTree {
  const out = { ...mainPack(tag) };
  for (const folder of stringFolders()) Object.assign(out, stringFile(folder, tag) ?? {});
  return out;
}

export const flatKeys = (tree: StringTree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : flatKeys(v, `${prefix}${k}.`)));
