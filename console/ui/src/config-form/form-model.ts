/**
 * The rollout form, generated from the terminal's config schema as the server serves it (JSON
 * Schema with an authority on every node, console/server/rollout-config/config-form-schema.ts).
 * Pure: the schema becomes a tree of field descriptors, which SchemaForm.tsx renders; values are
 * plain JSON edited immutably, and the override sent is only what differs from the shipped defaults.
 *
 * Validation is the server's (the terminal's real zod schema); the descriptors carry min/max,
 * pattern and lengths only so the browser can hint before a round trip.
 *
 * An optional field (`.optional()` in the schema, no default) can be "not set": its key is left out
 * of the values, so it is left out of the override and the terminal runs without it (a bundle
 * replaces the terminal's override whole). `unsetAt` is the way back to that once it was touched.
 */
import type { ConfigAuthority, ConfigSchemaNode } from '../../../shared/api-types.ts';

export type Path = (string | number)[];

interface Base {
  path: Path;
  authority: ConfigAuthority;
  /** False for an optional field without a default: it may be absent ("not set"). */
  required: boolean;
  /** The schema's default, which a new value of this field starts from. */
  default?: unknown;
}

export type FormField =
  /** perTerminal: keys each terminal keeps its own, not offered (the form notes where they come from). */
  | (Base & { kind: 'group'; children: FormField[]; perTerminal?: string[] })
  | (Base & { kind: 'select'; options: (string | number)[]; nullable: boolean })
  | (Base & { kind: 'number'; integer: boolean; min?: number; max?: number; nullable: boolean })
  | (Base & { kind: 'text'; pattern?: string; minLength?: number; maxLength?: number; format?: string; allowEmpty: boolean })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'list'; item: FormField; minItems?: number; maxItems?: number })
  /** A shape the generator has no control for (a loose object): edited as JSON text. */
  | (Base & { kind: 'json' });

/** The descriptor tree of a schema node; `path` is where its value sits in the config. */
export function formFields(node: ConfigSchemaNode, path: Path = [], required = true): FormField {
  const base = { path, authority: node.authority ?? 'fleet', required, ...(node.default !== undefined ? { default: node.default } : {}) };
  const options = node.anyOf ?? [];
  const nullable = options.some((o) => o.type === 'null');
  const emptyString = options.some((o) => o.const === '');
  const main = options.length > 0 ? options.find((o) => o.type !== 'null' && o.const === undefined) : node;
  if (!main) return { ...base, kind: 'json' };
  const inherit = { ...main, authority: node.authority ?? main.authority } as ConfigSchemaNode;
  if (inherit.enum) return { ...base, kind: 'select', options: inherit.enum, nullable };
  switch (inherit.type) {
    case 'object': {
      if (!inherit.properties || inherit.additionalProperties !== false) return { ...base, kind: 'json' };
      const req = new Set(inherit.required ?? []);
      const children = Object.entries(inherit.properties).map(([key, child]) => formFields(child, [...path, key], req.has(key) || child.default !== undefined));
      return { ...base, kind: 'group', children, ...(inherit.perTerminal?.length ? { perTerminal: inherit.perTerminal } : {}) };
    }
    case 'array':
      if (!inherit.items) return { ...base, kind: 'json' };
      return { ...base, kind: 'list', item: formFields(inherit.items, [...path, 0], true), ...bounds(inherit.minItems, inherit.maxItems, 'minItems', 'maxItems') };
    case 'integer':
    case 'number':
      return { ...base, kind: 'number', integer: inherit.type === 'integer', nullable, ...bounds(inherit.minimum, inherit.maximum, 'min', 'max') };
    case 'string':
      return {
        ...base,
        kind: 'text',
        allowEmpty: emptyString || (inherit.minLength ?? 0) === 0,
        ...(inherit.pattern !== undefined ? { pattern: inherit.pattern } : {}),
        ...(inherit.format !== undefined ? { format: inherit.format } : {}),
        ...bounds(inherit.minLength, inherit.maxLength, 'minLength', 'maxLength'),
      };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    default:
      return { ...base, kind: 'json' };
  }
}

