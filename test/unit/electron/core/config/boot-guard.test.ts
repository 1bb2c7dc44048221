import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { BootGuard } from '../../../../../electron/core/config/boot-guard.ts';
import { ConfigHistory } from '../../../../../electron/core/config/config-history.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('boot-guard');

function guard() {
  const history = new ConfigHistory({ historyDir: tmp.path('history'), overridePath: tmp.path('config.json') });
  const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
  return { history, audit, guard: new BootGuard({ markerPath: tmp.path('boot.marker.json'), history, audit }) };
}

const override = () => JSON.parse(readFileSync(tmp.path('config.json'), 'utf8')) as Record<string, unknown>;

describe('BootGuard', () => {
  it('a healthy start proves the running version and removes the marker', () => {
    const { guard: g, history } = guard();
    expect(g.beginStart()).toEqual({ failedStarts: 0, configSeq: 1 });
    expect(existsSync(tmp.path('boot.marker.json'))).toBe(true);
    g.markHealthy();
    expect(existsSync(tmp.path('boot.marker.json'))).toBe(false);
    expect(history.isProven(1)).toBe(true);
  });

  it('rolls back a new version whose start failed, on the next start', () => {
    const first = guard();
    first.guard.beginStart();
    first.guard.markHealthy();
    first.history.record({ locale: 'en-US' }, { source: 'bundle', actor: 'fleet', configVersion: '1.1.0' });

    first.guard.beginStart(); // this start "crashes": no markHealthy
    const next = guard();
    const decision = next.guard.beginStart();
    expect(decision).toEqual({ failedStarts: 1, configSeq: 1, rolledBack: { from: 2, to: 1 } });
    expect(override()).toEqual({});
    expect(next.audit.tail(1)[0]).toMatchObject({ actor: 'system', action: 'config.rolled-back', details: { from: 2, to: 1 } });
    next.guard.markHealthy();
    expect(next.history.isProven(1)).toBe(true);
  });

  it('does not roll back a version that has already started healthily', () => {
    const { guard: g, history } = guard();
    history.record({ locale: 'en-US' }, { source: 'local', actor: 'staff' });
    g.beginStart();
    g.markHealthy();
    g.beginStart(); // a later crash, not the config's fault
    const decision = guard().guard.beginStart();
    expect(decision).toEqual({ failedStarts: 1, configSeq: 2 });
    expect(override()).toEqual({ locale: 'en-US' });
  });

  it('counts consecutive failed starts for the watchdog', () => {
    const { guard: g } = guard();
    g.beginStart();
    g.markHealthy();
    g.beginStart();
    expect(g.beginStart().failedStarts).toBe(1);
    expect(g.beginStart().failedStarts).toBe(2);
  });

  it('a clean stop during start is not a failure', () => {
    const { guard: g, history } = guard();
    history.record({ locale: 'en-US' }, { source: 'local', actor: 'staff' });
    g.beginStart();
    g.clear();
    expect(g.beginStart()).toEqual({ failedStarts: 0, configSeq: 2 });
  });

  it('an unreadable marker still counts as a failed start', async () => {
    const { writeFileSync } = await import('node:fs');
    const { guard: g } = guard();
    writeFileSync(tmp.path('boot.marker.json'), 'garbage');
    expect(g.beginStart().failedStarts).toBe(1);
  });
});
