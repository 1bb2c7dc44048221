/**
 * The configuration editor's fields, generated from the one zod config schema (through its JSON
 * Schema), so a field added to the schema appears on the maintenance screen without UI changes.
 * Field metadata only chooses the input widget: validation stays with the zod schema in the core.
 */
import { z } from 'zod';
import type { ConfigFieldKind, ConfigFieldView, ConfigProblem, JsonObject, JsonValue } from '../../contract/maintenance-api.ts';
import { fieldAuthoritiesOf, type FieldAuthority } from '../config/config-authority.ts';
import type { ConfigError } from '../config/config-error.ts';
import { terminalConfigSchema } from '../config/config-schema.ts';

interface JsonSchema {
  type?: string;
  enum?: Array<string | number>;
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

type FieldShape = Omit<ConfigFieldView, 'value' | 'overridden'>;
type LeafShape = Omit<FieldShape, 'authority'>;

let shapes: FieldShape[] | undefined;
let authorities: FieldAuthority[] | undefined;

/** Who may change each leaf of the terminal config (config-authority.ts). */
export function configFieldAuthorities(): FieldAuthority[] {
  authorities ??= fieldAuthoritiesOf(terminalConfigSchema);
  return authorities;
}

/** Every leaf of the config schema, in schema order. */
export function configFieldShapes(): FieldShape[] {
  if (!shapes) {
    const byPath = new Map(configFieldAuthorities().map((f) => [f.path, f.authority]));
    const leaves = walk(z.toJSONSchema(terminalConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, [], true);
    // Both walks see the same JSON Schema; a leaf missing from one is fleet-only, the safe side.
    shapes = leaves.map((shape) => ({ ...shape, authority: byPath.get(shape.path) ?? 'fleet' }));
  }
  return shapes;
}

export function configFields(config: JsonObject, override: JsonObject): ConfigFieldView[] {
  return configFieldShapes().map((shape) => {
    const path = shape.path.split('.');
    const value = valueAt(config, path);
    return { ...shape, ...(value === undefined ? {} : { value }), overridden: valueAt(override, path) !== undefined };
  });
}

function walk(schema: JsonSchema, path: string[], required: boolean): LeafShape[] {
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === false) {
    const needed = new Set(schema.required ?? []);
    return Object.entries(schema.properties).flatMap(([key, child]) => walk(child, [...path, key], needed.has(key)));
  }
  return [leaf(schema, path.join('.'), required)];
}

function leaf(schema: JsonSchema, path: string, required: boolean): LeafShape {
  const options = (s: JsonSchema) => s.enum;
  const base = { path, required };
  const variants = schema.anyOf ?? [schema];
  const nullable = variants.some((v) => v.type === 'null');
  const main = variants.filter((v) => v.type !== 'null');
  const first = main[0] ?? {};
  const nullFlag = nullable ? { nullable: true } : {};
  // A string that may also be '' (e.g. fleet.brokerUrl): a plain string field.
  const allStrings = main.every((v) => v.type === 'string');
  if (main.length > 1 && allStrings) return { ...base, kind: 'string', ...nullFlag, ...stringLimits(main.find((v) => v.const === undefined) ?? first) };
  if (main.length !== 1) return { ...base, kind: 'json', ...nullFlag };
  const enumValues = options(first);
  if (enumValues) return { ...base, kind: 'enum', options: enumValues, ...nullFlag };
  switch (first.type) {
    case 'boolean':
      return { ...base, kind: 'boolean', ...nullFlag };
    case 'integer':
    case 'number':
      return { ...base, kind: first.type as ConfigFieldKind, ...nullFlag, ...numberLimits(first) };
    case 'string':
      return { ...base, kind: 'string', ...nullFlag, ...stringLimits(first) };
    case 'array': {
      const itemOptions = first.items ? options(first.items) : undefined;
      if (!itemOptions) return { ...base, kind: 'json', ...nullFlag };
      return {
        ...base,
        kind: 'enum-list',
        options: itemOptions,
        ...nullFlag,
        ...(first.minItems === undefined ? {} : { min: first.minItems }),
        ...(first.maxItems === undefined ? {} : { max: first.maxItems }),
      };
    }
    default:
      return { ...base, kind: 'json', ...nullFlag };
  }
}

function numberLimits(s: JsonSchema): Partial<LeafShape> {
  return { ...(s.minimum === undefined ? {} : { min: s.minimum }), ...(s.maximum === undefined ? {} : { max: s.maximum }) };
}

function stringLimits(s: JsonSchema): Partial<LeafShape> {
  return {
    ...(s.minLength === undefined ? {} : { minLength: s.minLength }),
    ...(s.maxLength === undefined ? {} : { maxLength: s.maxLength }),
    ...(s.pattern === undefined ? {} : { pattern: s.pattern }),
  };
}

function valueAt(root: JsonObject, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** ConfigError lines are `field: reason`; the screen shows them side by side. */
export function problemsOf(error: ConfigError): ConfigProblem[] {
  return error.problems.map((line) => {
    const at = line.indexOf(': ');
    return at > 0 ? { path: line.slice(0, at), reason: line.slice(at + 2) } : { path: error.field || '(root)', reason: line };
  });
}
