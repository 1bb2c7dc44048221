/**
 * The core's side of a driver that runs in a child process of its own (driver-host.ts): a
 * ManagedDevice whose state mirrors the driver's, and whose calls travel as IPC messages. A driver
 * that throws, hangs (no answer to the watchdog's ping) or dies turns into an error state with a
 * reason; the device manager then closes and reopens it, which starts a fresh process. The core's
 * event loop never runs driver code, so a driver fault cannot stall the screen's API traffic.
 */
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DeviceStateMachine, type DeviceState } from '../../../../native/device/device-state.ts';
import type { ManagedDevice } from '../device-manager.ts';
import { forkDriverSpawner, type DriverChild, type DriverSpawner } from './driver-child.ts';
import type { DriverSpec } from './driver-specs.ts';
import type { DriverLifecycleRpc, LooseRpc, RpcArgs, RpcResult } from './driver-rpc.ts';
import {
  deserializeError,
  DriverUnavailableError,
  type DriverFailureCode,
  type DriverMessage,
  type HostMessage,
} from './driver-protocol.ts';

export interface ProcessDeviceOptions {
  /** Device name in state-machine errors and messages ('idCard', 'printer'). */
  name: string;
  spec: DriverSpec;
  /** The driver process entry; default ./driver-host.ts beside this file. A bundled build passes its .cjs. */
  driverScript?: URL;
  /** What starts the driver process: default Node's fork; the Electron shell passes a utility process spawner. */
  spawner?: DriverSpawner;
  /** Ping the driver process this often while it runs (default 1000 ms)... */
  watchdogIntervalMs?: number;
  /** ...and count it as hung when a ping goes unanswered this long (default 3000 ms). */
  watchdogTimeoutMs?: number;
  /** Ceiling for a call that sets none (default 60 s): a call that never settles is a driver bug. */
  callTimeoutMs?: number;
  /** How long the process may take to start and build its driver (default 15 s). */
  startTimeoutMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  cleanup(): void;
}

/** Output a driver process wrote last, kept for the failure message (stack traces, binding errors). */
const OUTPUT_TAIL_CHARS = 2000;

export class ProcessDevice<R extends object = LooseRpc> implements ManagedDevice {
  readonly state: DeviceStateMachine;
  readonly #options: ProcessDeviceOptions;
  readonly #pending = new Map<number, PendingCall>();
  readonly #linkFailure = new Map<string, boolean>();
  readonly #events = new EventEmitter<{ 'card-removed': [] }>();
  #child: DriverChild | undefined;
  #output = '';
  #ready: Promise<void> | undefined;
  #nextId = 1;
  #details: Record<string, string> = {};
  #watchdog: NodeJS.Timeout | undefined;
  #ping: { seq: number; sentAt: number } | undefined;

  constructor(options: ProcessDeviceOptions) {
    this.#options = options;
    this.state = new DeviceStateMachine(options.name);
  }

  /** The driver process's pid while it runs (diagnostics, tests). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** What the driver process last wrote to stderr (a crash's stack trace), for maintenance. */
  get lastDriverOutput(): string {
    return this.#output;
  }

  async open(): Promise<void> {
    await this.#start();
    await (this as ProcessDevice<DriverLifecycleRpc>).call('open', []);
  }

