import { describe, expect, it } from 'vitest';
import { configFormSchema, shippedDefaults } from '../../../server/rollout-config/config-form-schema.ts';
import { checkRolloutConfig } from '../../../server/rollout-config/rollout-config-check.ts';
import enUS from '../locales/en-US.json';
import zhCN from '../locales/zh-CN.json';
import { dotted, emptyValue, formFields, getAt, itemAt, overrideFrom, removeAt, setAt, valuesFrom, type FormField } from './form-model.ts';

/** The form generated from the schema the server really serves (the terminal's zod schema). */
const root = formFields(configFormSchema());
const all = (f: FormField): FormField[] => [f, ...(f.kind === 'group' ? f.children.flatMap(all) : f.kind === 'list' ? all(f.item) : [])];
const byPath = new Map(all(root).map((f) => [dotted(f.path), f]));

describe('form generated from the terminal config schema', () => {
  it('makes objects fieldsets, enums selects, arrays lists, numbers with bounds, patterned strings, booleans', () => {
    expect(byPath.get('devices')).toMatchObject({ kind: 'group', authority: 'staff' });
    expect(byPath.get('devices.idCard.baudRate')).toMatchObject({ kind: 'select', options: [9600, 19200, 38400, 57600, 115200], nullable: false });
    expect(byPath.get('services.enabled')).toMatchObject({ kind: 'list', item: { kind: 'select', path: ['services', 'enabled', 0] } });
    expect(byPath.get('timeouts.inactivitySeconds')).toMatchObject({ kind: 'number', integer: true, min: 15, max: 600 });
    expect(byPath.get('watchdog.dailyRestartHour')).toMatchObject({ kind: 'number', nullable: true, min: 0, max: 23, authority: 'fleet' });
    expect(byPath.get('fleet.brokerUrl')).toMatchObject({ kind: 'text', allowEmpty: true, authority: 'fleet' });
    expect(byPath.get('fleet.brokerUrl')).toHaveProperty('pattern');
    expect(byPath.get('locale')).toMatchObject({ kind: 'text', authority: 'staff', pattern: expect.any(String) as string });
    expect(byPath.get('privacy.endSessionOnCardRemoval')).toMatchObject({ kind: 'boolean', authority: 'staff' });
    expect(byPath.get('publicKeys')).toMatchObject({ kind: 'list', maxItems: 16, authority: 'fleet', item: { kind: 'group' } });
    expect(byPath.get('publicKeys.0.key')).toMatchObject({ kind: 'text', authority: 'fleet' });
    expect(byPath.get('staff.cornerSequence')).toMatchObject({ kind: 'list', minItems: 4, maxItems: 12 });
    // Nothing the generator could not handle, and no per-terminal fields.
    expect([...byPath.values()].filter((f) => f.kind === 'json')).toEqual([]);
    expect(byPath.has('terminalId')).toBe(false);
    expect(byPath.has('version')).toBe(false);
  });

  it('has a label for every field in both languages', () => {
    const keys = new Set([...byPath.values()].flatMap((f) => f.path.filter((k): k is string => typeof k === 'string')));
    const missing = (labels: Record<string, string>) => [...keys].filter((k) => !Object.hasOwn(labels, k));
    expect(missing(zhCN.configFields)).toEqual([]);
    expect(missing(enUS.configFields)).toEqual([]);
  });

  it('rebases a list item template onto its index, and makes new items from it', () => {
    const keys = byPath.get('publicKeys');
    if (keys?.kind !== 'list') throw new Error('publicKeys is not a list');
    const second = itemAt(keys.item, keys.path, 1);
    expect(second.kind === 'group' && second.children.map((c) => dotted(c.path))).toEqual(['publicKeys.1.id', 'publicKeys.1.key']);
    expect(emptyValue(keys.item)).toEqual({ id: '', key: '' });
    expect(emptyValue(byPath.get('watchdog.dailyRestartHour')!)).toBeNull();
  });
});

describe('form values and the override sent', () => {
  const defaults = shippedDefaults();

  it('edits immutably, creating what is missing', () => {
    const before = { a: { b: 1 }, list: [1, 2, 3] };
    const after = setAt(before, ['a', 'c'], 2);
    expect(after).toEqual({ a: { b: 1, c: 2 }, list: [1, 2, 3] });
    expect(before).toEqual({ a: { b: 1 }, list: [1, 2, 3] });
    expect(setAt({}, ['x', 0, 'y'], true)).toEqual({ x: [{ y: true }] });
    expect(removeAt(before, ['list'], 1)).toEqual({ a: { b: 1 }, list: [1, 3] });
    expect(getAt(after, ['a', 'c'])).toBe(2);
    expect(getAt(after, ['nope', 'deeper'])).toBeUndefined();
  });

  it('sends only what differs from the shipped defaults (arrays whole), and round-trips through the form values', () => {
    let values = valuesFrom({}, defaults);
    expect(overrideFrom(values, defaults)).toEqual({});
    values = setAt(values, ['timeouts', 'inactivitySeconds'], 90) as Record<string, unknown>;
    values = setAt(values, ['fleet', 'groups'], ['hall-3']) as Record<string, unknown>;
    const override = overrideFrom(values, defaults);
    expect(override).toEqual({ timeouts: { inactivitySeconds: 90 }, fleet: { groups: ['hall-3'] } });
    expect(valuesFrom(override, defaults)).toEqual(values);
    expect(checkRolloutConfig(override).ok).toBe(true);
  });

  it('keeps unparseable input, so the server names the field instead of a default winning', () => {
    const values = setAt(valuesFrom({}, defaults), ['timeouts', 'inactivitySeconds'], '') as Record<string, unknown>;
    const checked = checkRolloutConfig(overrideFrom(values, defaults));
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.issues.map((i) => i.path)).toEqual(['timeouts.inactivitySeconds']);
  });
});
