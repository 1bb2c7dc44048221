/**
 * Entry point of a driver process (child_process.fork from the core, in either shell; under
 * Electron the child is Electron's own binary running as Node). It builds one driver from the spec
 * it is sent, runs the methods the proxy calls, and reports the driver's state, flags and card
 * removals. A fault here — an exception, an endless loop, a native crash in a serial binding —
 * ends or stalls this process only; the core notices and starts a fresh one.
 *
 * Why a process and not a worker thread: @serialport/bindings-cpp polls its file descriptors on
 * uv_default_loop(), the main thread's loop, so a port opened in a worker thread delivers its data
 * callbacks on the wrong thread and aborts the whole process (V8 "without proper locking").
 */
import { createHostedDriver, type DriverSpec, type HostedDriver } from './driver-specs.ts';
import { serializeError, type DriverMessage, type HostMessage } from './driver-protocol.ts';

type StartMessage = { type: 'start'; spec: DriverSpec };

if (!process.send) throw new Error('driver-host.ts runs only as a child process with an IPC channel');
const post = (message: DriverMessage) => process.send?.(message);
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

process.on('message', (message: HostMessage | StartMessage) => {
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
  }
});

// The core went away (closed us, or crashed): never outlive it holding a serial port.
process.on('disconnect', () => {
  driver?.dispose?.();
  process.exit(0);
});
