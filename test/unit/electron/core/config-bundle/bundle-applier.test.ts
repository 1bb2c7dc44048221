import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { ConfigBundleApplier, type BundleApplyResult } from '../../../../../electron/core/config-bundle/bundle-applier.ts';
import { RevokedKeys } from '../../../../../electron/core/config-bundle/revoked-keys.ts';
import { ConfigHistory } from '../../../../../electron/core/config/config-history.ts';
import { ConfigVersions } from '../../../../../electron/core/config/config-versions.ts';
import { ConfigStore } from '../../../../../electron/core/config/load-config.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';
import { bundle, defaultsPath, makeKey, writeTrustingOverride } from '../../../../support/signed-bundles.ts';

const tmp = useTempDir('bundle-applier');
const fleet = makeKey('fleet-2025');

function terminal() {
  writeTrustingOverride(tmp.path('config.json'), [fleet]);
  const store = new ConfigStore({ defaultsPath, overridePath: tmp.path('config.json'), lastGoodPath: tmp.path('config.last-good.json') });
  const history = new ConfigHistory({ historyDir: tmp.path('config-history'), overridePath: tmp.path('config.json') });
  const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
  const versions = new ConfigVersions({ store, history, defaultsPath, audit });
  const revokedKeys = new RevokedKeys(tmp.path('trust/revoked-keys.json'));
  const applier = new ConfigBundleApplier({ versions, config: () => store.current, statePath: tmp.path('bundle-state.json'), revokedKeys, audit });
  const refused: BundleApplyResult[] = [];
  applier.on('refused', (r) => refused.push(r));
  return { store, history, audit, versions, applier, refused, revokedKeys };
}

/** A bundle's config must keep the pinned key, or the next bundle would be unverifiable. */
const keep = (config: Record<string, unknown>) => ({ terminalId: 'KM-0001', publicKeys: [{ id: fleet.id, key: fleet.publicKey }], ...config });

