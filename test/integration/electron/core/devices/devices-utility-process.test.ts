/**
 * Device drivers as the Electron shell runs them: each in a utility process (utility-process-child.ts)
 * running driver-host.cjs as electron/build.mjs bundles it. The Electron binary cannot run here, so
 * utilityProcess.fork is EMULATED (test/support/emulated-utility-process.ts): a Node child whose
 * process.parentPort a preload shim builds over the fork IPC channel, with process.send removed,
 * so driver-host can only work through its parentPort branch. Covered: the protocol against a
 * fixture driver (calls, byte arrays, error classes, aborts, crash and hang, the graceful 'stop'),
 * the real reader and a whole core against the simulators over PTYs (the printer's SQLite native
 * module loads in the child), and a host that outlives a killed parent by at most a few seconds.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DriverSpawner } from '../../../../../electron/core/devices/driver-process/driver-child.ts';
import { DriverUnavailableError } from '../../../../../electron/core/devices/driver-process/driver-protocol.ts';
import { ProcessDevice } from '../../../../../electron/core/devices/driver-process/process-device.ts';
import { ProcessIdCardReader } from '../../../../../electron/core/devices/driver-process/process-id-card-reader.ts';
import { utilityProcessSpawner } from '../../../../../electron/core/devices/driver-process/utility-process-child.ts';
import { createKioskCore } from '../../../../../electron/core/kiosk-core.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { IdCardError } from '../../../../../native/idcard/idcard-error.ts';
import type { PtyPair } from '../../../../../native/serial/pty-pair.ts';
import { IdCardSimulator } from '../../../../../native/simulators/idcard-simulator.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { emulatedUtilityFork } from '../../../../support/emulated-utility-process.ts';
import { writeDeviceCoreConfig } from '../../../../support/device-core-config.ts';
import { startSimulatedDevices, type SimulatedDevices } from '../../../../support/simulated-devices.ts';
import { WAITING_FLAG } from '../../../../support/misbehaving-process-driver.ts';

const repo = resolve(import.meta.dirname, '../../../../..');
const HOST_OUTFILE = 'dist/electron/driver-host/driver-host.cjs';
const fixture = new URL('../../../../support/utility-probe-driver.ts', import.meta.url).href;
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const readerOptions = (path: string) => ({ path, responseTimeoutMs: 300, pollIntervalMs: 20, presencePollMs: 30, heartbeatMs: 0 });

const cleanups: (() => Promise<unknown> | void)[] = [];
const work = mkdtempSync(join(tmpdir(), 'kiosk-utility-drivers-'));
let driverHost: URL;
let idPty: PtyPair;
let printerPty: PtyPair;
let idSim: IdCardSimulator;
let simulated: SimulatedDevices | undefined;

/** The utility spawner over the emulation, noting how each host ended. */
function spawner(extra: { execArgv?: string[] } = {}): DriverSpawner & { exits: string[]; names: string[] } {
  const inner = utilityProcessSpawner(emulatedUtilityFork(extra));
  const exits: string[] = [];
  const names: string[] = [];
  return Object.assign<DriverSpawner, { exits: string[]; names: string[] }>(
    (script, options) => {
      names.push(options.name);
      const child = inner(script, options);
      child.onExit((how) => exits.push(how));
      return child;
    },
    { exits, names },
  );
}

