import { describe, expect, it } from 'vitest';
import { configFormSchema, shippedDefaults } from '../../../server/rollout-config/config-form-schema.ts';
import { checkRolloutConfig } from '../../../server/rollout-config/rollout-config-check.ts';
import { targetDiffs } from '../../../server/rollout-config/config-diff.ts';
import enUS from '../locales/en-US.json';
import zhCN from '../locales/zh-CN.json';
import { dotted, emptyValue, formFields, getAt, itemAt, overrideFrom, removeAt, setAt, unsetAt, valuesFrom, type FormField } from './form-model.ts';

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

  it('does not offer payments.notifyTag (each terminal has its own) and names it on its section for the note', () => {
    expect(byPath.has('payments.notifyTag')).toBe(false);
    expect([...byPath.keys()].filter((k) => k.endsWith('notifyTag'))).toEqual([]);
    expect(byPath.get('payments')).toMatchObject({ kind: 'group', perTerminal: ['notifyTag'] });
    expect(byPath.get('payments.notifyBaseUrl')).toMatchObject({ kind: 'text', authority: 'fleet' });
    // Starting the section from the defaults brings no tag into the override either.
    const payments = byPath.get('payments')!;
    expect(Object.keys(emptyValue(payments) as Record<string, unknown>)).not.toContain('notifyTag');
    // Its note, in both languages.
    expect(zhCN.configForm.perTerminal.notifyTag).toContain('payments.notifyTag');
    expect(enUS.configForm.perTerminal.notifyTag).toContain('payments.notifyTag');
    // The server check still refuses a bundle carrying one (an API client, an edited override).
    const refused = checkRolloutConfig({ payments: { gatewayUrl: 'https://pay.example.gov.cn', notifyTag: 'A'.repeat(22) } });
    expect(!refused.ok && refused.issues.map((i) => i.path)).toContain('payments.notifyTag');
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
    // A field starts from the schema's default; without one, a nullable number starts empty (null).
    const restartHour = byPath.get('watchdog.dailyRestartHour')!;
    expect(emptyValue(restartHour)).toBe(restartHour.default);
    const { default: _default, ...withoutDefault } = restartHour;
    expect(emptyValue(withoutDefault as FormField)).toBeNull();
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

describe('optional sections and fields: set, then "not set" again', () => {
  const defaults = shippedDefaults();
  const gateway = 'http://127.0.0.1:9/pay';

  it('marks optional fields without a default as optional, and starts a new section from its defaults with optional parts unset', () => {
    expect(byPath.get('payments')).toMatchObject({ kind: 'group', required: false });
    expect(byPath.get('payments.wechatPay')).toMatchObject({ kind: 'group', required: false });
    expect(byPath.get('payments.notifyBaseUrl')).toMatchObject({ kind: 'text', required: false });
    expect(byPath.get('payments.gatewayUrl')).toMatchObject({ kind: 'text', required: true });
    expect(byPath.get('payments.timeoutMs')).toMatchObject({ required: true, default: 8000 });
    expect(byPath.get('timeouts.inactivitySeconds')).toMatchObject({ required: true });
    expect(emptyValue(byPath.get('payments')!)).toEqual({ gatewayUrl: '', timeoutMs: 8000, micropaySettleSeconds: 60, nativeTtlSeconds: 300 });
    expect(emptyValue(byPath.get('payments.wechatPay')!)).toEqual({ appId: '', mchId: '' });
  });

  it('a touched optional section refused by the server is accepted once removed, and the override no longer names it', () => {
    const start = valuesFrom({}, defaults);
    expect(getAt(start, ['payments'])).toBeUndefined();
    const touched = setAt(start, ['payments'], emptyValue(byPath.get('payments')!)) as Record<string, unknown>;
    const refused = checkRolloutConfig(overrideFrom(touched, defaults));
    expect(!refused.ok && refused.issues.map((i) => i.path)).toEqual(['payments.gatewayUrl']);
    const removed = unsetAt(touched, ['payments'], defaults) as Record<string, unknown>;
    expect(Object.hasOwn(removed, 'payments')).toBe(false);
    expect(removed).toEqual(start);
    expect(overrideFrom(removed, defaults)).toEqual({});
    expect(checkRolloutConfig(overrideFrom(removed, defaults)).ok).toBe(true);
    // The edit is immutable: the touched values still hold the section.
    expect(getAt(touched, ['payments', 'timeoutMs'])).toBe(8000);
  });

  it('removes a nested optional section or field and keeps the rest of its section', () => {
    let values = setAt(valuesFrom({}, defaults), ['payments'], { gatewayUrl: gateway, timeoutMs: 8000, micropaySettleSeconds: 60, nativeTtlSeconds: 300, notifyBaseUrl: 'http://127.0.0.1:8380', wechatPay: { appId: 'wx1', mchId: 'm1' } });
    values = unsetAt(values, ['payments', 'wechatPay'], defaults);
    values = unsetAt(values, ['payments', 'notifyBaseUrl'], defaults);
    const override = overrideFrom(values as Record<string, unknown>, defaults);
    expect(override).toEqual({ payments: { gatewayUrl: gateway, timeoutMs: 8000, micropaySettleSeconds: 60, nativeTtlSeconds: 300 } });
    expect(checkRolloutConfig(override).ok).toBe(true);
    // Unsetting what is not there changes nothing.
    expect(unsetAt(values, ['payments', 'alipay'], defaults)).toEqual(values);
    expect(unsetAt(values, ['nope', 'deeper'], defaults)).toEqual(values);
  });

  it('a field the shipped defaults hold goes back to the default rather than vanishing', () => {
    const values = setAt(valuesFrom({}, defaults), ['timeouts', 'inactivitySeconds'], 90) as Record<string, unknown>;
    const back = unsetAt(values, ['timeouts', 'inactivitySeconds'], defaults) as Record<string, unknown>;
    expect(getAt(back, ['timeouts', 'inactivitySeconds'])).toBe(getAt(defaults, ['timeouts', 'inactivitySeconds']));
    expect(overrideFrom(back, defaults)).toEqual({});
  });

  it('the diff against a terminal running the section shows its removal field by field', () => {
    const running = { payments: { gatewayUrl: gateway, wechatPay: { appId: 'wx1', mchId: 'm1' } } };
    const prepared = overrideFrom(unsetAt(valuesFrom(running, defaults), ['payments'], defaults) as Record<string, unknown>, defaults);
    expect(prepared).toEqual({});
    const [diff] = targetDiffs([{ id: 'KM-1', configVersion: '1.0.0' }], new Map([['1.0.0', JSON.stringify(running)]]), prepared);
    expect(diff?.known).toBe(true);
    const removed = Object.fromEntries((diff?.changes ?? []).map((c) => [c.path, [c.running, c.prepared]]));
    expect(removed).toEqual({ 'payments.gatewayUrl': [gateway, null], 'payments.wechatPay.appId': ['wx1', null], 'payments.wechatPay.mchId': ['m1', null] });
    // Removed, not set to null: the page shows "not set" on the prepared side.
    expect(diff?.changes.every((c) => c.preparedNotSet === true && c.runningNotSet === undefined)).toBe(true);
  });
});
