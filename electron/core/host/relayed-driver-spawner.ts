/**
 * Device drivers in processes of their own, seen from the core host: a utility process cannot
 * start utility processes, so each DriverChild here is a driver process the main process started
 * on request (`driver-spawn`), whose messages it relays both ways. The main process starts its own
 * bundled driver host, never a script named in a message.
 */
import { ExitLatch, type DriverChild, type DriverSpawner } from '../devices/driver-process/driver-child.ts';
import type { DriverMessage } from '../devices/driver-process/driver-protocol.ts';
import type { HostToMain, MainToHost } from './core-host-protocol.ts';

type DriverReport = Extract<MainToHost, { type: 'driver-spawned' | 'driver-message' | 'driver-output' | 'driver-exit' }>;

export interface RelayedDriverSpawner {
  spawner: DriverSpawner;
  /** Feeds a driver report from the main process to its DriverChild. */
  deliver(report: DriverReport): void;
  /** The main process is gone or the host is stopping: every relayed driver counts as ended. */
  endAll(how: string): void;
}

interface Relayed {
  pid: number | undefined;
  latch: ExitLatch;
  messageListeners: ((message: DriverMessage) => void)[];
  outputListeners: ((text: string) => void)[];
}

export function relayedDriverSpawner(post: (message: HostToMain) => void): RelayedDriverSpawner {
  const drivers = new Map<number, Relayed>();
  let nextId = 1;

  const spawner: DriverSpawner = (_script, { name }): DriverChild => {
    const id = nextId++;
    const driver: Relayed = { pid: undefined, latch: new ExitLatch(), messageListeners: [], outputListeners: [] };
    drivers.set(id, driver);
    driver.latch.on(() => drivers.delete(id));
    post({ type: 'driver-spawn', id, name });
    return {
      get pid() {
        return driver.latch.ended ? undefined : driver.pid;
      },
      get exited() {
        return driver.latch.ended;
      },
      send(message) {
        if (!driver.latch.ended) post({ type: 'driver-send', id, message });
      },
      onMessage: (listener) => void driver.messageListeners.push(listener),
      onOutput: (listener) => void driver.outputListeners.push(listener),
      onExit: (listener) => driver.latch.on(listener),
      end() {
        if (!driver.latch.ended) post({ type: 'driver-end', id });
      },
      kill() {
        if (!driver.latch.ended) post({ type: 'driver-kill', id });
      },
    };
  };

  return {
    spawner,
    deliver(report) {
      const driver = drivers.get(report.id);
      if (!driver) return;
      switch (report.type) {
        case 'driver-spawned':
          driver.pid = report.pid;
          return;
        case 'driver-message':
          for (const listener of driver.messageListeners) listener(report.message);
          return;
        case 'driver-output':
          for (const listener of driver.outputListeners) listener(report.text);
          return;
        case 'driver-exit':
          driver.latch.end(report.how);
          return;
      }
    },
    endAll(how) {
      for (const driver of [...drivers.values()]) driver.latch.end(how);
    },
  };
}
