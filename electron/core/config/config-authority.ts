/**
 * Who may change which part of the configuration. On-site staff (PIN or staff card) change what a
 * hall needs: device ports, paper, timeouts, enabled services, locale, privacy on card removal.
 * Everything else (where citizen data goes, which keys are trusted, the fleet connection, staff
 * policy, the terminal's identity) is the fleet authority's, changed only through a signed bundle.
 *
 * The schema itself says it: a field or section marked `.meta(STAFF_EDITABLE)` (inherited by its
 * children) is staff's; anything unmarked is fleet-only, so a field added without thought is
 * protected rather than exposed.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

export type ConfigAuthority = 'staff' | 'fleet';

/** Schema metadata: on-site staff may change this field (or every field of this section). */
export const STAFF_EDITABLE = { authority: 'staff' } as const satisfies { authority: ConfigAuthority };

interface JsonSchemaNode {
  type?: string;
  authority?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: boolean | JsonSchemaNode;
}

export interface FieldAuthority {
  /** Dotted path of a leaf the editor shows (an array or a loose object is one leaf). */
  path: string;
  authority: ConfigAuthority;
}

/** Every leaf of a schema's JSON Schema with the authority inherited from its nearest marked ancestor. */
export function fieldAuthoritiesOf(schema: z.ZodType): FieldAuthority[] {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  return walk(root, [], 'fleet');
}

function walk(node: JsonSchemaNode, path: string[], inherited: ConfigAuthority): FieldAuthority[] {
  const authority: ConfigAuthority = node.authority === 'staff' ? 'staff' : node.authority === 'fleet' ? 'fleet' : inherited;
  if (node.type === 'object' && node.properties && node.additionalProperties === false) {
    return Object.entries(node.properties).flatMap(([key, child]) => walk(child, [...path, key], authority));
  }
  return [{ path: path.join('.'), authority }];
}

/**
 * The fleet-only fields whose value differs between two configs (both validated, defaults
 * applied): what a maintenance change must not touch. Returned in schema order.
 */
export function fleetOnlyChanges(fields: readonly FieldAuthority[], current: unknown, next: unknown): string[] {
  return fields
    .filter((f) => f.authority === 'fleet' && !isDeepStrictEqual(json(valueAt(current, f.path)), json(valueAt(next, f.path))))
    .map((f) => f.path);
}

function valueAt(root: unknown, dotted: string): unknown {
  let current = root;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Frozen running config vs freshly parsed one: compare as JSON so undefined and absent agree. */
function json(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
