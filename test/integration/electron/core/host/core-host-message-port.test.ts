/**
 * The core in its own process as the Electron shell runs it: the main process's side
 * (core-host-process.ts) forks the core host (electron/core/host/core-host-main.ts), and the
 * preload's transport (port-transport.ts) under the preload's KioskApi (kiosk-bridge.ts) talks to
 * it over a MessagePort. The Electron binary cannot run here, so utilityProcess.fork and
 * MessageChannelMain are EMULATED (test/support): a real Node child whose parentPort and
 * transferred port travel over the fork IPC channel. The core inside is the real one (SQLite file,
 * resources, outbox); only the window is missing.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { KioskEvents } from '../../../../../electron/contract/kiosk-api.ts';
import type { DriverChild } from '../../../../../electron/core/devices/driver-process/driver-child.ts';
import { utilityProcessSpawner } from '../../../../../electron/core/devices/driver-process/utility-process-child.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { writeDeviceCoreConfig } from '../../../../support/device-core-config.ts';
import { startSimulatedDevices } from '../../../../support/simulated-devices.ts';
import { startCoreHostProcess, type CoreHostProcess } from '../../../../../electron/shells/electron/main/core-host-process.ts';
import { createKioskApi } from '../../../../../electron/shells/electron/preload/kiosk-bridge.ts';
import { createPortTransport, type RendererPortLike } from '../../../../../electron/shells/electron/preload/port-transport.ts';
import { emulatedMessageChannelMain, type EmulatedMessagePortMain } from '../../../../support/emulated-message-channel.ts';
import { emulatedCoreHostFork, emulatedUtilityFork } from '../../../../support/emulated-utility-process.ts';

const repo = resolve(import.meta.dirname, '../../../../..');
const HOST_ENTRY = join(repo, 'electron/core/host/core-host-main.ts');
const BUNDLE_OUTFILE = 'dist/electron/core-host/core-host.cjs';
const DRIVER_HOST = join(repo, 'electron/core/devices/driver-process/driver-host.ts');
const work = mkdtempSync(join(tmpdir(), 'kiosk-core-host-'));
const running: CoreHostProcess<EmulatedMessagePortMain>[] = [];
const silent = { warn: () => undefined, error: () => undefined };

afterEach(async () => {
  await Promise.all(running.splice(0).map((host) => host.stop()));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The page's end of the emulated channel, shaped as the DOM MessagePort the preload receives. */
function rendererPort(port: EmulatedMessagePortMain): RendererPortLike {
  const view: RendererPortLike = {
    postMessage: (message) => port.postMessage(message),
    onmessage: null,
    close: () => port.close(),
  };
  port.on('message', ({ data }) => view.onmessage?.({ data }));
  port.start();
  return view;
}

async function startHost(
  name: string,
  extra: { unexpectedExits?: number[]; prints?: string[]; bundle?: string; spawnDriver?: (name: string) => DriverChild } = {},
) {
  const dataDir = join(work, name);
  const host = await startCoreHostProcess<EmulatedMessagePortMain>({
    // A utility process has no tsx: the bundle runs as it is, the source through tsx.
    fork: emulatedCoreHostFork(extra.bundle ? {} : { execArgv: ['--import', 'tsx'] }),
    script: extra.bundle ?? HOST_ENTRY,
    start: { dataDir, resourcesDir: join(repo, 'resources') },
    print: async (html) => {
      extra.prints?.push(html);
    },
    restart: () => undefined,
    onUnexpectedExit: (code) => extra.unexpectedExits?.push(code),
    logger: silent,
    ...(extra.spawnDriver ? { spawnDriver: extra.spawnDriver } : {}),
  });
  running.push(host);
  return { host, dataDir };
}

/** As preload.ts does with the port it receives: attach it, and detach when it closes. */
function connectWindow(host: CoreHostProcess<EmulatedMessagePortMain>, connectionId = 'window-1', answerGraceMs = 5_000) {
  const { port1, port2 } = emulatedMessageChannelMain();
  host.connect(port1, connectionId);
  const transport = createPortTransport();
  transport.attach(rendererPort(port2));
  port2.on('close', () => transport.detach('connection to the terminal core lost'));
  return { api: createKioskApi(transport, { answerGraceMs }), transport, port2 };
}

