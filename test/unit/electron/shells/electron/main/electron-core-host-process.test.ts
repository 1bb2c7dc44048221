/**
 * The main process's side of the core host against a STAND-IN child (an EventEmitter shaped as
 * Electron's UtilityProcess): start-up answers, the A4 relay's outcome mapping, crash reporting
 * and stop with its kill deadline. The real child over the emulation is in
 * test/integration/core-host-message-port.test.ts.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DriverChild } from '../../../../../../electron/core/devices/driver-process/driver-child.ts';
import { ExitLatch } from '../../../../../../electron/core/devices/driver-process/driver-child.ts';
import { DocumentPrinterUnavailableError, DocumentPrintOutcomeUnknownError } from '../../../../../../electron/core/documents/document-printer.ts';
import type { HostToMain, MainToHost } from '../../../../../../electron/core/host/core-host-protocol.ts';
import { startCoreHostProcess, type CoreHostChild, type CoreHostProcessOptions } from '../../../../../../electron/shells/electron/main/core-host-process.ts';

class StandInChild extends EventEmitter {
  readonly received: { message: MainToHost; transfer: string[] }[] = [];
  kills = 0;
  pid: number | undefined = 4242;
  postMessage(message: MainToHost, transfer: string[] = []): void {
    this.received.push({ message, transfer });
  }
  kill(): boolean {
    this.kills++;
    return true;
  }
  fromHost(message: HostToMain): void {
    this.emit('message', message);
  }
}

const status = { sessionActive: false, watchdog: { dailyRestartHour: 3, maxRestarts: 3, restartWindowMinutes: 10 } };

function setup(overrides: Partial<CoreHostProcessOptions<string>> = {}) {
  const child = new StandInChild();
  const seen = { restarts: [] as string[], crashes: [] as number[], forks: [] as string[] };
  const started = startCoreHostProcess<string>({
    fork: (modulePath) => {
      seen.forks.push(modulePath);
      return child as unknown as CoreHostChild<string>;
    },
    script: '/app/dist/electron/core-host/core-host.cjs',
    start: { dataDir: '/data', resourcesDir: '/resources' },
    print: async () => undefined,
    restart: (reason) => seen.restarts.push(reason),
    onUnexpectedExit: (code) => seen.crashes.push(code),
    logger: { warn: () => undefined, error: () => undefined },
    ...overrides,
  });
  return { child, seen, started };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('core host process (main side, stand-in child)', () => {
  it('forks the bundle, sends start, and resolves once the core is ready', async () => {
    const { child, seen, started } = setup();
    expect(seen.forks).toEqual(['/app/dist/electron/core-host/core-host.cjs']);
    expect(child.received[0]?.message).toEqual({ type: 'start', options: { dataDir: '/data', resourcesDir: '/resources', driverProcesses: false } });
    child.fromHost({ type: 'ready', status });
    const host = await started;
    expect(host.status()).toEqual(status);
    child.fromHost({ type: 'status', status: { ...status, sessionActive: true } });
    expect(host.status().sessionActive).toBe(true);
  });

  it('rejects with the core\'s own reason when it fails to start, and kills the host', async () => {
    const { child, started } = setup();
    child.fromHost({ type: 'start-failed', message: 'database is damaged beyond repair' });
    await expect(started).rejects.toThrow('database is damaged beyond repair');
    expect(child.kills).toBe(1);
  });

  it('rejects when the host dies before the core started', async () => {
    const { child, started } = setup();
    child.emit('exit', 1);
    await expect(started).rejects.toThrow(/exited before the core started \(code 1\)/);
  });

  it('hands the core\'s end of a window channel over as a transfer', async () => {
    const { child, started } = setup();
    child.fromHost({ type: 'ready', status });
    (await started).connect('port-1', '7');
    expect(child.received.at(-1)).toEqual({ message: { type: 'connect', connectionId: '7' }, transfer: ['port-1'] });
  });

  it.each([
    ['printed', async () => undefined, { ok: true }],
    ['no printer', async () => Promise.reject(new DocumentPrinterUnavailableError('no printer')), { ok: false, unavailable: true, outcomeUnknown: false, message: 'no printer' }],
    ['refused', async () => Promise.reject(new Error('paper jam')), { ok: false, unavailable: false, outcomeUnknown: false, message: 'paper jam' }],
    ['left unanswered', async () => Promise.reject(new DocumentPrintOutcomeUnknownError('print did not finish')), { ok: false, unavailable: false, outcomeUnknown: true, message: 'print did not finish' }],
  ])('answers an A4 job that was %s', async (_name, print, result) => {
    const { child, started } = setup({ print });
    child.fromHost({ type: 'ready', status });
    await started;
    child.fromHost({ type: 'print', id: 5, html: '<p>report</p>' });
    await vi.waitFor(() => expect(child.received.at(-1)?.message).toEqual({ type: 'print-result', id: 5, ...result }));
  });

  it('passes restart requests on, and reports an end it did not ask for as a crash', async () => {
    const { child, seen, started } = setup();
    child.fromHost({ type: 'ready', status });
    await started;
    child.fromHost({ type: 'restart', reason: 'fleet command' });
    child.emit('exit', 137);
    expect(seen.restarts).toEqual(['fleet command']);
    expect(seen.crashes).toEqual([137]);
  });

  it('stop asks the host to stop, waits for its exit, and kills it past the grace period', async () => {
    vi.useFakeTimers();
    const { child, seen, started } = setup({ stopGraceMs: 1_000 });
    child.fromHost({ type: 'ready', status });
    const host = await started;
    const stopped = host.stop();
    expect(child.received.at(-1)?.message).toEqual({ type: 'stop' });
    await vi.advanceTimersByTimeAsync(999);
    expect(child.kills).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(child.kills).toBe(1);
    child.emit('exit', 143);
    await stopped;
    expect(seen.crashes).toEqual([]);
  });

  it('starts a driver process when the core host asks, relays its traffic, and kills it when the core host dies', async () => {
    const latch = new ExitLatch();
    const toDriver: unknown[] = [];
    const calls: string[] = [];
    const listeners: { message?: (m: never) => void; output?: (t: string) => void } = {};
    const driver: DriverChild = {
      pid: 555,
      get exited() {
        return latch.ended;
      },
      send: (message) => void toDriver.push(message),
      onMessage: (listener) => void (listeners.message = listener as never),
      onOutput: (listener) => void (listeners.output = listener),
      onExit: (listener) => latch.on(listener),
      end: () => void calls.push('end'),
      kill: () => void calls.push('kill'),
    };
    const names: string[] = [];
    const { child, started } = setup({ spawnDriver: (name) => (names.push(name), driver) });
    expect(child.received[0]?.message).toMatchObject({ options: { driverProcesses: true } });
    child.fromHost({ type: 'ready', status });
    await started;

    child.fromHost({ type: 'driver-spawn', id: 3, name: 'printer' });
    expect(names).toEqual(['printer']);
    expect(child.received.at(-1)?.message).toEqual({ type: 'driver-spawned', id: 3, pid: 555 });
    listeners.message?.({ type: 'ready' } as never);
    listeners.output?.('stderr line');
    expect(child.received.slice(-2).map((r) => r.message)).toEqual([
      { type: 'driver-message', id: 3, message: { type: 'ready' } },
      { type: 'driver-output', id: 3, text: 'stderr line' },
    ]);
    child.fromHost({ type: 'driver-send', id: 3, message: { type: 'call', id: 1, method: 'open', args: [] } as never });
    child.fromHost({ type: 'driver-end', id: 3 });
    expect(toDriver).toEqual([{ type: 'call', id: 1, method: 'open', args: [] }]);
    expect(calls).toEqual(['end']);

    child.emit('exit', 139);
    expect(calls).toEqual(['end', 'kill']);
  });

  it('answers a driver request it cannot serve with the driver\'s end, so the device reports it', async () => {
    const { child, started } = setup();
    child.fromHost({ type: 'ready', status });
    await started;
    child.fromHost({ type: 'driver-spawn', id: 1, name: 'idCard' });
    expect(child.received.at(-1)?.message).toEqual({ type: 'driver-exit', id: 1, how: 'failed: driver processes are not available' });
  });
});
