/**
 * The main process's side of the core host (electron/core/host): forks it, starts the core,
 * hands it one end of each window's MessagePort, prints A4 jobs for it and stops it. Described by
 * shape only (no `electron` import) so tests run it against the utility-process emulation.
 */
import type { DriverChild } from '../../../core/devices/driver-process/driver-child.ts';
import type { CoreHostStartOptions, CoreHostStatus, HostToMain, MainToHost } from '../../../core/host/core-host-protocol.ts';
import { errorMessage } from '../../../core/util/error-message.ts';

/** The part of Electron.UtilityProcess used here; `Port` is MessagePortMain. */
export interface CoreHostChild<Port> {
  readonly pid: number | undefined;
  postMessage(message: MainToHost, transfer?: Port[]): void;
  kill(): boolean;
  on(event: 'message', listener: (message: HostToMain) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export type CoreHostFork<Port> = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; stdio: ['ignore', 'ignore' | 'pipe' | 'inherit', 'ignore' | 'pipe' | 'inherit'] },
) => CoreHostChild<Port>;

export interface CoreHostLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface CoreHostProcessOptions<Port> {
  fork: CoreHostFork<Port>;
  /** The bundled core-host.cjs (a utility process has no tsx). */
  script: string;
  start: Omit<CoreHostStartOptions, 'driverProcesses'>;
  /**
   * Starts a device driver process for the core host (a utility process cannot start one itself).
   * Always the main process's own bundled driver host; the core host only names the device.
   * Without it the drivers run inside the core host.
   */
  spawnDriver?: (name: string) => DriverChild;
  /** A4 jobs the core asks for: only the main process can open the hidden print window. */
  print(html: string, printerName: string | undefined): Promise<void>;
  /** Staff or the fleet asked for a restart. */
  restart(reason: string): void;
  /** The core host ended without being asked to (crash): its callers decide how to recover. */
  onUnexpectedExit(code: number): void;
  logger: CoreHostLogger;
  /** How long stop() waits for the core to close its database and devices before killing it. */
  stopGraceMs?: number;
}

export interface CoreHostProcess<Port> {
  readonly pid: number | undefined;
  /** The latest status the core host pushed (session, watchdog settings). */
  status(): CoreHostStatus;
  /** Hands the core's end of a new channel to the core host; the other end goes to the window. */
  connect(port: Port, connectionId: string): void;
  stop(): Promise<void>;
}

/** Resolves once the core is running; rejects with the core's own reason when it failed to start. */
export function startCoreHostProcess<Port>(options: CoreHostProcessOptions<Port>): Promise<CoreHostProcess<Port>> {
  const { logger } = options;
  const child = options.fork(options.script, [], { serviceName: 'Bianmin Kiosk core', stdio: ['ignore', 'inherit', 'inherit'] });
  let current: CoreHostStatus | undefined;
  let exited = false;
  let stopping = false;
  const exitWaiters: (() => void)[] = [];
  const drivers = new Map<number, DriverChild>();
  const handle: CoreHostProcess<Port> = {
    get pid() {
      return child.pid;
    },
    status() {
      if (current === undefined) throw new Error('core host not started');
      return current;
    },
    connect(port, connectionId) {
      if (exited) return logger.warn('window asked for the core after the core host ended', { connectionId });
      child.postMessage({ type: 'connect', connectionId }, [port]);
    },
    stop() {
      stopping = true;
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn('core host did not stop in time; killing it');
          child.kill();
        }, options.stopGraceMs ?? 15_000);
        exitWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        child.postMessage({ type: 'stop' });
      });
    },
  };

  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      exited = true;
      // Their core is gone: a driver process left behind would hold the serial port.
      for (const driver of drivers.values()) driver.kill();
      drivers.clear();
      for (const waiter of exitWaiters.splice(0)) waiter();
      if (current === undefined) return reject(new Error(`core host exited before the core started (code ${code})`));
      if (!stopping) {
        logger.error('core host exited unexpectedly', { code });
        options.onUnexpectedExit(code);
      }
    });
    child.on('message', (message) => {
      switch (message.type) {
        case 'ready':
          current = message.status;
          return resolve(handle);
        case 'start-failed':
          reject(new Error(message.message));
          child.kill();
          return;
        case 'status':
          current = message.status;
          return;
        case 'restart':
          return options.restart(message.reason);
        case 'print':
          return void print(message.id, message.html, message.printerName);
        case 'stopped':
          return;
        case 'driver-spawn':
          return spawnDriver(message.id, message.name);
        case 'driver-send':
          return drivers.get(message.id)?.send(message.message);
        case 'driver-end':
          return drivers.get(message.id)?.end();
        case 'driver-kill':
          return drivers.get(message.id)?.kill();
      }
    });
    child.postMessage({ type: 'start', options: { ...options.start, driverProcesses: options.spawnDriver !== undefined } });
  });

  function spawnDriver(id: number, name: string): void {
    const toHost = (message: MainToHost) => {
      if (!exited) child.postMessage(message);
    };
    if (options.spawnDriver === undefined) return toHost({ type: 'driver-exit', id, how: 'failed: driver processes are not available' });
    let driver: DriverChild;
    try {
      driver = options.spawnDriver(name);
    } catch (error) {
      return toHost({ type: 'driver-exit', id, how: `failed: ${errorMessage(error)}` });
    }
    drivers.set(id, driver);
    driver.onMessage((message) => toHost({ type: 'driver-message', id, message }));
    driver.onOutput((text) => toHost({ type: 'driver-output', id, text }));
    driver.onExit((how) => {
      drivers.delete(id);
      toHost({ type: 'driver-exit', id, how });
    });
    toHost({ type: 'driver-spawned', id, pid: driver.pid });
  }

  async function print(id: number, html: string, printerName: string | undefined): Promise<void> {
    try {
      await options.print(html, printerName);
      if (!exited) child.postMessage({ type: 'print-result', id, ok: true });
    } catch (error) {
      const unavailable = error instanceof Error && error.name === 'DocumentPrinterUnavailableError';
      const outcomeUnknown = error instanceof Error && error.name === 'DocumentPrintOutcomeUnknownError';
      const message = errorMessage(error);
      if (!exited) child.postMessage({ type: 'print-result', id, ok: false, unavailable, outcomeUnknown, message });
    }
  }


}
