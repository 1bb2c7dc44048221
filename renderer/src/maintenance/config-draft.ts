/**
 * The configuration editor's draft: the local override as JSON, edited field by field. Only the
 * input's syntax is checked here (a number is a number, JSON parses); every rule of the config
 * is checked by the core (validateConfig), which names the field and the reason.
 */
import type { ConfigFieldView, JsonObject, JsonValue } from '../../../electron/contract/maintenance-api.ts';

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);

export const splitPath = (path: string): string[] => path.split('.');

export function valueAt(root: JsonObject, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A copy of `root` with `value` at `path` (intermediate objects created). */
export function setAt(root: JsonObject, path: readonly string[], value: JsonValue): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined) return root;
  const child = root[head];
  return { ...root, [head]: rest.length === 0 ? value : setAt(isObject(child) ? child : {}, rest, value) };
}

/** A copy of `root` without `path`; objects left empty are removed too (the default applies). */
export function removeAt(root: JsonObject, path: readonly string[]): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined || !(head in root)) return root;
  const copy = { ...root };
  if (rest.length === 0) {
    delete copy[head];
    return copy;
  }
  const child = root[head];
  if (!isObject(child)) return root;
  const next = removeAt(child, rest);
  if (Object.keys(next).length === 0) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** The value a field shows: the draft's when set there, else the running config's. */
export function shownValue(field: ConfigFieldView, draft: JsonObject): JsonValue | undefined {
  const drafted = valueAt(draft, splitPath(field.path));
  return drafted !== undefined ? drafted : field.value;
}

export function isDrafted(field: ConfigFieldView, draft: JsonObject): boolean {
  return valueAt(draft, splitPath(field.path)) !== undefined;
}

export type ParsedInput = { ok: true; value: JsonValue } | { ok: false; reason: 'number' | 'json' };

/** Text typed for a field → its JSON value. */
export function parseFieldInput(field: Pick<ConfigFieldView, 'kind' | 'nullable'>, text: string): ParsedInput {
  const trimmed = text.trim();
  if (field.nullable && trimmed === '') return { ok: true, value: null };
  switch (field.kind) {
    case 'integer':
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return { ok: false, reason: 'number' };
      return { ok: true, value: Number(trimmed) };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(trimmed) as JsonValue };
      } catch {
        return { ok: false, reason: 'json' };
      }
    default:
      return { ok: true, value: text };
  }
}

/** How a value is shown as text in the field editor. */
export function formatValue(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Paths whose value differs between two overrides (for "n changes"). */
export function changedPaths(fields: readonly ConfigFieldView[], before: JsonObject, after: JsonObject): string[] {
  return fields
    .filter((f) => JSON.stringify(valueAt(before, splitPath(f.path))) !== JSON.stringify(valueAt(after, splitPath(f.path))))
    .map((f) => f.path);
}
