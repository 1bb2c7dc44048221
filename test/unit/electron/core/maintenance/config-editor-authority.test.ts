/**
 * The maintenance editor (staff PIN or staff card) may not change fleet-only fields (issue 10):
 * each hole of the issue is refused naming the field, audited, and leaves the override file, the
 * history and the running config as they were. Staff fields still apply.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { ConfigHistory } from '../../../../../electron/core/config/config-history.ts';
import { ConfigVersions } from '../../../../../electron/core/config/config-versions.ts';
import { ConfigStore } from '../../../../../electron/core/config/load-config.ts';
import { ConfigEditor } from '../../../../../electron/core/maintenance/config-editor.ts';
import { defaultsPath, makeKey } from '../../../../support/signed-bundles.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('config-authority');
const fleetKey = makeKey('fleet-2025');
const BASE = {
  terminalId: 'KM-0001',
  upstream: { baseUrl: 'https://credit.example.gov.cn' },
  publicKeys: [{ id: fleetKey.id, key: fleetKey.publicKey }],
};

function terminal() {
  const overridePath = tmp.path('config.json');
  writeFileSync(overridePath, JSON.stringify(BASE));
  const store = new ConfigStore({ defaultsPath, overridePath, lastGoodPath: tmp.path('config.last-good.json') });
  const history = new ConfigHistory({ historyDir: tmp.path('config-history'), overridePath });
  const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
  const versions = new ConfigVersions({ store, history, defaultsPath, audit });
  const editor = new ConfigEditor({ store, versions, history, audit });
  const snapshot = () => ({ file: readFileSync(overridePath, 'utf8'), head: history.head()?.meta.seq, config: JSON.stringify(store.current) });
  return { store, history, audit, editor, snapshot };
}

const rogue = makeKey('mine');

describe('maintenance changes to fleet-only fields', () => {
  const holes: Array<[string, Record<string, unknown>, string]> = [
    ['upstream pointed at a server of theirs', { upstream: { baseUrl: 'https://collector.example.org' } }, 'upstream.baseUrl'],
    ['their own signing key pinned', { publicKeys: [...BASE.publicKeys, { id: rogue.id, key: rogue.publicKey }] }, 'publicKeys'],
    ['fleet pointed at their broker', { fleet: { brokerUrl: 'mqtts://collector.example.org' } }, 'fleet.brokerUrl'],
    ['staff policy loosened', { staff: { maxPinAttempts: 10 } }, 'staff.maxPinAttempts'],
    ['another terminal identity', { terminalId: 'KM-0002' }, 'terminalId'],
  ];

  it.each(holes)('refuses %s, naming the field, and changes nothing', (_what, change, field) => {
    const t = terminal();
    const before = t.snapshot();
    const override = { ...BASE, ...change };
    const validated = t.editor.validate(override, 'staff');
    expect(validated).toMatchObject({ valid: false });
    const applied = t.editor.apply(override, 'staff');
    expect(applied).toEqual({ applied: false, problems: [expect.objectContaining({ path: field, code: 'fleet-only', reason: expect.stringContaining('fleet') })] });
    expect(t.snapshot()).toEqual(before);
    const refusals = t.audit.tail(10).filter((e) => e.action === 'config.refused');
    expect(refusals.map((e) => e.details)).toEqual([
      { source: 'local', step: 'validate', fleetOnly: [field] },
      { source: 'local', step: 'apply', fleetOnly: [field] },
    ]);
  });

  it('counts leaving out a fleet field the override set as a change (it would fall back to the default)', () => {
    const t = terminal();
    const { upstream: _dropped, ...withoutUpstream } = BASE;
    expect(t.editor.apply(withoutUpstream, 'staff')).toMatchObject({ applied: false, problems: [{ path: 'upstream.baseUrl', code: 'fleet-only' }] });
  });

  it.each([
    ['a secret file path', { fleet: { passwordFile: '/var/lib/kiosk/outbox.key' } }, 'fleet.passwordFile'],
    ['a CA file path', { fleet: { caFile: '/etc/shadow' } }, 'fleet.caFile'],
    ['a program to run when a citizen prints', { devices: { a4Printer: { enabled: true, chromiumPath: '/tmp/payload' } } }, 'devices.a4Printer.chromiumPath'],
  ])('refuses %s: no configuration names a file or a program', (_what, change, field) => {
    const t = terminal();
    const before = t.snapshot();
    const result = t.editor.apply({ ...BASE, ...change }, 'staff');
    expect(result).toMatchObject({ applied: false, problems: expect.arrayContaining([{ path: field, reason: 'unknown field' }]) });
    expect(t.snapshot()).toEqual(before);
  });

  it.each(['__proto__', 'constructor'])('refuses a %s key instead of dropping it', (key) => {
    const t = terminal();
    const before = t.snapshot();
    const override = JSON.parse(`{"terminalId":"KM-0001","upstream":{"baseUrl":"https://credit.example.gov.cn"},"timeouts":{"${key}":{"inactivitySeconds":15}}}`) as Record<string, unknown>;
    expect(t.editor.validate(override, 'staff')).toEqual({ valid: false, problems: [{ path: `timeouts.${key}`, reason: 'a key named like this is not allowed' }] });
    expect(t.editor.apply(override, 'staff')).toEqual({ applied: false, problems: [{ path: `timeouts.${key}`, reason: 'a key named like this is not allowed' }] });
    expect(t.snapshot()).toEqual(before);
    expect(t.audit.tail(1)[0]).toMatchObject({ action: 'config.refused', details: { source: 'local', step: 'apply' } });
  });

  it('applies staff fields: devices, timeouts, services, locale', () => {
    const t = terminal();
    const result = t.editor.apply(
      {
        ...BASE,
        locale: 'en-US',
        timeouts: { inactivitySeconds: 90 },
        services: { enabled: ['credit-query'] },
        devices: { idCard: { enabled: true, path: '/dev/ttyUSB0', baudRate: 115200 } },
      },
      'staff',
    );
    expect(result).toMatchObject({ applied: true });
    expect(t.store.current).toMatchObject({ locale: 'en-US', timeouts: { inactivitySeconds: 90 }, services: { enabled: ['credit-query'] } });
    expect(t.store.current.upstream.baseUrl).toBe('https://credit.example.gov.cn');
  });

  it('shows fleet-only fields as such in the view, staff fields as editable', () => {
    const fields = new Map(terminal().editor.view().fields.map((f) => [f.path, f.authority]));
    expect(fields.get('upstream.baseUrl')).toBe('fleet');
    expect(fields.get('publicKeys')).toBe('fleet');
    expect(fields.get('fleet.brokerUrl')).toBe('fleet');
    expect(fields.get('timeouts.inactivitySeconds')).toBe('staff');
    expect(fields.get('devices.printer.path')).toBe('staff');
    expect(fields.has('fleet.passwordFile')).toBe(false);
    expect(fields.has('devices.a4Printer.chromiumPath')).toBe(false);
  });
});
