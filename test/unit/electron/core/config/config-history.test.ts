import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { ConfigHistory } from '../../../../../electron/core/config/config-history.ts';
import { ConfigVersions } from '../../../../../electron/core/config/config-versions.ts';
import { ConfigStore } from '../../../../../electron/core/config/load-config.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';
import { defaultsPath } from '../../../../support/signed-bundles.ts';

const tmp = useTempDir('config-history');

function open(keep?: number) {
  const store = new ConfigStore({ defaultsPath, overridePath: tmp.path('config.json') });
  const history = new ConfigHistory({ historyDir: tmp.path('history'), overridePath: tmp.path('config.json'), ...(keep ? { keep } : {}) });
  const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
  return { store, history, audit, versions: new ConfigVersions({ store, history, defaultsPath, audit }) };
}

const override = () => JSON.parse(readFileSync(tmp.path('config.json'), 'utf8')) as Record<string, unknown>;

describe('ConfigVersions', () => {
  it('records the state it finds as the first version', () => {
    writeFileSync(tmp.path('config.json'), JSON.stringify({ terminalId: 'KM-0009' }));
    const { versions } = open();
    expect(versions.list()).toEqual([expect.objectContaining({ seq: 1, source: 'external', parent: null, current: true })]);
  });

  it('each applied change is a version; restorePrevious goes back one step at a time', () => {
    const { versions, store, audit } = open();
    expect(versions.apply({ locale: 'en-US' }, { source: 'local', actor: 'staff' })).toMatchObject({ ok: true, seq: 2, changed: true });
    expect(versions.apply({ locale: 'en-US', timeouts: { inactivitySeconds: 90 } }, { source: 'local', actor: 'staff' })).toMatchObject({ ok: true, seq: 3 });
    expect(store.current.timeouts.inactivitySeconds).toBe(90);

    expect(versions.restorePrevious('staff')).toMatchObject({ ok: true, seq: 2, restoredFrom: 3 });
    expect(store.current.timeouts.inactivitySeconds).toBe(60);
    expect(store.current.locale).toBe('en-US');
    expect(override()).toEqual({ locale: 'en-US' });

    expect(versions.restorePrevious('staff')).toMatchObject({ ok: true, seq: 1 });
    expect(store.current.locale).toBe('zh-CN');
    expect(versions.restorePrevious('staff')).toEqual({ ok: false, reason: 'no-previous' });
    expect(audit.tail(10).map((e) => e.action)).toEqual(['config.applied', 'config.applied', 'config.restored', 'config.restored']);
  });

  it('a new change after a restore has the restored version as parent', () => {
    const { versions } = open();
    versions.apply({ locale: 'en-US' }, { source: 'local', actor: 'staff' });
    versions.restorePrevious('staff');
    const result = versions.apply({ privacy: { endSessionOnCardRemoval: true } }, { source: 'local', actor: 'staff' });
    expect(result).toMatchObject({ ok: true, seq: 3 });
    expect(versions.list()[0]).toMatchObject({ seq: 3, parent: 1, current: true });
  });

  it('refuses an invalid change: file, history and running config untouched, refusal audited', () => {
    const { versions, store, audit } = open();
    versions.apply({ locale: 'en-US' }, { source: 'local', actor: 'staff' });
    const before = { config: store.current, file: readFileSync(tmp.path('config.json'), 'utf8'), list: versions.list() };
    const result = versions.apply({ timeouts: { warningSeconds: 60, inactivitySeconds: 30 } }, { source: 'local', actor: 'staff', label: 'maintenance screen' });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.error.message).toBe('maintenance screen: timeouts.warningSeconds: must be less than timeouts.inactivitySeconds (got 60)');
    expect(store.current).toBe(before.config);
    expect(readFileSync(tmp.path('config.json'), 'utf8')).toBe(before.file);
    expect(versions.list()).toEqual(before.list);
    expect(audit.tail(1)[0]).toMatchObject({ action: 'config.refused', details: { source: 'local' } });
  });

  it('a hand edit of the override becomes a version of its own before the next change', () => {
    const { versions } = open();
    versions.apply({ locale: 'en-US' }, { source: 'local', actor: 'staff' });
    writeFileSync(tmp.path('config.json'), JSON.stringify({ locale: 'en-US', terminalId: 'KM-0042' }));
    versions.apply({ locale: 'zh-CN', terminalId: 'KM-0042' }, { source: 'local', actor: 'staff' });
    expect(versions.list().map((v) => [v.seq, v.source, v.parent])).toEqual([
      [4, 'local', 3],
      [3, 'external', 2],
      [2, 'local', 1],
      [1, 'external', null],
    ]);
    expect(versions.restorePrevious('staff')).toMatchObject({ ok: true, seq: 3 });
    expect(override()).toEqual({ locale: 'en-US', terminalId: 'KM-0042' });
  });

  it('keeps a bounded number of versions, never the live one or its parent', () => {
    const { versions, history } = open(3);
    for (let i = 0; i < 6; i++) versions.apply({ timeouts: { inactivitySeconds: 60 + i } }, { source: 'local', actor: 'staff' });
    expect(versions.list().map((v) => v.seq)).toEqual([7, 6, 5]);
    expect(existsSync(tmp.path('history/v000001.json'))).toBe(false);
    expect(history.head()?.meta.parent).toBe(6);
  });
});
