/**
 * Entry point of a driver process: child_process.fork from the core (browser shell, tests), or an
 * Electron utility process (the Electron shell, see driver-child.ts). It builds one driver from the
 * spec it is sent, runs the methods the proxy calls, and reports the driver's state, flags and card
 * removals. A fault here — an exception, an endless loop, a native crash in a serial binding —
 * ends or stalls this process only; the core notices and starts a fresh one.
 *
 * Why a process and not a worker thread: @serialport/bindings-cpp polls its file descriptors on
 * uv_default_loop(), the main thread's loop, so a port opened in a worker thread delivers its data
 * callbacks on the wrong thread and aborts the whole process (V8 "without proper locking").
 */
import { createHostedDriver, type DriverSpec, type HostedDriver } from './driver-specs.ts';
import { serializeError, type DriverMessage, type HostMessage } from './driver-protocol.ts';

/** Electron's process.parentPort (a utility process): messages arrive as events carrying `data`. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: HostMessage }) => void): unknown;
  postMessage(message: DriverMessage): void;
}

interface ParentLink {
  post(message: DriverMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  /** The core is gone (it closed us, or died). */
  onGone(listener: () => void): void;
}

/** How often a utility process checks that the core still lives. */
const PARENT_CHECK_MS = 1000;

function parentLink(): ParentLink {
  const port = Reflect.get(process, 'parentPort') as ParentPortLike | null | undefined;
  if (port) {
    return {
      post: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      // parentPort has no close event (Electron's ParentPort emits only 'message'). Electron ends
      // its utility processes with the app; should the main process be killed outright, a POSIX
      // orphan is re-parented, so a changed ppid also means the core is gone. The timer stays
      // referenced on purpose: it keeps the host alive until it is stopped, whatever its event
      // loop holds.
      onGone: (listener) => {
        const parent = process.ppid;
        setInterval(() => process.ppid !== parent && listener(), PARENT_CHECK_MS);
      },
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('driver-host runs only as a child process with an IPC channel, or as an Electron utility process');
  return {
    post: (message) => send(message),
    onMessage: (listener) => process.on('message', listener),
    onGone: (listener) => process.on('disconnect', listener),
  };
}

const link = parentLink();
const post = (message: DriverMessage) => link.post(message);
const running = new Map<number, AbortController>();
let driver: HostedDriver | undefined;

function stateMessage(d: HostedDriver): DriverMessage {
  const state = d.state.state;
  const reason = state.kind === 'error' || state.kind === 'disconnected' ? state.reason : undefined;
  let details: Record<string, string> = {};
  try {
    details = d.details?.() ?? {};
  } catch {
    // Identity is a nicety; the state must get through regardless.
  }
  return { type: 'state', state, linkFailure: reason === undefined || (d.isLinkFailure?.(reason) ?? true), details };
}

async function call(d: HostedDriver, id: number, method: string, args: unknown[]): Promise<void> {
  const run = Object.hasOwn(d.methods, method) ? d.methods[method] : undefined;
  if (!run) {
    post({ type: 'result', id, ok: false, error: { name: 'Error', message: `the driver has no method ${method}` } });
    return;
  }
  const abort = new AbortController();
  running.set(id, abort);
  try {
    post({ type: 'result', id, ok: true, value: await run(args, abort.signal) });
  } catch (error) {
    post({ type: 'result', id, ok: false, error: serializeError(error) });
  } finally {
    running.delete(id);
  }
}

async function start(spec: DriverSpec): Promise<void> {
  const d = await createHostedDriver(spec);
  d.state.on('change', () => post(stateMessage(d)));
  d.state.on('flags', (flags) => post({ type: 'flags', flags: [...flags] }));
  d.onCardRemoved?.(() => post({ type: 'card-removed' }));
  driver = d;
  post(stateMessage(d));
  post({ type: 'ready' });
}

function stop(): never {
  driver?.dispose?.();
  process.exit(0);
}

link.onMessage((message) => {
  switch (message.type) {
    case 'start':
      // A driver that cannot even be built (database locked, bad module) ends the process: the
      // proxy reports the exit as the device's error.
      start(message.spec).catch((error: unknown) => {
        console.error(`driver process: cannot start the driver: ${(error as Error).message}`);
        process.exit(70);
      });
      return;
    case 'call':
      if (driver) void call(driver, message.id, message.method, message.args);
      return;
    case 'abort':
      running.get(message.id)?.abort();
      return;
    case 'ping':
      post({ type: 'pong', seq: message.seq });
      return;
    case 'stop':
      stop();
  }
});

// Never outlive the core holding a serial port.
link.onGone(stop);
