/**
 * Canonical JSON for signatures over objects that travel as JSON: object keys sorted by code
 * unit, no whitespace, arrays in order. Signer and terminal must produce the same bytes from the
 * same value however the transport reordered the keys, so the signature survives a console that
 * parses and re-serialises a command.
 */

/** Throws on values JSON cannot carry unambiguously (non-finite numbers, undefined inside arrays, functions…). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value
      .map((item) => {
        if (item === undefined) throw new TypeError('canonical JSON: undefined inside an array');
        return canonicalJson(item);
      })
      .join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON: cannot encode a ${typeof value}`);
}
