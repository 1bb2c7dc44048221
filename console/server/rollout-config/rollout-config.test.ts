import { describe, expect, it } from 'vitest';
import { fieldAuthoritiesOf } from '../../../electron/core/config/config-authority.ts';
import { terminalConfigSchema } from '../../../electron/core/config/config-schema.ts';
import type { ConfigSchemaNode } from '../../shared/api-types.ts';
import { diffConfigs, targetDiffs } from './config-diff.ts';
import { configFormSchema, shippedDefaults } from './config-form-schema.ts';
import { checkRolloutConfig, effectiveConfig } from './rollout-config-check.ts';
import { resolveTargets, type SiteTerminal } from './site-groups.ts';

const nodeAt = (root: ConfigSchemaNode, dotted: string): ConfigSchemaNode | undefined =>
  dotted.split('.').reduce<ConfigSchemaNode | undefined>((node, key) => (key === '0' ? node?.items : node?.properties?.[key]), root);

describe('the config schema served to the form', () => {
  const schema = configFormSchema();

  it('is the terminal schema as JSON Schema, without version, terminalId and the demo switches', () => {
    const terminalKeys = Object.keys(terminalConfigSchema.shape);
    expect(terminalKeys).toEqual(expect.arrayContaining(['version', 'terminalId', 'demo', 'timeouts', 'fleet']));
    expect(Object.keys(schema.properties ?? {})).toEqual(terminalKeys.filter((k) => !['version', 'terminalId', 'demo'].includes(k)));
    expect(schema.required).toEqual(['upstream', 'services', 'devices']);
    expect(nodeAt(schema, 'timeouts.inactivitySeconds')).toMatchObject({ type: 'integer', minimum: 15, maximum: 600, default: 60 });
    expect(nodeAt(schema, 'devices.idCard.baudRate')?.enum).toEqual([9600, 19200, 38400, 57600, 115200]);
    expect(nodeAt(schema, 'publicKeys.0.key')?.pattern).toBe('^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$');
    // Each terminal's own relay tag is no field; its parent names it, so the form can say where it comes from.
    expect(fieldAuthoritiesOf(terminalConfigSchema).map((f) => f.path)).toContain('payments.notifyTag');
    expect(nodeAt(schema, 'payments.notifyTag')).toBeUndefined();
    expect(nodeAt(schema, 'payments')).toMatchObject({ perTerminal: ['notifyTag'] });
    expect(nodeAt(schema, 'payments.notifyBaseUrl')).toMatchObject({ type: 'string', authority: 'fleet' });
  });

  it('marks every field with the authority the terminal itself enforces', () => {
    const onTerminal = fieldAuthoritiesOf(terminalConfigSchema).filter((f) => !['version', 'terminalId', 'demo', 'payments.notifyTag'].includes(f.path));
    expect(onTerminal.length).toBeGreaterThan(40);
    for (const field of onTerminal) expect(nodeAt(schema, field.path)?.authority, field.path).toBe(field.authority);
    expect(nodeAt(schema, 'upstream.baseUrl')?.authority).toBe('fleet');
    expect(nodeAt(schema, 'upstream.timeoutMs')?.authority).toBe('staff');
    expect(nodeAt(schema, 'fleet.groups')?.authority).toBe('fleet');
    // Inherited into array items and alternatives too.
    expect(nodeAt(schema, 'publicKeys.0.id')?.authority).toBe('fleet');
    expect(nodeAt(schema, 'watchdog.dailyRestartHour')?.anyOf?.map((o) => o.authority)).toEqual(['fleet', 'fleet']);
  });

  it('serves the shipped defaults without the per-terminal fields', () => {
    const defaults = shippedDefaults();
    expect(defaults).not.toHaveProperty('terminalId');
    expect(defaults).not.toHaveProperty('version');
    expect(defaults).toMatchObject({ fleet: { enabled: false }, timeouts: { inactivitySeconds: 60 } });
  });
});

