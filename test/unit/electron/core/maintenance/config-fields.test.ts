/**
 * The configuration editor's fields come from the zod schema: every leaf of the schema is a
 * field, with a widget kind that matches its type, and refusals split into path + reason.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../../electron/core/config/config-error.ts';
import { terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import { configFieldShapes, configFields, problemsOf } from '../../../../../electron/core/maintenance/config-fields.ts';
import type { JsonObject } from '../../../../../electron/contract/maintenance-api.ts';
import defaults from '../../../../../resources/config/default.json';

/** Leaf paths of a value: what a full config looks like to the editor. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe('config fields', () => {
  it('has a field for every leaf of a full config (nothing the schema holds is left out)', () => {
    const config = terminalConfigSchema.parse(defaults);
    const fieldPaths = new Set(configFieldShapes().map((f) => f.path));
    // publicKeys (array of objects) and demo (loose object) are single JSON fields.
    const expected = leafPaths(config).filter((p) => !p.startsWith('demo.'));
    for (const path of expected) expect(fieldPaths.has(path), path).toBe(true);
    expect(fieldPaths.has('demo')).toBe(true);
  });

  it('chooses the widget from the type, with the schema limits', () => {
    const byPath = new Map(configFieldShapes().map((f) => [f.path, f]));
    expect(byPath.get('timeouts.inactivitySeconds')).toMatchObject({ kind: 'integer', min: 15, max: 600 });
    expect(byPath.get('devices.idCard.enabled')).toMatchObject({ kind: 'boolean', required: true });
    expect(byPath.get('devices.idCard.baudRate')).toMatchObject({ kind: 'enum', options: [9600, 19200, 38400, 57600, 115200] });
    expect(byPath.get('locale')).toMatchObject({ kind: 'string', pattern: expect.stringContaining('[a-z]{2,3}') });
    expect(byPath.get('services.enabled')).toMatchObject({ kind: 'enum-list' });
    expect(byPath.get('staff.cornerSequence')).toMatchObject({ kind: 'enum-list', min: 4, max: 12 });
    expect(byPath.get('watchdog.dailyRestartHour')).toMatchObject({ kind: 'integer', nullable: true, min: 0, max: 23 });
    expect(byPath.get('fleet.brokerUrl')).toMatchObject({ kind: 'string' });
    expect(byPath.get('terminalId')).toMatchObject({ kind: 'string', pattern: expect.stringContaining('A-Z') });
    expect(byPath.get('publicKeys')).toMatchObject({ kind: 'json' });
  });

  it('marks what the override sets and carries the running values', () => {
    const config = JSON.parse(JSON.stringify(terminalConfigSchema.parse(defaults))) as JsonObject;
    const fields = configFields(config, { timeouts: { inactivitySeconds: 90 } });
    expect(fields.find((f) => f.path === 'timeouts.inactivitySeconds')).toMatchObject({ overridden: true, value: 60 });
    expect(fields.find((f) => f.path === 'timeouts.warningSeconds')).toMatchObject({ overridden: false, value: 20 });
    expect(fields.find((f) => f.path === 'demo')).not.toHaveProperty('value');
  });

  it('splits refusals into field path and reason', () => {
    const error = new ConfigError('x.json', 'timeouts.inactivitySeconds', ['timeouts.inactivitySeconds: must be ≥ 15 (got 3)', 'fleet.bogus: unknown field']);
    expect(problemsOf(error)).toEqual([
      { path: 'timeouts.inactivitySeconds', reason: 'must be ≥ 15 (got 3)' },
      { path: 'fleet.bogus', reason: 'unknown field' },
    ]);
    expect(problemsOf(new ConfigError('x.json', '', ['not valid JSON at line 1, column 2']))).toEqual([
      { path: '(root)', reason: 'not valid JSON at line 1, column 2' },
    ]);
  });
});
