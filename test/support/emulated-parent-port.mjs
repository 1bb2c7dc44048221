/**
 * Preload of the EMULATED Electron utility process (emulated-utility-process.ts). It turns the
 * Node fork IPC channel into what a real utility process has: process.parentPort, whose 'message'
 * events carry `{ data, ports }` and which delivers (in order) once the first listener is added,
 * and no process.send, so code that works here works through parentPort.
 * The parent's death is deliberately not handled here: the code under test must notice it itself.
 */
import { EventEmitter } from 'node:events';
import { isMainThread } from 'node:worker_threads';

// The port belongs to the main thread, not to a thread of module-loader hooks (tsx).
if (isMainThread) emulateParentPort();

function emulateParentPort() {
  if (!process.send) throw new Error('emulated-parent-port.mjs needs a fork IPC channel to emulate parentPort over');
  const send = process.send.bind(process);
  // process.disconnect stays: Node's channel calls it when the parent's end closes.
  delete process.send;

  const port = new EventEmitter();
  const queued = [];
  let delivering = false;
  const deliver = (data) => port.emit('message', { data, ports: [] });

  port.postMessage = (message) => {
    // As Electron's ParentPort: a message to a parent that is gone is dropped silently.
    if (process.connected) send(message, () => undefined);
  };
  port.on('newListener', (name) => {
    if (name !== 'message' || delivering) return;
    // The listener is added after this event: deliver the backlog once it is in place.
    setImmediate(() => {
      delivering = true;
      for (const data of queued.splice(0)) deliver(data);
    });
  });
  process.on('message', (data) => (delivering ? deliver(data) : queued.push(data)));

  Object.defineProperty(process, 'parentPort', { enumerable: true, writable: false, value: port });
}
