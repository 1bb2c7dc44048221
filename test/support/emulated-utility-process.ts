/**
 * An EMULATION of Electron's utilityProcess.fork for tests: the Electron binary cannot run here, so
 * a plain Node child process stands in, with the utility process's side of the API provided by a
 * preload shim (emulated-parent-port.mjs: process.parentPort over the fork IPC channel, no
 * process.send). This side mimics Electron.UtilityProcess: postMessage, 'message' with the data
 * itself, 'exit' with a numeric code only, kill() as SIGTERM with a later SIGKILL (Electron's
 * EnsureProcessTerminated), stderr when stdio[2] is 'pipe'. Messages go through V8's serializer
 * ('advanced'), which is also what a structured clone is.
 *
 * A MessagePortMain end (emulated-message-channel.ts) in postMessage's transfer list is carried
 * to the child over the same IPC channel, in envelopes the shim unpacks into `event.ports`.
 *
 * Not emulated: Chromium's own ending of a utility process whose browser process died, asar
 * reading, and the service name (nothing shows it here).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import type { DriverMessage } from '../../electron/core/devices/driver-process/driver-protocol.ts';
import type { UtilityFork, UtilityForkOptions, UtilityProcessLike } from '../../electron/core/devices/driver-process/utility-process-child.ts';
import type { CoreHostChild, CoreHostFork } from '../../electron/shells/electron/main/core-host-process.ts';
import type { EmulatedMessagePortMain } from './emulated-message-channel.ts';

/** Envelope key for port traffic; the shim (emulated-parent-port.mjs) uses the same one. */
const PORT_KEY = '__emulatedPort';
type PortEnvelope = { [PORT_KEY]: 'transfer' | 'data' | 'close'; id: number; data?: unknown };
const isPortEnvelope = (message: unknown): message is PortEnvelope =>
  typeof message === 'object' && message !== null && PORT_KEY in message;

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
  readonly #ports = new Map<number, EmulatedMessagePortMain>();
  #nextPort = 1;
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
    this.#child.on('message', (message: DriverMessage | PortEnvelope) => {
      if (isPortEnvelope(message)) this.#fromChildPort(message);
      else this.emit('message', message);
    });
    this.#child.on('exit', (code, signal) => {
      for (const port of this.#ports.values()) port.close();
      this.#ports.clear();
      this.emit('exit', code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  }

  get pid(): number | undefined {
    const child = this.#child;
    return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  postMessage(message: unknown, transfer: EmulatedMessagePortMain[] = []): void {
    if (!this.#child.connected) return;
    const port = transfer[0];
    if (port === undefined) {
      this.#child.send(message as object, () => undefined);
      return;
    }
    // The child's end stands in for `port` from now on: what its peer posts goes to the child.
    const id = this.#nextPort++;
    this.#ports.set(id, port);
    port.on('message', ({ data }) => this.#send({ [PORT_KEY]: 'data', id, data }));
    port.on('close', () => {
      if (this.#ports.delete(id)) this.#send({ [PORT_KEY]: 'close', id });
    });
    this.#send({ [PORT_KEY]: 'transfer', id, data: message });
    port.start();
  }

  #send(envelope: PortEnvelope): void {
    if (this.#child.connected) this.#child.send(envelope, () => undefined);
  }

  #fromChildPort(envelope: PortEnvelope): void {
    const port = this.#ports.get(envelope.id);
    if (port === undefined) return;
    if (envelope[PORT_KEY] === 'close') {
      this.#ports.delete(envelope.id);
      port.close();
    } else {
      port.postMessage(envelope.data);
    }
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

/**
 * A stand-in for `(path, args, options) => utilityProcess.fork(path, args, options)` as the main
 * process uses it for the core host: messages of the core-host protocol, MessagePorts transferable.
 */
export function emulatedCoreHostFork(extra: { execArgv?: string[] } = {}): CoreHostFork<EmulatedMessagePortMain> {
  return (modulePath, args, options) =>
    new EmulatedUtilityProcess(modulePath, args, { ...options, ...extra }) as unknown as CoreHostChild<EmulatedMessagePortMain>;
}
