/**
 * How ProcessDevice reaches its driver process, whatever started it: Node's child_process.fork
 * (the browser shell, tests) or Electron's utilityProcess.fork (utility-process-child.ts; the
 * Electron shell, whose RunAsNode fuse is off, so its binary cannot be forked as Node).
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { DriverMessage, HostMessage } from './driver-protocol.ts';

export interface DriverChild {
  /** Undefined once it has exited (and, for a utility process, until it has spawned). */
  readonly pid: number | undefined;
  readonly exited: boolean;
  /** Dropped once the channel is gone: the exit reports why. */
  send(message: HostMessage): void;
  onMessage(listener: (message: DriverMessage) => void): void;
  /** The process's stderr as it arrives: a crash's stack trace, a binding's load error. */
  onOutput(listener: (text: string) => void): void;
  /** Called once, when the process ended or could not be started, with how ('exited (code 70)'). */
  onExit(listener: (how: string) => void): void;
  /** Asks the host to release its driver and exit. */
  end(): void;
  /** Ends it without asking: a host that failed or hung cannot be trusted to stop itself. */
  kill(): void;
}

export interface DriverSpawnOptions {
  /** The device ('idCard', 'printer'): names the process where the platform shows one. */
  name: string;
}

/** Starts driver-host (`script`, a file path) in a process of its own. */
export type DriverSpawner = (script: string, options: DriverSpawnOptions) => DriverChild;

/** Tracks the first end of a process (an 'error' and an 'exit' may both come) for late listeners too. */
export class ExitLatch {
  #how: string | undefined;
  readonly #listeners: ((how: string) => void)[] = [];

  get ended(): boolean {
    return this.#how !== undefined;
  }

  end(how: string): void {
    if (this.#how !== undefined) return;
    this.#how = how;
    for (const listener of this.#listeners.splice(0)) listener(how);
  }

  on(listener: (how: string) => void): void {
    if (this.#how !== undefined) listener(this.#how);
    else this.#listeners.push(listener);
  }
}

/** Node's fork with 'advanced' serialization; closing the IPC channel is the host's signal to stop. */
export const forkDriverSpawner: DriverSpawner = (script) => {
  // Source entries (development, tests) load through tsx; a bundled build's .cjs starts directly.
  const execArgv = script.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  const child = fork(script, [], {
    serialization: 'advanced',
    execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.setEncoding('utf8');
  const latch = new ExitLatch();
  child.on('error', (error) => latch.end(`failed: ${error.message}`));
  child.on('exit', (code, signal) => latch.end(`exited (${signal ?? `code ${code}`})`));
  return {
    get pid() {
      return child.pid;
    },
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    send(message) {
      // A channel that just closed is reported by the 'exit' event; the send error adds nothing.
      if (child.connected) child.send(message, () => undefined);
    },
    onMessage: (listener) => child.on('message', listener),
    onOutput: (listener) => child.stderr?.on('data', listener),
    onExit: (listener) => latch.on(listener),
    end() {
      if (child.connected) child.disconnect();
    },
    kill: () => child.kill('SIGKILL'),
  };
};
