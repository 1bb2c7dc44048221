/**
 * An EMULATION of Electron's utilityProcess.fork for tests: the Electron binary cannot run here, so
 * a plain Node child process stands in, with the utility process's side of the API provided by a
 * preload shim (emulated-parent-port.mjs: process.parentPort over the fork IPC channel, no
 * process.send). This side mimics Electron.UtilityProcess: postMessage, 'message' with the data
 * itself, 'exit' with a numeric code only, kill() as SIGTERM with a later SIGKILL (Electron's
 * EnsureProcessTerminated), stderr when stdio[2] is 'pipe'. Messages go through V8's serializer
 * ('advanced'), which is also what a structured clone is.
 *
 * Not emulated: Chromium's own ending of a utility process whose browser process died, asar
 * reading, and the service name (nothing shows it here).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import type { DriverMessage } from '../../electron/core/devices/driver-process/driver-protocol.ts';
import type { UtilityFork, UtilityForkOptions, UtilityProcessLike } from '../../electron/core/devices/driver-process/utility-process-child.ts';

const SHIM = new URL('./emulated-parent-port.mjs', import.meta.url).href;
/** Electron (base::EnsureProcessTerminated) follows a SIGTERM with SIGKILL after 2 s. */
const KILL_GRACE_MS = 2000;

export class EmulatedUtilityProcess extends EventEmitter<{
  spawn: [];
  message: [DriverMessage];
  exit: [number];
  error: ['FatalError', string, string];
}> {
  readonly #child: ChildProcess;
  readonly stderr: NodeJS.ReadableStream | null;

  constructor(modulePath: string, args: string[], options: UtilityForkOptions & { execArgv?: string[] }) {
    super();
    this.#child = fork(modulePath, args, {
      execArgv: [...(options.execArgv ?? []), '--import', SHIM],
      serialization: 'advanced',
      stdio: [...options.stdio, 'ipc'],
    });
    this.stderr = this.#child.stderr;
    this.#child.on('spawn', () => this.emit('spawn'));
    this.#child.on('message', (message: DriverMessage) => this.emit('message', message));
    this.#child.on('exit', (code, signal) => this.emit('exit', code ?? 128 + (signal ? constants.signals[signal] : 0)));
  }

  get pid(): number | undefined {
    const child = this.#child;
    return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  postMessage(message: unknown): void {
    if (this.#child.connected) this.#child.send(message as object, () => undefined);
  }

  kill(): boolean {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return false;
    const killed = child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    child.once('exit', () => clearTimeout(timer));
    return killed;
  }
}

/** A stand-in for `(path, args, options) => utilityProcess.fork(path, args, options)`. */
export function emulatedUtilityFork(extra: { execArgv?: string[] } = {}): UtilityFork {
  return (modulePath, args, options): UtilityProcessLike => new EmulatedUtilityProcess(modulePath, args, { ...options, ...extra });
}