describe('ConfigBundleApplier', () => {
  it('applies a good bundle: new config running, new version recorded, audited', () => {
    const t = terminal();
    const changed: string[] = [];
    t.store.on('changed', (c) => changed.push(c.locale));
    const result = t.applier.apply(JSON.stringify(bundle(fleet, '1.1.0', keep({ locale: 'en-US' }))));
    expect(result).toMatchObject({ ok: true, applied: true, version: '1.1.0' });
    expect(t.store.current.locale).toBe('en-US');
    expect(t.store.current.version).toBe('1.1.0');
    expect(changed).toEqual(['en-US']);
    expect(t.history.head()?.meta).toMatchObject({ source: 'bundle', configVersion: '1.1.0', actor: 'fleet' });
    expect(t.audit.tail(5).map((e) => e.action)).toEqual(['config.applied', 'config.bundle-applied']);
    expect(t.applier.lastApplied()).toMatchObject({ version: '1.1.0', keyId: 'fleet-2025' });
  });

  it('a bundle for a group keeps what belongs to this machine: its site and device ports', () => {
    const t = terminal();
    const local = keep({ site: { region: '盘龙区', hall: '盘龙区政务服务中心', tags: ['24h'] }, devices: { ...t.store.current.devices, printer: { ...t.store.current.devices.printer, path: '/dev/ttyS7' } } });
    expect(t.applier.apply(bundle(fleet, '1.1.0', local))).toMatchObject({ ok: true, applied: true });
    // The group bundle names neither site nor devices (and no terminalId either).
    const { terminalId: _omitted, ...group } = keep({ locale: 'en-US' });
    expect(t.applier.apply(bundle(fleet, '1.2.0', group))).toMatchObject({ ok: true, applied: true });
    expect(t.store.current.locale).toBe('en-US');
    expect(t.store.current.site).toEqual({ region: '盘龙区', hall: '盘龙区政务服务中心', tags: ['24h'] });
    expect(t.store.current.devices.printer.path).toBe('/dev/ttyS7');
    // A bundle that names them sets them.
    expect(t.applier.apply(bundle(fleet, '1.3.0', keep({ site: { region: '五华区' } })))).toMatchObject({ ok: true, applied: true });
    expect(t.store.current.site).toEqual({ region: '五华区', tags: [] });
    expect(t.store.current.devices.printer.path).toBe('/dev/ttyS7');
  });

  it('a group bundle’s payments section keeps this terminal’s own notify relay tag unless it names one', () => {
    const t = terminal();
    const payments = { gatewayUrl: 'https://pay.example.gov.cn', notifyBaseUrl: 'https://console.example.gov.cn' };
    const ownTag = 'A'.repeat(21) + 'g';
    expect(t.applier.apply(bundle(fleet, '1.1.0', keep({ payments: { ...payments, notifyTag: ownTag } })))).toMatchObject({ ok: true, applied: true });
    const { terminalId: _omitted, ...group } = keep({ payments: { ...payments, timeoutMs: 9000 } });
    expect(t.applier.apply(bundle(fleet, '1.2.0', group))).toMatchObject({ ok: true, applied: true });
    expect(t.store.current.payments).toMatchObject({ timeoutMs: 9000, notifyTag: ownTag });
    expect(t.applier.apply(bundle(fleet, '1.3.0', keep({ payments: { ...payments, notifyTag: 'B'.repeat(22) } })))).toMatchObject({ ok: true, applied: true });
    expect(t.store.current.payments?.notifyTag).toBe('B'.repeat(22));
    // A bundle without a payments section turns payments off, tag and all.
    expect(t.applier.apply(bundle(fleet, '1.4.0', keep({})))).toMatchObject({ ok: true, applied: true });
    expect(t.store.current.payments).toBeUndefined();
  });

  it('the same bundle delivered twice is applied once', () => {
    const t = terminal();
    const b = bundle(fleet, '1.1.0', keep({ locale: 'en-US' }));
    t.applier.apply(b);
    expect(t.applier.apply(b)).toEqual({ ok: true, applied: false, version: '1.1.0' });
    expect(t.history.list()).toHaveLength(2);
  });

  const refusals: Array<[string, (t: ReturnType<typeof terminal>) => unknown, string]> = [
    ['bad signature', () => ({ ...bundle(fleet, '1.1.0', keep({ locale: 'en-US' })), signature: bundle(makeKey('fleet-2025'), '1.1.0', {}).signature }), 'bad-signature'],
    ['unknown key', () => bundle(makeKey('rogue'), '1.1.0', keep({ locale: 'en-US' })), 'unknown-key'],
    ['schema error', () => bundle(fleet, '1.1.0', keep({ locale: 'fr-FR', timeouts: { inactivitySeconds: 3 } })), 'schema'],
    ['unknown config field', () => bundle(fleet, '1.1.0', keep({ adminPassword: 'x' })), 'schema'],
    [
      'replayed older version',
      (t) => {
        t.applier.apply(bundle(fleet, '1.3.0', keep({ locale: 'en-US' })));
        return bundle(fleet, '1.2.0', keep({ locale: 'zh-CN', services: { enabled: ['credit-query'] } }));
      },
      'replayed',
    ],
  ];

  it.each(refusals)('refuses a bundle with a %s: reported, running config and files unchanged', (_label, make, reason) => {
    const t = terminal();
    const input = make(t);
    const before = { config: t.store.current, file: readFileSync(tmp.path('config.json'), 'utf8'), versions: t.history.list().length, state: t.applier.lastApplied() };
    const result = t.applier.apply(input);
    expect(result).toMatchObject({ ok: false, reason });
    expect(t.refused).toEqual([result]);
    expect(t.store.current).toBe(before.config);
    expect(readFileSync(tmp.path('config.json'), 'utf8')).toBe(before.file);
    expect(t.history.list()).toHaveLength(before.versions);
    expect(t.applier.lastApplied()).toEqual(before.state);
    const last = t.audit.tail(1)[0];
    expect(last).toMatchObject({ action: 'config.bundle-refused', details: { reason } });
  });

  it('a schema refusal names the field and the problem', () => {
    const t = terminal();
    const result = t.applier.apply(bundle(fleet, '1.1.0', keep({ timeouts: { inactivitySeconds: 3 } })));
    expect(result).toMatchObject({ ok: false, reason: 'schema', version: '1.1.0' });
    expect(!result.ok && result.problems).toEqual(['timeouts.inactivitySeconds: must be ≥ 15 (got 3)']);
    expect(!result.ok && result.detail).toContain('bundle 1.1.0');
  });

  it('trusts only the keys of the running config: a bundle cannot bring its own key', () => {
    const t = terminal();
    const rogue = makeKey('rogue');
    const selfTrusting = bundle(rogue, '9.0.0', { publicKeys: [{ id: 'rogue', key: rogue.publicKey }] });
    expect(t.applier.apply(selfTrusting)).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('key rotation: a bundle signed by the current key can pin the next key', () => {
    const t = terminal();
    const next = makeKey('fleet-2026');
    const rotate = bundle(fleet, '1.1.0', { terminalId: 'KM-0001', publicKeys: [{ id: next.id, key: next.publicKey }] });
    expect(t.applier.apply(rotate)).toMatchObject({ ok: true });
    expect(t.applier.apply(bundle(fleet, '1.2.0', {}))).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(t.applier.apply(bundle(next, '1.2.0', { terminalId: 'KM-0001', publicKeys: [{ id: next.id, key: next.publicKey }], locale: 'en-US' }))).toMatchObject({ ok: true });
  });

  it('the replay floor survives a restart and a restore of the previous version', () => {
    const t = terminal();
    t.applier.apply(bundle(fleet, '1.5.0', keep({ locale: 'en-US' })));
    expect(t.versions.restorePrevious('staff')).toMatchObject({ ok: true });
    expect(t.store.current.locale).toBe('zh-CN');
    const restarted = terminal();
    // terminal() rewrote the override; the replay floor lives in its own file.
    expect(restarted.applier.apply(bundle(fleet, '1.5.0', keep({ locale: 'en-US', services: { enabled: ['service-guide'] } })))).toMatchObject({ reason: 'replayed' });
  });

  it('a corrupt running override does not let a refused bundle through', () => {
    const t = terminal();
    writeFileSync(tmp.path('config.json'), '{ broken');
    expect(t.applier.apply(bundle(fleet, '1.1.0', keep({ timeouts: { warningSeconds: 99 } })))).toMatchObject({ ok: false, reason: 'schema' });
    expect(readFileSync(tmp.path('config.json'), 'utf8')).toBe('{ broken');
  });
});
