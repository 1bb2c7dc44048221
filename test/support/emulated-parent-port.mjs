/**
 * Preload of the EMULATED Electron utility process (emulated-utility-process.ts). It turns the
 * Node fork IPC channel into what a real utility process has: process.parentPort, whose 'message'
 * events carry `{ data, ports }` and which delivers (in order) once the first listener is added,
 * and no process.send, so code that works here works through parentPort.
 * MessagePorts the parent transfers (emulated-utility-process.ts) arrive as envelopes keyed
 * __emulatedPort and become port objects in `event.ports`, with MessagePortMain's shape.
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

  port.postMessage = (message) => {
    // As Electron's ParentPort: a message to a parent that is gone is dropped silently.
    if (process.connected) send(message, () => undefined);
  };
  port.on('newListener', (name) => {
    if (name !== 'message' || delivering) return;
    // The listener is added after this event: deliver the backlog once it is in place.
    setImmediate(() => {
      delivering = true;
      for (const event of queued.splice(0)) port.emit('message', event);
    });
  });
  const ports = new Map();
  const onMessage = (data, portsOfMessage = []) => {
    const event = { data, ports: portsOfMessage };
    if (delivering) port.emit('message', event);
    else queued.push(event);
  };
  process.on('message', (message) => {
    const kind = typeof message === 'object' && message !== null ? message.__emulatedPort : undefined;
    if (kind === undefined) return onMessage(message);
    if (kind === 'transfer') {
      const childPort = emulatedPort(message.id, send, () => ports.delete(message.id));
      ports.set(message.id, childPort);
      return onMessage(message.data, [childPort]);
    }
    const target = ports.get(message.id);
    if (target === undefined) return;
    if (kind === 'close') {
      ports.delete(message.id);
      target.closedByPeer();
    } else target.receive(message.data);
  });

  Object.defineProperty(process, 'parentPort', { enumerable: true, writable: false, value: port });
}

/** The child's end of a transferred port: MessagePortMain's shape (queue until start, 'close'). */
function emulatedPort(id, send, forget) {
  const childPort = new EventEmitter();
  const backlog = [];
  let started = false;
  let closed = false;
  const end = () => {
    closed = true;
    forget();
    childPort.emit('close');
  };
  childPort.postMessage = (data) => {
    if (!closed && process.connected) send({ __emulatedPort: 'data', id, data }, () => undefined);
  };
  childPort.start = () => {
    if (started) return;
    started = true;
    for (const data of backlog.splice(0)) childPort.emit('message', { data, ports: [] });
  };
  childPort.close = () => {
    if (closed) return;
    if (process.connected) send({ __emulatedPort: 'close', id }, () => undefined);
    end();
  };
  childPort.receive = (data) => {
    if (closed) return;
    if (started) childPort.emit('message', { data, ports: [] });
    else backlog.push(data);
  };
  childPort.closedByPeer = () => {
    if (!closed) end();
  };
  return childPort;
}
