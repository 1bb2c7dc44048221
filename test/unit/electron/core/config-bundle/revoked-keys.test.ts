/**
 * Key revocation is monotonic (issue 10): a key a signed bundle removed from publicKeys is
 * recorded outside the config history and never trusted again, whatever restore, rollback or
 * boot guard put back into the config. Bundles also cannot change terminalId, and a bundle whose
 * config carries a __proto__ / constructor key is refused, not quietly trimmed.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { ConfigBundleApplier } from '../../../../../electron/core/config-bundle/bundle-applier.ts';
import { signedMessage } from '../../../../../electron/core/config-bundle/bundle-format.ts';
import { RevokedKeys } from '../../../../../electron/core/config-bundle/revoked-keys.ts';
import { BootGuard } from '../../../../../electron/core/config/boot-guard.ts';
import { ConfigHistory } from '../../../../../electron/core/config/config-history.ts';
import { ConfigVersions } from '../../../../../electron/core/config/config-versions.ts';
import { ConfigStore } from '../../../../../electron/core/config/load-config.ts';
import { maintenancePaths } from '../../../../../electron/core/config/maintenance-paths.ts';
import { sign } from 'node:crypto';
import { useTempDir } from '../../../../support/temp-dir.ts';
import { bundle, defaultsPath, makeKey, writeTrustingOverride, type TestKey } from '../../../../support/signed-bundles.ts';

const tmp = useTempDir('revoked-keys');
const oldKey = makeKey('fleet-2024');
const newKey = makeKey('fleet-2025');
const pinned = (...keys: TestKey[]) => keys.map((k) => ({ id: k.id, key: k.publicKey }));
const configWith = (keys: TestKey[], extra: Record<string, unknown> = {}) => ({ terminalId: 'KM-0001', publicKeys: pinned(...keys), ...extra });

/** A terminal as the core builds one, from files only: every call is like a fresh start. */
function terminal() {
  const paths = maintenancePaths(tmp.path('data'));
  const store = new ConfigStore({ defaultsPath, overridePath: paths.override, lastGoodPath: tmp.path('data/config.last-good.json') });
  const history = new ConfigHistory({ historyDir: paths.configHistory, overridePath: paths.override });
  const audit = new AuditLog({ path: paths.audit });
  const versions = new ConfigVersions({ store, history, defaultsPath, audit });
  const revokedKeys = new RevokedKeys(paths.revokedKeys);
  const alerts = new AlertBoard();
  const applier = new ConfigBundleApplier({ versions, config: () => store.current, statePath: paths.bundleState, revokedKeys, alerts, audit });
  return { paths, store, history, audit, versions, revokedKeys, alerts, applier };
}

function firstStart() {
  mkdirSync(tmp.path('data'), { recursive: true });
  writeTrustingOverride(maintenancePaths(tmp.path('data')).override, [oldKey, newKey]);
  return terminal();
}

/** Rotation: the new key signs a bundle that drops the old one. */
function rotate(t: ReturnType<typeof terminal>) {
  expect(t.applier.apply(bundle(newKey, '1.1.0', configWith([newKey])))).toMatchObject({ ok: true, applied: true });
}

