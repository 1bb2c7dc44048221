/**
 * A DriverChild over Electron's utilityProcess, described by shape only: electron/core never
 * imports 'electron', so the Electron shell hands in utilityProcess.fork
 * (electron/shells/electron/main/utility-driver-spawner.ts) and tests can hand in an emulation.
 *
 * What differs from a fork: messages are structured clones (byte arrays survive, as with
 * 'advanced' serialization); the parent holds no IPC channel it could close, so the host is asked
 * to stop with a 'stop' message; and kill() is SIGTERM, with Electron reaping (SIGKILL) a process
 * that ignores it.
 */
import { ExitLatch, type DriverChild, type DriverSpawner } from './driver-child.ts';
import type { DriverMessage } from './driver-protocol.ts';

/** The part of Electron.UtilityProcess this uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: DriverMessage) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  on(event: 'error', listener: (type: 'FatalError', location: string, report: string) => void): this;
}

export interface UtilityForkOptions {
  serviceName: string;
  /** stdin must be 'ignore' in a utility process. */
  stdio: ['ignore', 'ignore' | 'pipe' | 'inherit', 'ignore' | 'pipe' | 'inherit'];
}

/** The shape of Electron's utilityProcess.fork, called only after the app's 'ready'. */
export type UtilityFork = (modulePath: string, args: string[], options: UtilityForkOptions) => UtilityProcessLike;

/** `script` must be runnable as it is (the bundled driver-host.cjs): a utility process has no tsx. */
export function utilityProcessSpawner(utilityFork: UtilityFork): DriverSpawner {
  return (script, { name }): DriverChild => {
    const child = utilityFork(script, [], { serviceName: `${name} driver`, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.setEncoding('utf8');
    const latch = new ExitLatch();
    // A V8 fatal error ends the process ('exit' follows); where it happened is worth keeping.
    const fatal: ((text: string) => void)[] = [];
    child.on('error', (_type, location) => fatal.forEach((listener) => listener(`V8 fatal error at ${location}\n`)));
    child.on('exit', (code) => latch.end(`exited (code ${code})`));
    return {
      get pid() {
        return child.pid;
      },
      get exited() {
        return latch.ended;
      },
      send(message) {
        if (!latch.ended) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onOutput(listener) {
        child.stderr?.on('data', listener);
        fatal.push(listener);
      },
      onExit: (listener) => latch.on(listener),
      end() {
        if (!latch.ended) child.postMessage({ type: 'stop' });
      },
      kill() {
        if (!latch.ended) child.kill();
      },
    };
  };
}