  async close(): Promise<void> {
    if (this.#child) await (this as ProcessDevice<DriverLifecycleRpc>).call('close', [], { timeoutMs: 5000 }).catch(() => undefined);
    await this.#stop('driver-stopped', 'driver stopped');
    if (this.state.state.kind !== 'disconnected') this.#mirror({ kind: 'disconnected' });
  }

  isLinkFailure(reason: string): boolean {
    return this.#linkFailure.get(reason) ?? true;
  }

  details(): Record<string, string> {
    return { ...this.#details };
  }

  onCardRemoved(listener: () => void): void {
    this.#events.on('card-removed', listener);
  }

  /** Runs a driver method in the driver process (typed by its RPC interface); the signal aborts it there. */
  call<M extends keyof R & string>(method: M, args: RpcArgs<R, M>, options: CallOptions = {}): Promise<RpcResult<R, M>> {
    if (!this.#child) return Promise.reject(new DriverUnavailableError('driver-stopped', `${this.#options.name} driver is not running`));
    const id = this.#nextId++;
    const timeoutMs = options.timeoutMs ?? this.#options.callTimeoutMs ?? 60_000;
    return new Promise<RpcResult<R, M>>((resolve, reject) => {
      const onAbort = () => this.#post({ type: 'abort', id });
      const timer = setTimeout(() => {
        const child = this.#child;
        if (child) this.#fail(child, 'driver-timeout', `${this.#options.name} driver did not finish ${method} within ${timeoutMs} ms`);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer, cleanup });
      this.#post({ type: 'call', id, method, args });
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #start(): Promise<void> {
    if (this.#child && this.#ready) return this.#ready;
    const script = fileURLToPath(this.#options.driverScript ?? new URL('./driver-host.ts', import.meta.url));
    const child = (this.#options.spawner ?? forkDriverSpawner)(script, { name: this.#options.name });
    this.#child = child;
    this.#output = '';
    child.onOutput((text) => (this.#output = (this.#output + text).slice(-OUTPUT_TAIL_CHARS)));
    const startTimeoutMs = this.#options.startTimeoutMs ?? 15_000;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new DriverUnavailableError('driver-unresponsive', `${this.#options.name} driver did not start within ${startTimeoutMs} ms`));
        this.#fail(child, 'driver-unresponsive', 'driver did not start');
      }, startTimeoutMs);
      child.onMessage((message) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.#startWatchdog(child);
          resolve();
        }
        this.#onMessage(child, message);
      });
      const failed = (reason: string) => {
        clearTimeout(timer);
        const output = this.#output.trim().split('\n').at(-1);
        reject(new DriverUnavailableError('driver-crashed', `${this.#options.name} ${reason}${output ? `: ${output}` : ''}`));
        this.#fail(child, 'driver-crashed', reason);
      };
      child.onExit((how) => failed(`driver process ${how}`));
    });
    // A start that fails is reported through open(); nobody else must see an unhandled rejection.
    ready.catch(() => undefined);
    this.#ready = ready;
    this.#post({ type: 'start', spec: this.#options.spec });
    return ready;
  }

  #onMessage(child: DriverChild, message: DriverMessage): void {
    if (this.#child !== child) return;
    switch (message.type) {
      case 'state': {
        this.#details = message.details;
        const { state } = message;
        if (state.kind === 'error' || state.kind === 'disconnected') {
          if (state.reason) this.#linkFailure.set(state.reason, message.linkFailure);
        }
        this.#mirror(state);
        return;
      }
      case 'flags':
        this.state.setFlags(message.flags);
        return;
      case 'card-removed':
        this.#events.emit('card-removed');
        return;
      case 'pong':
        if (this.#ping?.seq === message.seq) this.#ping = undefined;
        return;
      case 'result': {
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        pending.cleanup();
        if (message.ok) pending.resolve(message.value);
        else pending.reject(deserializeError(message.error));
        return;
      }
      case 'ready':
        return;
    }
  }

  #startWatchdog(child: DriverChild): void {
    const interval = this.#options.watchdogIntervalMs ?? 1000;
    const timeout = this.#options.watchdogTimeoutMs ?? 3000;
    let seq = 0;
    this.#watchdog = setInterval(() => {
      if (this.#child !== child) return;
      const ping = this.#ping;
      if (ping) {
        if (performance.now() - ping.sentAt > timeout) {
          this.#fail(child, 'driver-unresponsive', `driver process did not answer for ${timeout} ms`);
        }
        return;
      }
      this.#ping = { seq: ++seq, sentAt: performance.now() };
      this.#post({ type: 'ping', seq });
    }, interval);
    this.#watchdog.unref();
  }

  #post(message: HostMessage): void {
    this.#child?.send(message);
  }

  /** The driver cannot be trusted any more: stop its process and say why in the state. */
  #fail(child: DriverChild, code: DriverFailureCode, reason: string): void {
    if (this.#child !== child) return;
    void this.#stop(code, reason, { kill: true });
    const state = this.state.state;
    this.#linkFailure.set(code, true);
    if (state.kind === 'disconnected') this.#mirror({ kind: 'disconnected', reason: code });
    else this.#mirror({ kind: 'error', reason: code });
  }

  /** Graceful: the host is asked to exit (see DriverChild.end); a failed or stuck one is killed. */
  async #stop(code: DriverFailureCode, reason: string, options: { kill?: boolean } = {}): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    this.#ready = undefined;
    this.#ping = undefined;
    clearInterval(this.#watchdog);
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.cleanup();
      pending.reject(new DriverUnavailableError(code, `${this.#options.name}: ${reason}`));
    }
    if (!child || child.exited) return;
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    if (options.kill) child.kill();
    else child.end();
    const timer = setTimeout(() => child.kill(), 2000);
    await exited;
    clearTimeout(timer);
  }

  /** The mirror follows the driver's own (already checked) transitions; a resync never throws. */
  #mirror(next: DeviceState): void {
    const current = this.state.state;
    const reasonOf = (s: DeviceState) => ('reason' in s ? s.reason : undefined);
    if (current.kind === next.kind && next.kind !== 'busy' && reasonOf(current) === reasonOf(next)) return;
    try {
      this.state.transition(next);
    } catch {
      if (next.kind !== 'error' && next.kind !== 'disconnected') {
        this.state.transition({ kind: 'disconnected', reason: 'resync' });
        if (next.kind === 'connecting') this.state.transition(next);
      }
    }
  }
}