function bounds<A extends string, B extends string>(low: number | undefined, high: number | undefined, a: A, b: B): Partial<Record<A | B, number>> {
  return { ...(low !== undefined ? { [a]: low } : {}), ...(high !== undefined ? { [b]: high } : {}) } as Partial<Record<A | B, number>>;
}

/** A list item's descriptor at index i (the template is built for index 0). */
export function itemAt(item: FormField, listPath: Path, index: number): FormField {
  const depth = listPath.length;
  const rebase = (f: FormField): FormField => {
    const path = [...listPath, index, ...f.path.slice(depth + 1)];
    if (f.kind === 'group') return { ...f, path, children: f.children.map(rebase) };
    if (f.kind === 'list') return { ...f, path };
    return { ...f, path };
  };
  return rebase(item);
}

/** A new list item or section: the schema's default for it, else an empty value of its kind (optional parts left unset). */
export function emptyValue(field: FormField): unknown {
  if (field.default !== undefined) return structuredClone(field.default);
  switch (field.kind) {
    case 'group':
      return Object.fromEntries(field.children.filter((c) => c.required).map((c) => [String(c.path.at(-1)), emptyValue(c)]));
    case 'select':
      return field.options[0] ?? '';
    case 'number':
      return field.nullable ? null : (field.min ?? 0);
    case 'boolean':
      return false;
    case 'list':
      return [];
    case 'text':
      return '';
    case 'json':
      return {};
  }
}

export function getAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A copy of root with the value at path replaced (objects and arrays on the way are copied, created when missing). */
export function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string | number, ...Path];
  if (typeof key === 'number') {
    const list = Array.isArray(root) ? [...(root as unknown[])] : [];
    list[key] = setAt(list[key], rest, value);
    return list;
  }
  const object = root !== null && typeof root === 'object' && !Array.isArray(root) ? { ...(root as Record<string, unknown>) } : {};
  object[key] = setAt(object[key], rest, value);
  return object;
}

/**
 * A copy of root with the field at path "not set": its key removed (objects on the way copied),
 * or, where the shipped defaults hold a value there, that value again (the terminal would merge it in anyway).
 */
export function unsetAt(root: unknown, path: Path, defaults: Record<string, unknown> = {}): unknown {
  const fallback = getAt(defaults, path);
  return fallback === undefined ? withoutKey(root, path) : setAt(root, path, structuredClone(fallback));
}

function withoutKey(root: unknown, path: Path): unknown {
  if (path.length === 0 || root === null || typeof root !== 'object') return root;
  const [key, ...rest] = path as [string | number, ...Path];
  if (Array.isArray(root)) {
    const list = [...(root as unknown[])];
    if (typeof key === 'number' && key < list.length) list[key] = withoutKey(list[key], rest);
    return list;
  }
  const object = { ...(root as Record<string, unknown>) };
  if (!Object.hasOwn(object, key)) return root;
  if (rest.length === 0) delete object[key];
  else object[key] = withoutKey(object[key], rest);
  return object;
}

export function removeAt(root: unknown, listPath: Path, index: number): unknown {
  const list = getAt(root, listPath);
  return setAt(root, listPath, Array.isArray(list) ? list.filter((_, i) => i !== index) : []);
}

/**
 * The override: what differs from the shipped defaults. Objects compare key by key; arrays and
 * scalars are replaced whole (the terminal's merge rule, deep-merge.ts). A value equal to its
 * default is left out, so a later release's new default still reaches the fleet.
 */
export function overrideFrom(values: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const base = defaults[key];
    if (isObject(value) && isObject(base)) {
      const inner = overrideFrom(value, base);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (!sameJson(value, base)) {
      out[key] = value;
    }
  }
  return out;
}

/** The form's values for an override: the defaults with the override merged in (the terminal's merge). */
export function valuesFrom(override: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(override)) {
    const base = out[key];
    out[key] = isObject(value) && isObject(base) ? valuesFrom(value, base) : value;
  }
  return out;
}

/** Dotted path as the server names fields in its issues ('publicKeys.0.key'). */
export function dotted(path: Path): string {
  return path.join('.');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
