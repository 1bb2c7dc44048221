/**
 * The browser-shell supervisor with a real child process that hangs (alive but not answering
 * /healthz), exits, or behaves: restarts, the restart brake, the out-of-service page on the kiosk
 * port, the retry after the cool-down, planned and scheduled daily restarts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcessSupervisor, type SupervisorOptions, type SupervisorState } from '../../../../../../electron/shells/shared/watchdog/supervisor.ts';
import { readWatchdogRestarts, watchdogRestartsPath } from '../../../../../../electron/core/watchdog/restart-record.ts';
import { freePort, get, isAlive } from '../../../../../support/loopback-probes.ts';
import { waitFor } from '../../../../../support/wait.ts';

const childScript = join(import.meta.dirname, 'watchdog-child.mjs');

let dir: string;
let supervisor: ProcessSupervisor | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-watchdog-'));
});
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
  // Belt and braces: no child of ours may outlive its test.
  for (const pid of startedPids()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const setMode = (mode: 'healthy' | 'hang' | 'exit') => writeFileSync(join(dir, 'mode'), mode);
function startedPids(): number[] {
  try {
    return readFileSync(join(dir, 'starts.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => Number(line.split(' ')[1]));
  } catch {
    return [];
  }
}

/** /healthz requests the children have answered: one line each. */
function probesAnswered(): number {
  try {
    return readFileSync(join(dir, 'probes.log'), 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

async function supervise(port: number, overrides: Partial<SupervisorOptions> = {}) {
  const states: Array<[SupervisorState, string]> = [];
  const restarts: Array<{ reason: string; planned: boolean; restartsInWindow: number; pidAlive: boolean }> = [];
  const s = new ProcessSupervisor({
    command: process.execPath,
    args: [childScript],
    env: {
      ...process.env,
      KIOSK_PORT: String(port),
      CHILD_MODE_FILE: join(dir, 'mode'),
      CHILD_LOG: join(dir, 'starts.log'),
      CHILD_PROBE_LOG: join(dir, 'probes.log'),
      CHILD_HANG_AFTER_MS: '300',
    },
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    probeIntervalMs: 150,
    probeTimeoutMs: 300,
    failuresBeforeRestart: 2,
    startupGraceMs: 3000,
    stopTimeoutMs: 400,
    brake: { maxRestarts: 2, windowMs: 60_000 },
    outOfServiceRetryMs: 60_000,
    outOfServicePage: { host: '127.0.0.1', port },
    ...overrides,
  });
  s.on('state', (state, detail) => states.push([state, detail]));
  s.on('restart', (info) => {
    // The process being replaced: still alive when a hang is detected, which is the point.
    const pid = s.pid;
    restarts.push({ ...info, pidAlive: pid !== undefined && isAlive(pid) });
  });
  supervisor = s;
  s.start();
  return { s, states, restarts };
}

describe('browser-shell supervisor', () => {
  it('restarts a child that hangs (alive, not answering), then brakes into out of service with a page on the kiosk port', async () => {
    setMode('hang');
    const port = await freePort();
    const { s, states, restarts } = await supervise(port);

    await waitFor(() => s.state === 'out-of-service', 15_000, 'out of service');
    expect(restarts).toHaveLength(2);
    for (const restart of restarts) {
      expect(restart.reason).toMatch(/^not answering \(no answer within 300 ms\)$/);
      expect(restart.planned).toBe(false);
      expect(restart.pidAlive).toBe(true);
    }
    expect(states.map(([state]) => state).filter((st) => st !== 'starting')).toEqual(['running', 'restarting', 'running', 'restarting', 'running', 'out-of-service']);
    expect(states.at(-1)?.[1]).toMatch(/restart brake engaged after: not answering/);

    // Three processes were started; every one is gone (the hung ones needed SIGKILL).
    const pids = startedPids();
    expect(new Set(pids).size).toBe(3);
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 3000, 'children to die');

    const page = await get(`http://127.0.0.1:${port}/`);
    expect(page).toMatchObject({ status: 503 });
    expect('body' in page && page.body).toContain('暂停服务');
    expect(await get(`http://127.0.0.1:${port}/healthz`)).toEqual({ status: 503, body: 'out-of-service' });

    await s.stop();
    expect(s.state).toBe('stopped');
    expect(await get(`http://127.0.0.1:${port}/healthz`, 500)).toMatchObject({ error: 'ECONNREFUSED' });
  });

  it('restarts a child that exits, and the brake counts those restarts too', async () => {
    setMode('exit');
    const port = await freePort();
    const { s, restarts } = await supervise(port, { brake: { maxRestarts: 1, windowMs: 60_000 } });
    await waitFor(() => s.state === 'out-of-service', 10_000, 'out of service');
    expect(restarts.map((r) => r.reason)).toEqual(['exited (code 3)']);
    expect(startedPids()).toHaveLength(2);
  });

  it('records each unplanned restart, and the one the brake refused, for the kiosk to report; planned restarts are not recorded', async () => {
    setMode('exit');
    const port = await freePort();
    const record = watchdogRestartsPath(join(dir, 'data'));
    const { s } = await supervise(port, { brake: { maxRestarts: 1, windowMs: 60_000 }, restartRecordPath: record });
    await waitFor(() => s.state === 'out-of-service', 10_000, 'out of service');
    expect(readWatchdogRestarts(record).records.map(({ reason, restartsInWindow, brakeEngaged }) => ({ reason, restartsInWindow, brakeEngaged }))).toEqual([
      { reason: 'exited (code 3)', restartsInWindow: 1, brakeEngaged: undefined },
      { reason: 'exited (code 3)', restartsInWindow: 1, brakeEngaged: true },
    ]);
    await s.stop();

    setMode('healthy');
    const planned = await supervise(await freePort(), { restartRecordPath: record });
    await waitFor(() => planned.s.state === 'running', 5000, 'running');
    await planned.s.restart('fleet command');
    await waitFor(() => planned.s.state === 'running', 5000, 'running after planned restart');
    expect(readWatchdogRestarts(record).records).toHaveLength(2);
  });

  it('after the cool-down it tries again and serves again when the fault has cleared', async () => {
    setMode('hang');
    const port = await freePort();
    const { s, states } = await supervise(port, { brake: { maxRestarts: 1, windowMs: 60_000 }, outOfServiceRetryMs: 1500 });
    await waitFor(() => s.state === 'out-of-service', 10_000, 'out of service');
    setMode('healthy');
    await waitFor(() => states.some(([, detail]) => detail === 'retry after out of service'), 5000, 'retry');
    await waitFor(() => s.state === 'running', 5000, 'running again');
    expect(await get(`http://127.0.0.1:${port}/healthz`)).toEqual({ status: 200, body: 'ok' });
    // Healthy now: stays running through several probe rounds, counted where the child answers them.
    const before = probesAnswered();
    await expect.poll(() => probesAnswered() - before, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(5);
    expect(s.state).toBe('running');
  });

  it('a planned restart (fleet, staff) is not counted by the brake', async () => {
    setMode('healthy');
    const port = await freePort();
    const { s, restarts } = await supervise(port, { brake: { maxRestarts: 1, windowMs: 60_000 } });
    await waitFor(() => s.state === 'running', 5000, 'running');
    for (let i = 0; i < 3; i++) {
      await s.restart('fleet command');
      await waitFor(() => s.state === 'running', 5000, 'running after planned restart');
    }
    expect(restarts.map((r) => [r.planned, r.restartsInWindow])).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
    ]);
    expect(startedPids()).toHaveLength(4);
  });

  it('restarts at the configured quiet hour', async () => {
    setMode('healthy');
    const port = await freePort();
    // Pretend the clock is 600 ms before the top of an hour, and make that hour the quiet hour.
    const realStart = Date.now();
    const nextHour = new Date(realStart + 3_600_000);
    nextHour.setMinutes(0, 0, 0);
    const fakeStart = nextHour.getTime() - 600;
    const { s, restarts } = await supervise(port, {
      dailyRestartHour: nextHour.getHours(),
      now: () => new Date(fakeStart + (Date.now() - realStart)),
    });
    await waitFor(() => restarts.length === 1, 5000, 'daily restart');
    expect(restarts[0]).toMatchObject({ reason: 'scheduled daily restart', planned: true });
    await waitFor(() => s.state === 'running', 5000, 'running after daily restart');
    expect(startedPids()).toHaveLength(2);
  });
});
