/**
 * The core host: the terminal core in a process of its own, so SQLite synchronous=FULL writes,
 * fsync'd audit appends and device I/O never block the Electron main process (and with it the
 * window). Plain Node: it speaks to its parent through a parentPort (Electron's utility process,
 * or the emulation in test/support) and to the page through MessagePorts handed over by `connect`.
 *
 * A utility process cannot start utility processes of its own, and forking the Electron binary as
 * Node is refused (RunAsNode fuse off): with `driverProcesses` the main process starts each driver
 * process for this host and relays its messages (relayed-driver-spawner.ts); without it the
 * drivers run inside this process.
 */
import type { ApiHost } from '../api/dispatcher.ts';
import type { DocumentPrinter } from '../documents/document-printer.ts';
import { DocumentPrinterUnavailableError, DocumentPrintOutcomeUnknownError } from '../documents/document-printer.ts';
import { createKioskCore, type KioskCore, type KioskCoreOptions } from '../kiosk-core.ts';
import { OutboxKey } from '../outbox/outbox-key.ts';
import type { Logger } from '../logging/logger.ts';
import type { CoreHostStatus, HostToMain, MainToHost } from './core-host-protocol.ts';
import { servePortApi, type MessagePortLike, type PortApiConnection } from './port-api-server.ts';
import { relayedDriverSpawner } from './relayed-driver-spawner.ts';
import { errorMessage } from '../util/error-message.ts';

/**
 * What the core would start as a driver host: unused, since the main process starts its own
 * bundled driver host for each `driver-spawn`. Given so the core never derives one from
 * import.meta, which a bundle does not have.
 */
const RELAYED_DRIVER_SCRIPT = new URL('file:///driver-host-started-by-the-main-process');

/** The part of Electron's process.parentPort used here (also what the emulation provides). */
export interface ParentPortLike {
  postMessage(message: HostToMain): void;
  on(event: 'message', listener: (event: { data: MainToHost; ports: MessagePortLike[] }) => void): unknown;
}

export interface CoreHostOptions {
  parentPort: ParentPortLike;
  logger: Logger;
  /** Tests may build a smaller core; the entry uses createKioskCore. */
  createCore?: (options: KioskCoreOptions) => Promise<KioskCore>;
  /** Ends the process once the core has shut down. */
  exit: (code: number) => void;
  /** How often the status is pushed besides on every core event. */
  statusIntervalMs?: number;
}

export function runCoreHost(options: CoreHostOptions): void {
  const { parentPort, logger } = options;
  const createCore = options.createCore ?? createKioskCore;
  const post = (message: HostToMain) => parentPort.postMessage(message);
  const connections = new Map<string, PortApiConnection>();
  const drivers = relayedDriverSpawner(post);
  const pendingPrints = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextPrint = 1;
  let core: KioskCore | undefined;
  let starting = false;
  let stopping: Promise<void> | undefined;
  let statusTimer: NodeJS.Timeout | undefined;
  let lastStatus = '';

  const status = (running: KioskCore): CoreHostStatus => ({
    sessionActive: running.sessions.current() !== undefined,
    watchdog: running.config().watchdog,
  });

  // A4 printing needs a window, which only the main process has: the job goes there and back.
  const documentPrinter: DocumentPrinter = {
    print: (html, { printerName }) =>
      new Promise<void>((resolve, reject) => {
        if (stopping) return reject(new Error('core host is stopping'));
        const id = nextPrint++;
        pendingPrints.set(id, { resolve, reject });
        post({ type: 'print', id, html, ...(printerName ? { printerName } : {}) });
      }),
  };

  async function start(message: Extract<MainToHost, { type: 'start' }>): Promise<void> {
    if (starting || core) return logger.warn('core host asked to start twice; ignored');
    starting = true;
    try {
      const { outboxKey: keyBytes, ...startOptions } = message.options;
      const outboxKey = keyBytes ? new OutboxKey(keyBytes) : undefined;
      keyBytes?.fill(0);
      const running = await createCore({
        ...startOptions,
        ...(outboxKey ? { outboxKey } : {}),
        shell: 'electron',
        logger,
        maintenance: { restart: (reason) => post({ type: 'restart', reason }) },
        documentPrinter,
        ...(message.options.driverProcesses
          ? { deviceIsolation: 'process' as const, deviceDriverSpawner: drivers.spawner, deviceDriverScript: RELAYED_DRIVER_SCRIPT }
          : { deviceIsolation: 'in-process' as const }),
      });
      core = running;
      watchStatus(running.apiHost, running);
      post({ type: 'ready', status: status(running) });
    } catch (error) {
      const text = errorMessage(error);
      logger.error('core failed to start', { error: text });
      post({ type: 'start-failed', message: text });
    } finally {
      starting = false;
    }
  }

  /** Sent when it changed: a call may start or end a session, an event may change the config. */
  function pushStatus(): void {
    if (!core) return;
    const next = status(core);
    const text = JSON.stringify(next);
    if (text === lastStatus) return;
    lastStatus = text;
    post({ type: 'status', status: next });
  }

  function watchStatus(apiHost: ApiHost, running: KioskCore): void {
    lastStatus = JSON.stringify(status(running));
    apiHost.onEvent(pushStatus);
    // Sessions also end by inactivity inside the core, with no call to notice it by.
    statusTimer = setInterval(pushStatus, options.statusIntervalMs ?? 5_000);
    statusTimer.unref();
  }

  function connect(connectionId: string, port: MessagePortLike | undefined): void {
    if (port === undefined) return logger.warn('connect without a port; ignored', { connectionId });
    if (!core || stopping) {
      // A window that came too early or too late gets a closed port: its calls fail, they do not hang.
      port.close();
      return logger.warn('connect refused: the core is not running', { connectionId });
    }
    connections.get(connectionId)?.close();
    connections.set(connectionId, servePortApi(core.apiHost, port, connectionId, pushStatus));
  }

  function settlePrint(message: Extract<MainToHost, { type: 'print-result' }>): void {
    const pending = pendingPrints.get(message.id);
    if (!pending) return logger.warn('print result for an unknown job', { id: message.id });
    pendingPrints.delete(message.id);
    if (message.ok) pending.resolve();
    else if (message.unavailable) pending.reject(new DocumentPrinterUnavailableError(message.message));
    else if (message.outcomeUnknown === true) pending.reject(new DocumentPrintOutcomeUnknownError(message.message));
    else pending.reject(new Error(message.message));
  }

  function stop(): Promise<void> {
    return (stopping ??= (async () => {
      clearInterval(statusTimer);
      for (const connection of connections.values()) connection.close();
      connections.clear();
      // The main process may have printed them already: unknown, not failed.
      for (const pending of pendingPrints.values()) pending.reject(new DocumentPrintOutcomeUnknownError('core host stopped before the print job was answered'));
      pendingPrints.clear();
      try {
        await core?.shutdown();
      } catch (error) {
        logger.error('core shutdown failed', { error: errorMessage(error) });
      }
      drivers.endAll('core host stopped');
      post({ type: 'stopped' });
      options.exit(0);
    })());
  }

  parentPort.on('message', ({ data, ports }) => {
    switch (data?.type) {
      case 'start':
        return void start(data);
      case 'connect':
        return connect(data.connectionId, ports[0]);
      case 'print-result':
        return settlePrint(data);
      case 'stop':
        return void stop();
      case 'driver-spawned':
      case 'driver-message':
      case 'driver-output':
      case 'driver-exit':
        return drivers.deliver(data);
      default:
        logger.warn('core host ignored an unknown message', { type: String((data as { type?: unknown } | undefined)?.type) });
    }
  });
}
