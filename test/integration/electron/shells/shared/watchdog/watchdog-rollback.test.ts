/**
 * Automatic rollback of a configuration that makes the app fail to start: a real supervisor
 * restarts a real child process whose start fails with the new config version; on the next start
 * the boot guard puts the previous version back and the terminal serves again.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../../electron/core/audit/audit-log.ts';
import { ConfigHistory } from '../../../../../../electron/core/config/config-history.ts';
import { ConfigVersions } from '../../../../../../electron/core/config/config-versions.ts';
import { ConfigStore } from '../../../../../../electron/core/config/load-config.ts';
import { maintenancePaths } from '../../../../../../electron/core/config/maintenance-paths.ts';
import { ProcessSupervisor } from '../../../../../../electron/shells/shared/watchdog/supervisor.ts';
import { freePort, get } from '../../../../../support/loopback-probes.ts';
import { waitFor } from '../../../../../support/wait.ts';

const defaultsPath = join(import.meta.dirname, '../../../../../../resources/config/default.json');
const child = join(import.meta.dirname, 'watchdog-boot-child.ts');
let dataDir = '';
let supervisor: ProcessSupervisor | undefined;

afterEach(async () => {
  await supervisor?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function runUntilHealthy(port: number, output: string[]) {
  const s = new ProcessSupervisor({
    command: process.execPath,
    args: ['--import', 'tsx', child],
    cwd: join(import.meta.dirname, '../../../../../..'),
    env: { ...process.env, KIOSK_PORT: String(port), KIOSK_DATA_DIR: dataDir },
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    probeIntervalMs: 100,
    probeTimeoutMs: 500,
    startupGraceMs: 15_000,
    stopTimeoutMs: 2000,
    brake: { maxRestarts: 3, windowMs: 60_000 },
    onOutput: (line) => output.push(line),
  });
  supervisor = s;
  const exits: Array<number | null> = [];
  s.on('exit', (info) => exits.push(info.code));
  s.start();
  await waitFor(() => s.state === 'running' && output.some((l) => l.includes('"event":"healthy"')), 20_000, 'a healthy start');
  return { s, exits };
}

describe('config rollback after a failing start', () => {
  it('a new version that stops the app from starting is rolled back on the next start', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-rollback-'));
    const paths = maintenancePaths(dataDir);
    writeFileSync(paths.override, JSON.stringify({ terminalId: 'KM-0300' }));
    const port = await freePort();

    // Version 1 starts fine and is proven.
    const first: string[] = [];
    await runUntilHealthy(port, first);
    await supervisor?.stop();

    // Staff (or a bundle) install version 2: valid by the schema, fatal at start.
    const store = new ConfigStore({ defaultsPath, overridePath: paths.override });
    const history = new ConfigHistory({ historyDir: paths.configHistory, overridePath: paths.override });
    const versions = new ConfigVersions({ store, history, defaultsPath, audit: new AuditLog({ path: paths.audit }) });
    const applied = versions.apply(
      { terminalId: 'KM-0300', devices: { printer: { enabled: true, path: join(dataDir, 'ttyNOPE'), baudRate: 9600 } } },
      { source: 'local', actor: 'staff' },
    );
    expect(applied).toMatchObject({ ok: true, seq: 2 });

    const output: string[] = [];
    const { exits } = await runUntilHealthy(port, output);
    expect(exits[0]).toBe(1);
    expect(output.some((l) => l.startsWith('start failed: printer port'))).toBe(true);
    const boots = output.filter((l) => l.includes('"event":"boot"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(boots).toEqual([
      { event: 'boot', failedStarts: 0, configSeq: 2 },
      { event: 'boot', failedStarts: 1, configSeq: 1, rolledBack: { from: 2, to: 1 } },
    ]);
    expect(JSON.parse(readFileSync(paths.override, 'utf8'))).toEqual({ terminalId: 'KM-0300' });
    expect(await get(`http://127.0.0.1:${port}/healthz`)).toEqual({ status: 200, body: 'ok' });

    const after = new ConfigHistory({ historyDir: paths.configHistory, overridePath: paths.override });
    expect(after.head()?.meta.seq).toBe(1);
    expect(after.isProven(1)).toBe(true);
    expect(after.isProven(2)).toBe(false);
    const audit = new AuditLog({ path: paths.audit });
    expect(audit.tail(10).map((e) => e.action)).toEqual(['config.applied', 'config.rolled-back']);
    expect(audit.verify().ok).toBe(true);
  });
});
