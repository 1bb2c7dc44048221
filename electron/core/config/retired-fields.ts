/**
 * Fields older versions accepted and this one no longer reads, because each named a file or a
 * program (issue 10): a config written before the upgrade must keep the terminal running, so
 * these are dropped from files already on disk (override, last good, history) with a warning
 * that says where the setting lives now. A change arriving now (maintenance screen, bundle) that
 * still carries one is refused as an unknown field instead.
 */
import { isPlainObject, type JsonObject } from './deep-merge.ts';

const RETIRED: ReadonlyArray<{ path: readonly string[]; instead: string }> = [
  { path: ['fleet', 'passwordFile'], instead: 'the fleet password is read from fleet-password in the credentials folder' },
  { path: ['fleet', 'caFile'], instead: 'the fleet CA is read from fleet-ca.pem in the credentials folder' },
  { path: ['devices', 'a4Printer', 'chromiumPath'], instead: 'Chromium is looked for in fixed system locations' },
];

/** A copy of `raw` without retired fields, and one warning per field removed. */
export function dropRetiredFields(raw: JsonObject): { config: JsonObject; warnings: string[] } {
  let config = raw;
  const warnings: string[] = [];
  for (const { path, instead } of RETIRED) {
    const next = without(config, path);
    if (next === config) continue;
    config = next;
    warnings.push(`${path.join('.')} is no longer read and was ignored: ${instead}`);
  }
  return { config, warnings };
}

/** `object` without the key at `path`; the same object when there is none. */
function without(object: JsonObject, path: readonly string[]): JsonObject {
  const [key, ...rest] = path;
  if (key === undefined || !Object.hasOwn(object, key)) return object;
  if (rest.length === 0) {
    const copy = { ...object };
    delete copy[key];
    return copy;
  }
  const child = object[key];
  if (!isPlainObject(child)) return object;
  const next = without(child, rest);
  return next === child ? object : { ...object, [key]: next };
}