describe('core host over a MessagePort (utility process and MessageChannelMain emulated)', () => {
  it('answers KioskApi calls from a real core in a child process and reports its status', async () => {
    const { host } = await startHost('calls');
    expect(host.pid).toEqual(expect.any(Number));
    expect(host.pid).not.toBe(process.pid);
    expect(host.status().sessionActive).toBe(false);
    expect(host.status().watchdog.maxRestarts).toEqual(expect.any(Number));

    const { api } = connectWindow(host);
    const info = await api.getTerminalInfo({});
    expect(info).toMatchObject({ terminalId: expect.any(String) });
    const network = await api.getNetworkState({});
    expect(network).toEqual(expect.objectContaining({ state: expect.any(String) }));
  }, 60_000);

  it('runs as the bundle electron/build.mjs makes, laid out as in app.asar, with no tsx', async () => {
    const { targets } = (await import(pathToFileURL(join(repo, 'electron', 'build.mjs')).href)) as { targets: BuildOptions[] };
    const target = targets.find((t) => t.outfile === BUNDLE_OUTFILE);
    if (!target) throw new Error(`electron/build.mjs has no ${BUNDLE_OUTFILE} target`);
    const app = join(work, 'app');
    mkdirSync(app);
    symlinkSync(join(repo, 'node_modules'), join(app, 'node_modules'));
    await build({ ...target, absWorkingDir: repo, outfile: join(app, BUNDLE_OUTFILE), logLevel: 'error' });
    const { host } = await startHost('bundle', { bundle: join(app, BUNDLE_OUTFILE) });
    const { api } = connectWindow(host);
    await expect(api.getTerminalInfo({})).resolves.toMatchObject({ shell: 'electron' });
  }, 90_000);

  it('pushes core events to the window and refuses a malformed request with INVALID_REQUEST', async () => {
    const { host } = await startHost('events');
    const { api } = connectWindow(host);
    const ended: KioskEvents['sessionEnded'][] = [];
    api.on('sessionEnded', (payload) => ended.push(payload));
    await api.startSession({});
    await expect.poll(() => host.status().sessionActive).toBe(true);
    await api.endSession({ reason: 'completed' } as never);
    await expect.poll(() => ended.length).toBe(1);
    await expect.poll(() => host.status().sessionActive).toBe(false);
    await expect(api.readIdCard({ timeoutMs: -5 } as never)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  }, 60_000);

  it('answers a frame that is not a call with an error result instead of dropping it', async () => {
    const { host } = await startHost('frames');
    const { port1, port2 } = emulatedMessageChannelMain();
    host.connect(port1, 'raw');
    const answers: unknown[] = [];
    // Only results: pushed events (the network state, devices) may arrive on the port meanwhile.
    port2.on('message', ({ data }) => {
      if ((data as { type?: unknown } | null)?.type !== 'event') answers.push(data);
    });
    port2.start();
    port2.postMessage({ type: 'call', id: 7, method: 'noSuchMethod', payload: {} });
    port2.postMessage('not an object');
    await expect.poll(() => answers.length).toBe(2);
    expect(answers).toContainEqual({ type: 'result', id: 7, response: { ok: false, error: expect.objectContaining({ code: 'INVALID_REQUEST' }) } });
    expect(answers).toContainEqual({ type: 'result', id: null, response: { ok: false, error: expect.objectContaining({ code: 'INVALID_REQUEST' }) } });
  }, 60_000);

  it('stops on request: the core closes and the process ends without counting as a crash', async () => {
    const exits: number[] = [];
    const { host } = await startHost('stop', { unexpectedExits: exits });
    const { api } = connectWindow(host);
    await api.getTerminalInfo({});
    const pid = host.pid as number;
    await host.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(exits).toEqual([]);
  }, 60_000);

  it('reports a core that cannot start with its reason, and the host process ends', async () => {
    const blocked = join(work, 'not-a-dir');
    writeFileSync(blocked, 'a file where the data directory should be');
    const start = startCoreHostProcess<EmulatedMessagePortMain>({
      fork: emulatedCoreHostFork({ execArgv: ['--import', 'tsx'] }),
      script: HOST_ENTRY,
      start: { dataDir: join(blocked, 'data'), resourcesDir: join(repo, 'resources') },
      print: async () => undefined,
      restart: () => undefined,
      onUnexpectedExit: () => undefined,
      logger: silent,
    });
    await expect(start).rejects.toThrow(/not-a-dir|ENOTDIR|EEXIST/);
  }, 60_000);

  it('a crashed core host is reported as an unexpected exit, its port closes, and later calls fail INTERNAL instead of hanging', async () => {
    const exits: number[] = [];
    const { host } = await startHost('crash', { unexpectedExits: exits });
    const { api, port2 } = connectWindow(host, 'window-1', 1_000);
    await api.getTerminalInfo({});
    process.kill(host.pid as number, 'SIGKILL');
    await expect.poll(() => exits.length, { timeout: 10_000 }).toBe(1);
    expect(port2.closed).toBe(true);
    await expect(api.getTerminalInfo({})).rejects.toMatchObject({ code: 'INTERNAL' });
  }, 60_000);
});

describe('device drivers of the core host in utility processes the main process starts (all EMULATED)', () => {
  it('reads a card through the window\'s port, the reader and printer drivers each in their own process', async () => {
    const devices = await startSimulatedDevices('core-host');
    try {
      const dataDir = join(work, 'drivers');
      mkdirSync(dataDir, { recursive: true });
      renameSync(writeDeviceCoreConfig(dataDir, { idCard: devices.idPty.devicePath, printer: devices.printerPty.devicePath }), join(dataDir, 'config.json'));
      const spawn = utilityProcessSpawner(emulatedUtilityFork({ execArgv: ['--import', 'tsx'] }));
      const drivers: { name: string; child: DriverChild; exits: string[] }[] = [];
      const { host } = await startHost('drivers', {
        spawnDriver: (name) => {
          const child = spawn(DRIVER_HOST, { name });
          const entry = { name, child, exits: [] as string[] };
          child.onExit((how) => entry.exits.push(how));
          drivers.push(entry);
          return child;
        },
      });
      const { api } = connectWindow(host);
      const readyDevices = async () => (await api.getDeviceStatus({})).filter((d) => d.state === 'ready').map((d) => d.device).sort();
      await expect.poll(readyDevices, { timeout: 20_000, interval: 100 }).toEqual(['idCard', 'printer']);
      expect(drivers.map((d) => d.name).sort()).toEqual(['idCard', 'printer']);
      const pids = new Set(drivers.map((d) => d.child.pid));
      expect(pids.size).toBe(2);
      expect(pids.has(host.pid)).toBe(false);

      await api.startSession({});
      devices.idSim.presentCard(sampleCards.hmt);
      await expect(api.readIdCard({ timeoutMs: 3000 })).resolves.toMatchObject({ name: sampleCards.hmt.name });
      devices.idSim.removeCard();

      await host.stop();
      running.splice(running.indexOf(host), 1);
      await expect.poll(() => drivers.every((d) => d.exits.length === 1), { timeout: 10_000 }).toBe(true);
    } finally {
      await devices.close();
    }
  }, 90_000);
});