describe('revoked keys', () => {
  it('records a key a bundle removed, 0600 in a 0700 folder, and audits it', () => {
    const t = firstStart();
    rotate(t);
    expect(t.revokedKeys.load()).toEqual([{ id: oldKey.id, key: oldKey.publicKey, revokedAt: expect.any(String), byBundle: '1.1.0' }]);
    expect(statSync(t.paths.revokedKeys).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(t.paths.revokedKeys)).mode & 0o777).toBe(0o700);
    expect(t.audit.tail(5).map((e) => e.action)).toContain('config.keys-revoked');
  });

  it('stays revoked after staff restore the previous config, which pins the key again', () => {
    const t = firstStart();
    rotate(t);
    expect(t.versions.restorePrevious('staff')).toMatchObject({ ok: true });
    expect(t.store.current.publicKeys.map((k) => k.id)).toEqual([oldKey.id, newKey.id]);
    const result = t.applier.apply(bundle(oldKey, '1.2.0', configWith([oldKey, newKey], { locale: 'en-US' })));
    expect(result).toMatchObject({ ok: false, reason: 'revoked-key', keyId: oldKey.id });
    expect(t.store.current.locale).toBe('zh-CN');
  });

  it('stays revoked after the boot guard rolls the bundle back', () => {
    const t = firstStart();
    const markerPath = t.paths.bootMarker;
    new BootGuard({ markerPath, history: t.history }).beginStart();
    new BootGuard({ markerPath, history: t.history }).markHealthy();
    rotate(t);
    new BootGuard({ markerPath, history: t.history }).beginStart(); // this start never becomes healthy

    const restarted = terminal();
    expect(new BootGuard({ markerPath, history: restarted.history }).beginStart().rolledBack).toBeDefined();
    const afterRollback = terminal();
    expect(afterRollback.store.current.publicKeys.map((k) => k.id)).toContain(oldKey.id);
    const result = afterRollback.applier.apply(bundle(oldKey, '1.2.0', configWith([oldKey, newKey], { locale: 'en-US' })));
    expect(result).toMatchObject({ ok: false, reason: 'revoked-key' });
  });

  it('refuses a bundle that would trust a withdrawn key again', () => {
    const t = firstStart();
    rotate(t);
    const before = readFileSync(t.paths.override, 'utf8');
    const result = t.applier.apply(bundle(newKey, '1.2.0', configWith([newKey, oldKey])));
    expect(result).toMatchObject({ ok: false, reason: 'revoked-key', detail: expect.stringContaining(oldKey.id) });
    expect(readFileSync(t.paths.override, 'utf8')).toBe(before);
  });

  it('never forgets: a later bundle without the key adds nothing and removes nothing', () => {
    const t = firstStart();
    rotate(t);
    expect(t.applier.apply(bundle(newKey, '1.2.0', configWith([newKey], { locale: 'en-US' })))).toMatchObject({ ok: true });
    expect(t.revokedKeys.load().map((k) => k.id)).toEqual([oldKey.id]);
  });

  it('fails closed when the record cannot be read: no bundle is trusted', () => {
    const t = firstStart();
    rotate(t);
    writeFileSync(t.paths.revokedKeys, '{ torn');
    const result = t.applier.apply(bundle(newKey, '1.2.0', configWith([newKey], { locale: 'en-US' })));
    expect(result).toMatchObject({ ok: false, reason: 'trust-unreadable' });
    expect(t.store.current.locale).toBe('zh-CN');
    expect(t.audit.tail(1)[0]).toMatchObject({ action: 'config.bundle-refused', details: { reason: 'trust-unreadable' } });
    expect(t.alerts.list()).toEqual([expect.objectContaining({ kind: 'trust-record-unreadable', severity: 'critical', detail: expect.stringContaining('do not delete it') })]);
  });

  it('shows the damaged record to staff at start, and clears the alert once it is restored', () => {
    const first = firstStart();
    rotate(first);
    const good = readFileSync(first.paths.revokedKeys, 'utf8');
    writeFileSync(first.paths.revokedKeys, '[]');
    const restarted = terminal();
    expect(restarted.alerts.get('trust-record-unreadable')).toMatchObject({ severity: 'critical' });
    writeFileSync(first.paths.revokedKeys, good);
    expect(restarted.applier.apply(bundle(newKey, '1.2.0', configWith([newKey], { locale: 'en-US' })))).toMatchObject({ ok: true });
    expect(restarted.alerts.list()).toEqual([]);
  });

  it('refuses to apply when the withdrawal cannot be recorded, changing nothing', () => {
    const t = firstStart();
    // A file where the trust folder belongs: nothing can be written under it (even as root).
    writeFileSync(dirname(t.paths.revokedKeys), '');
    const result = t.applier.apply(bundle(newKey, '1.1.0', configWith([newKey])));
    expect(result).toMatchObject({ ok: false, reason: 'trust-unreadable', detail: expect.stringContaining('could not record') });
    expect(t.store.current.publicKeys.map((k) => k.id)).toEqual([oldKey.id, newKey.id]);
    expect(t.history.list()).toHaveLength(1);
  });
});

describe('what a bundle cannot do', () => {
  it('cannot change terminalId', () => {
    const t = firstStart();
    const result = t.applier.apply(bundle(newKey, '1.1.0', { ...configWith([oldKey, newKey]), terminalId: 'KM-0002' }));
    expect(result).toMatchObject({ ok: false, reason: 'terminal-id-changed', detail: expect.stringContaining('KM-0002') });
    expect(t.store.current.terminalId).toBe('KM-0001');
    expect(t.history.list()).toHaveLength(1);
  });

  it('keeps the terminal\'s own terminalId when a bundle for many terminals leaves it out', () => {
    const t = firstStart();
    const { terminalId: _omitted, ...forAll } = configWith([oldKey, newKey], { locale: 'en-US' });
    expect(t.applier.apply(bundle(newKey, '1.1.0', forAll))).toMatchObject({ ok: true, applied: true });
    expect(t.store.current).toMatchObject({ terminalId: 'KM-0001', locale: 'en-US' });
  });

  it.each(['__proto__', 'constructor'])('refuses a %s key in its config, naming where', (key) => {
    const t = firstStart();
    // Signed by hand: the payload bytes must hold the key exactly as an attacker would write it.
    const json = `{"version":"1.1.0","issuedAt":"2025-03-01T08:00:00Z","config":{"terminalId":"KM-0001","publicKeys":${JSON.stringify(pinned(oldKey, newKey))},"timeouts":{"${key}":{"inactivitySeconds":15}}}}`;
    const bytes = Buffer.from(json, 'utf8');
    const envelope = {
      format: 'bianmin-config-bundle/1',
      keyId: newKey.id,
      payload: bytes.toString('base64url'),
      signature: sign(null, signedMessage(bytes), newKey.privateKey).toString('base64url'),
    };
    const result = t.applier.apply(JSON.stringify(envelope));
    expect(result).toMatchObject({ ok: false, reason: 'malformed', detail: `payload config.timeouts.${key}: a key named like this is not allowed` });
    expect(t.history.list()).toHaveLength(1);
  });

  it('cannot even be signed with such a key (the staff CLI says so first)', () => {
    const config = JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(() => bundle(newKey, '1.1.0', config)).toThrow('config.__proto__: a key named like this is not allowed');
  });
});