/** Alive and not a zombie (an orphan's zombie may linger under a PID 1 that does not reap). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

beforeAll(async () => {
  // The real bundle, laid out as in app.asar: dist/electron/driver-host/ beside node_modules/.
  const { targets } = (await import(pathToFileURL(join(repo, 'electron', 'build.mjs')).href)) as { targets: BuildOptions[] };
  const target = targets.find((t) => t.outfile === HOST_OUTFILE);
  if (!target) throw new Error(`electron/build.mjs has no ${HOST_OUTFILE} target`);
  const app = join(work, 'app');
  mkdirSync(app);
  symlinkSync(join(repo, 'node_modules'), join(app, 'node_modules'));
  await build({ ...target, outfile: join(app, HOST_OUTFILE) });
  driverHost = pathToFileURL(join(app, HOST_OUTFILE));

  simulated = await startSimulatedDevices('utility');
  ({ idPty, printerPty, idSim } = simulated);
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await simulated?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('driver-host in an emulated Electron utility process: protocol (fixture driver)', () => {
  const devices: ProcessDevice[] = [];
  // The fixture driver is TypeScript: the emulated process gets tsx, as a utility process could through execArgv.
  const fixtureDevice = (s: DriverSpawner, options: { failOpen?: boolean } = {}) => {
    const d = new ProcessDevice({
      name: 'fixture',
      spec: { kind: 'module', url: fixture, options },
      driverScript: driverHost,
      spawner: s,
      watchdogIntervalMs: 50,
      watchdogTimeoutMs: 1500,
    });
    devices.push(d);
    return d;
  };

  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });

  it('calls, byte arrays, driver errors, aborts, flags and card removal work over parentPort; close stops the host cleanly', async () => {
    const s = spawner({ execArgv: ['--import', tsx] });
    const d = fixtureDevice(s);
    await d.open();
    expect(s.names).toEqual(['fixture']);
    expect(d.state.state).toEqual({ kind: 'ready' });
    expect(d.pid).not.toBe(process.pid);
    expect(await d.call('channel', [])).toEqual({ parentPort: true, send: 'undefined' });
    expect(d.details()).toEqual({ firmware: 'fixture-1.0' });
    expect(await d.call('echo', ['a', 2, { b: true }])).toEqual(['a', 2, { b: true }]);
    const bytes = (await d.call('bytes', [300])) as Uint8Array;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes[299]).toBe(299 & 0xff);

    const error = await d.call('failWith', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdCardError);
    expect(error).toMatchObject({ code: 'sam-status', samStatus: { code: 'sam-self-check-failed' } });

    const controller = new AbortController();
    const waiting = d.call('wait', [], { signal: controller.signal });
    await expect.poll(() => d.state.flags, { timeout: 5000, interval: 5 }).toContain(WAITING_FLAG);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'IdCardError', code: 'cancelled' });

    await d.call('flags', [['card-present']]);
    expect(d.state.flags).toEqual(['card-present']);
    let removed = 0;
    d.onCardRemoved(() => removed++);
    await d.call('removeCard', []);
    await expect.poll(() => removed).toBe(1);

    await d.close();
    expect(d.state.state.kind).toBe('disconnected');
    // Exit code 0: the host left on the 'stop' message, not by kill() (SIGTERM).
    expect(s.exits).toEqual(['exited (code 0)']);
  });

  it('a crashed host is driver-crashed with its stack trace; a hung one is driver-unresponsive and reopens', async () => {
    const s = spawner({ execArgv: ['--import', tsx] });
    const crashing = fixtureDevice(s);
    await crashing.open();
    const failed = new Promise((settle) => crashing.state.on('change', (next) => next.kind === 'error' && settle(next)));
    await crashing.call('crash', []);
    expect(await failed).toEqual({ kind: 'error', reason: 'driver-crashed' });
    expect(crashing.lastDriverOutput).toContain('driver bug: null dereference');

    const hanging = fixtureDevice(s);
    await hanging.open();
    const blocked = await hanging.call('block', []).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(DriverUnavailableError);
    expect(blocked).toMatchObject({ code: 'driver-unresponsive' });
    await hanging.close();
    await hanging.open();
    expect(await hanging.call('echo', [1])).toEqual([1]);
  });
});

describe('real drivers in emulated utility processes, bundled host', () => {
  it('reads cards from the simulator through the ID-card reader', async () => {
    const reader = new ProcessIdCardReader(readerOptions(idPty.devicePath), { driverScript: driverHost, spawner: spawner() });
    cleanups.push(() => reader.close());
    await reader.open();
    expect(reader.samId).toBe(idSim.samId);
    idSim.presentCard(sampleCards.foreign2023);
    const card = await reader.readCard({ timeoutMs: 2000 });
    expect(card).toEqual(sampleCards.foreign2023);
    expect(card.photoWlt).toBeInstanceOf(Uint8Array);
    idSim.removeCard();
    await expect.poll(() => reader.state.flags, { timeout: 2000, interval: 10 }).toEqual([]);
    const timeout = await reader.readCard({ timeoutMs: 150 }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(IdCardError);
    expect(timeout).toMatchObject({ code: 'timeout' });
    // Serial ports are opened exclusively: release it for the tests below.
    await reader.close();
  });

  it('a core started as electron/shells/electron/main/main.ts starts it reads a card through the KioskApi', async () => {
    const configOverridePath = writeDeviceCoreConfig(work, { idCard: idPty.devicePath, printer: printerPty.devicePath });
    const s = spawner();
    const core = await createKioskCore({
      dataDir: join(work, 'core'),
      resourcesDir: join(repo, 'resources'),
      shell: 'electron',
      configOverridePath,
      logger: createLogger({ level: 'error', write: () => undefined }),
      deviceIsolation: 'process',
      deviceDriverScript: driverHost,
      deviceDriverSpawner: s,
    });
    cleanups.push(() => core.shutdown());
    // The printer's host opens the terminal database itself: better-sqlite3 loaded in the child.
    await expect.poll(() => core.devices.isReady('idCard') && core.devices.isReady('printer'), { timeout: 15_000, interval: 20 }).toBe(true);
    expect(s.names.sort()).toEqual(['idCard', 'printer']);
    const ctx = { shell: 'electron' as const, connectionId: 'utility-core' };
    expect((await core.apiHost.dispatch('startSession', {}, ctx)).ok).toBe(true);
    idSim.presentCard(sampleCards.hmt);
    expect(await core.apiHost.dispatch('readIdCard', { timeoutMs: 3000 }, ctx)).toMatchObject({ ok: true, value: { name: sampleCards.hmt.name } });
    idSim.removeCard();
    await core.shutdown();
    expect(s.exits).toEqual(['exited (code 0)', 'exited (code 0)']);
  });

  it('a host whose parent is killed outright exits by itself and frees the serial port', async () => {
    const parent = spawn(process.execPath, ['--import', tsx, join(import.meta.dirname, '../../../../support/utility-parent-stand-in.ts'), fileURLToPath(driverHost), idPty.devicePath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => void parent.kill('SIGKILL'));
    let stderr = '';
    parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const hostPid = await new Promise<number>((settle, fail) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const ready = /READY (\d+)/.exec(out);
        if (ready) settle(Number(ready[1]));
      });
      parent.on('exit', (code) => fail(new Error(`stand-in exited (${code}): ${stderr}`)));
    });
    expect(isRunning(hostPid)).toBe(true);
    parent.kill('SIGKILL');
    await expect.poll(() => isRunning(hostPid), { timeout: 8000, interval: 50 }).toBe(false);

    const reader = new ProcessIdCardReader(readerOptions(idPty.devicePath), { driverScript: driverHost, spawner: spawner() });
    cleanups.push(() => reader.close());
    await reader.open();
    expect(reader.state.state).toEqual({ kind: 'ready' });
    await reader.close();
  });
});
