/**
 * Override semantics: objects merge key by key, everything else (arrays included) replaces.
 * Replacing arrays is deliberate: an override's `services.enabled` is the whole list, so a
 * service can be switched off by leaving it out.
 */
export type JsonObject = { [key: string]: unknown };

export function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function deepMerge(base: JsonObject, override: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of [...Object.entries(base), ...Object.entries(override)]) {
    const previous = Object.hasOwn(out, key) ? out[key] : undefined;
    const merged = isPlainObject(previous) && isPlainObject(value) ? deepMerge(previous, value) : value;
    // defineProperty, not assignment: a "__proto__" key from JSON stays an ordinary (and, for the
    // strict schema, unknown) field instead of swapping the object's prototype.
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
