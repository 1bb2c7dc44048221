/**
 * Keys that mean something to JavaScript objects rather than to the configuration. JSON.parse
 * keeps them as ordinary keys, but code further on (a spread, a merge, a library's plain-object
 * test) may treat them as the prototype or refuse the object for an unclear reason: a change that
 * carries one is refused up front, naming where it was found.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Dotted path of the first forbidden key in a parsed JSON value, or undefined when there is none. */
export function findForbiddenKey(value: unknown, path: readonly string[] = []): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findForbiddenKey(item, [...path, String(index)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN.has(key)) return [...path, key].join('.');
    const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