describe('checking a prepared config with the terminal schema', () => {
  it('accepts the shipped defaults and a valid override', () => {
    expect(checkRolloutConfig({}).ok).toBe(true);
    const checked = checkRolloutConfig({ timeouts: { inactivitySeconds: 90 }, fleet: { enabled: true, brokerUrl: 'mqtts://fleet.example.org:8883', groups: ['hall-3'] } });
    expect(checked).toMatchObject({ ok: true, config: { timeouts: { inactivitySeconds: 90, warningSeconds: 20 }, fleet: { groups: ['hall-3'] } } });
  });

  it.each([
    ['a number out of range', { timeouts: { inactivitySeconds: 5 } }, 'timeouts.inactivitySeconds', /too small|>=15/],
    ['text for a number', { timeouts: { inactivitySeconds: 'sixty' } }, 'timeouts.inactivitySeconds', /number/],
    ['a rule across fields', { timeouts: { inactivitySeconds: 20, warningSeconds: 25 } }, 'timeouts.warningSeconds', /less than timeouts.inactivitySeconds/],
    ['fleet on without a broker', { fleet: { enabled: true } }, 'fleet.brokerUrl', /required when fleet.enabled/],
    ['plain mqtt to a remote host', { fleet: { enabled: true, brokerUrl: 'mqtt://fleet.example.org' } }, 'fleet.brokerUrl', /mqtts/],
    ['an unknown field', { timeouts: { idleSeconds: 30 } }, 'timeouts', /idleSeconds/],
    ['a bad key in a list', { publicKeys: [{ id: 'k1', key: 'short' }] }, 'publicKeys.0.key', /Ed25519/],
    ['a service that does not exist', { services: { enabled: ['credit-query', 'lottery'] } }, 'services.enabled.1', /.+/],
    ['a terminal id', { terminalId: 'KM-0001' }, 'terminalId', /keeps its own id/],
    ['a version', { version: '9.9.9' }, 'version', /rollout's version/],
    ['one terminal’s notify relay tag', { payments: { gatewayUrl: 'https://pay.example.gov.cn', notifyTag: 'A'.repeat(22) } }, 'payments.notifyTag', /its own tag/],
  ])('refuses %s, naming the field', (_what, override, path, message) => {
    const checked = checkRolloutConfig(override);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const issue = checked.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(checked.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('refuses a prototype key instead of merging it', () => {
    expect(checkRolloutConfig(JSON.parse('{"timeouts":{"__proto__":{"inactivitySeconds":5}}}'))).toEqual({ ok: false, issues: [{ path: 'timeouts.__proto__', message: 'a key named like this is not allowed' }] });
    expect(checkRolloutConfig([])).toEqual({ ok: false, issues: [{ path: '', message: 'must be a JSON object' }] });
  });
});

describe('diff against what each target runs', () => {
  it('lists the leaves that change, with their authority, arrays whole', () => {
    const running = effectiveConfig({ timeouts: { inactivitySeconds: 90 }, fleet: { groups: ['a'] } });
    const prepared = effectiveConfig({ timeouts: { inactivitySeconds: 120 }, fleet: { groups: ['a', 'b'] }, locale: 'en-US' });
    expect(diffConfigs(running, prepared)).toEqual([
      { path: 'locale', authority: 'staff', running: 'zh-CN', prepared: 'en-US' },
      { path: 'timeouts.inactivitySeconds', authority: 'staff', running: 90, prepared: 120 },
      { path: 'fleet.groups', authority: 'fleet', running: ['a'], prepared: ['a', 'b'] },
    ]);
    expect(diffConfigs(running, running)).toEqual([]);
  });

  it('says unknown when the console does not hold the config of the version a terminal reports', () => {
    const held = new Map([['1.1.0', JSON.stringify({ timeouts: { inactivitySeconds: 90 } })]]);
    const diffs = targetDiffs(
      [
        { id: 'KM-0001', configVersion: '1.1.0' },
        { id: 'KM-0002', configVersion: '0.9.0-local' },
        { id: 'KM-0003', configVersion: null },
      ],
      held,
      { timeouts: { inactivitySeconds: 120 } },
    );
    expect(diffs).toEqual([
      { terminalId: 'KM-0001', runningVersion: '1.1.0', known: true, changes: [{ path: 'timeouts.inactivitySeconds', authority: 'staff', running: 90, prepared: 120 }] },
      { terminalId: 'KM-0002', runningVersion: '0.9.0-local', known: false, changes: [] },
      { terminalId: 'KM-0003', runningVersion: null, known: false, changes: [] },
    ]);
  });

  it('leaves a machine’s own site and device ports out of the diff when the bundle does not name them, as the terminal keeps them', () => {
    const held = new Map([['1.1.0', JSON.stringify({ site: { region: 'kunming', hall: 'hall-3' } })]]);
    const [kept] = targetDiffs([{ id: 'KM-0003', configVersion: '1.1.0' }], held, { timeouts: { inactivitySeconds: 120 } });
    expect(kept?.changes.map((c) => c.path)).toEqual(['timeouts.inactivitySeconds']);
    const [named] = targetDiffs([{ id: 'KM-0003', configVersion: '1.1.0' }], held, { site: { region: 'yuxi' } });
    expect(named?.changes.map((c) => c.path)).toEqual(['site.region', 'site.hall']);
  });
});

describe('group targets by site', () => {
  const fleet: SiteTerminal[] = [
    { id: 'KM-0003', region: 'kunming', hall: 'hall-3', tags: '["night"]' },
    { id: 'KM-0001', region: 'kunming', hall: 'hall-1', tags: '[]' },
    { id: 'DL-0001', region: 'dali', hall: 'hall-1', tags: '["night","pilot"]' },
    { id: 'XX-0001', region: null, hall: null, tags: 'not json' },
  ];

  it('expands region, hall and tag to the terminals reporting them, ids as written, each once', () => {
    expect(resolveTargets(['region:kunming'], fleet)).toEqual({ ids: ['KM-0001', 'KM-0003'], groups: ['region:kunming'], problems: [], unplaced: [] });
    expect(resolveTargets(['hall:hall-1', 'KM-0001', 'tag:night'], fleet).ids).toEqual(['DL-0001', 'KM-0001', 'KM-0003']);
    expect(resolveTargets(['KM-9999'], fleet)).toEqual({ ids: ['KM-9999'], groups: [], problems: [], unplaced: [] });
  });

  it('names a group that matches no terminal', () => {
    expect(resolveTargets(['region:lhasa', 'tag:pilot'], fleet)).toEqual({ ids: ['DL-0001'], groups: ['region:lhasa', 'tag:pilot'], problems: ['region:lhasa matches no terminal'], unplaced: [] });
  });

  it('places terminals by their own fleet.groups only where the console holds their config, and names the others', () => {
    const withGroups: SiteTerminal[] = [
      { ...fleet[0]!, fleetGroups: ['kunming-night'] },
      { ...fleet[1]!, fleetGroups: [] },
      { ...fleet[2]!, fleetGroups: null },
    ];
    expect(resolveTargets(['group:kunming-night'], withGroups)).toEqual({ ids: ['KM-0003'], groups: ['group:kunming-night'], problems: [], unplaced: ['DL-0001'] });
    expect(resolveTargets(['group:nobody'], withGroups).problems).toEqual(['group:nobody matches no terminal whose config this console holds (1 run a config it did not hand out)']);
  });
});
