/**
 * Loads a folder of JSON resource files (forms, guides, commitment texts) through a zod schema.
 * Resources are checked when the core starts: a broken file stops the start with its name and
 * the failing path, rather than showing a citizen half a form.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { describeIssues } from './localized-text.ts';
import { errorMessage } from '../../util/error-message.ts';

export class ResourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResourceError';
  }
}

export function parseResource<S extends z.ZodType>(schema: S, raw: unknown, source: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ResourceError(`${source}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function readJsonResource(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ResourceError(`${path}: ${errorMessage(error)}`, { cause: error });
  }
}

/**
 * Every `*.json` directly in `dir` except `exclude`, sorted by file name so the order on screen
 * is the hall's choice (prefix files with numbers to reorder). A missing folder is an empty list.
 */
export function loadResourceDir<S extends z.ZodType>(
  dir: string,
  schema: S,
  idOf: (item: z.output<S>) => string,
  exclude: readonly string[] = [],
): Map<string, z.output<S>> {
  const items = new Map<string, z.output<S>>();
  if (!existsSync(dir)) return items;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !exclude.includes(name))
    .sort();
  for (const name of files) {
    const path = join(dir, name);
    const item = parseResource(schema, readJsonResource(path), path);
    const id = idOf(item);
    if (items.has(id)) throw new ResourceError(`${path}: id ${JSON.stringify(id)} is already used by another file`);
    items.set(id, item);
  }
  return items;
}
