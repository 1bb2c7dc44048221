/**
 * The terminal core: plain Node objects that either shell starts. It owns the configuration, the
 * database, the devices, the upstream client and the citizen session, and exposes them only
 * through the KioskApi dispatcher.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SerialScanner } from '../../native/scanner/serial-scanner.ts';
import { ScreenReportedCamera } from './devices/screen-reported-camera.ts';
import type { KioskEvents, ShellKind } from '../contract/kiosk-api.ts';
import { KioskDispatcher, type ApiHost } from './api/dispatcher.ts';
import { createHandlers } from './api/handlers.ts';
import { KioskError } from './api/kiosk-error.ts';
import { countTransactions, networkStateView } from './api/outbox-handlers.ts';
import type { TerminalConfig } from './config/config-schema.ts';
import { ConfigStore } from './config/load-config.ts';
import { migrations } from './db/migrations/index.ts';
import { openDatabaseSafely, type DatabaseAlert } from './db/safe-open.ts';
import { DeviceManager } from './devices/device-manager.ts';
import type { DocumentPrinter } from './documents/document-printer.ts';
import { createConfiguredDevices, type DeviceIsolation } from './devices/configured-devices.ts';
import type { DriverSpawner } from './devices/driver-process/driver-child.ts';
import { createLogger, type Logger } from './logging/logger.ts';
import { createCoreLogging } from './maintenance/core-logging.ts';
import { createMaintenance, type Maintenance, type MaintenanceOptions } from './maintenance/maintenance.ts';
import type { OutboxKey, OutboxKeyring } from './outbox/outbox-key.ts';
import { startOutbox, type OutboxOptionsForCore, type RunningOutbox } from './outbox/outbox-runtime.ts';
import { salvageOutbox } from './outbox/outbox-salvage.ts';
import { loadServiceCatalogue } from './services/service-catalogue.ts';
import { loadServiceContent } from './services/service-content.ts';
import { OutboxSubmissionSink, type SubmissionSink } from './services/submission-sink.ts';
import { SessionStore } from './session/session-store.ts';
import { UpstreamClient } from './upstream/upstream-client.ts';
import { InFlight } from './util/in-flight.ts';

export interface KioskCoreOptions {
  /** Writable per-terminal directory: database, config override, last good config. */
  dataDir: string;
  /** Read-only resources shipped with the app (default config, catalogue, locales). */
  resourcesDir: string;
  shell: ShellKind;
  /** Defaults to `<dataDir>/config.json`. */
  configOverridePath?: string;
  logger?: Logger;
  version?: string;
  /**
   * 'process' runs each device driver in a child process of its own, so a driver fault cannot stall
   * the core (default 'in-process'). A bundled build also passes deviceDriverScript.
   */
  deviceIsolation?: DeviceIsolation;
  /** The compiled electron/core/devices/driver-process/driver-host entry, for bundled builds. */
  deviceDriverScript?: URL;
  /**
   * What starts a driver process: default Node's child_process.fork. The Electron shell, which
   * cannot fork its own binary as Node, passes one that starts Electron utility processes.
   */
  deviceDriverSpawner?: DriverSpawner;
  /**
   * The key sealing queued personal data. Default: `<dataDir>/outbox.key` (0600, created on first
   * start). The Electron shell may instead keep it wrapped with safeStorage and pass it here.
   */
  outboxKey?: OutboxKey | OutboxKeyring;
  /** Retention, probe intervals, shutdown drain (defaults suit a kiosk). */
  outbox?: OutboxOptionsForCore;
  /** Staff maintenance mode: export folder (USB drive), how the shell restarts, staff idle time. */
  maintenance?: MaintenanceOptions;
  /** The shell's way to the OS printer for A4 reports; used when config devices.a4Printer is enabled. */
  documentPrinter?: DocumentPrinter;
}

export interface KioskCore {
  readonly apiHost: ApiHost;
  readonly dispatcher: KioskDispatcher;
  readonly devices: DeviceManager;
  readonly sessions: SessionStore;
  readonly db: Database.Database;
  /** The outbox, its sync worker, network monitor and 好差评 tally (maintenance uses these). */
  readonly outbox: RunningOutbox;
  /** Set when the database was found damaged at start and replaced (see db/safe-open.ts). */
  readonly databaseAlert?: DatabaseAlert;
  /** Staff maintenance mode and fleet: audit log, config versions, service mode, staff session. */
  readonly maintenance: Maintenance;
  config(): TerminalConfig;
  /** Ends the session, waits for in-flight calls (bounded), closes devices and the database. */
  shutdown(): Promise<void>;
}

const graceMs = 10_000;

export async function createKioskCore(options: KioskCoreOptions): Promise<KioskCore> {
  // Also to <dataDir>/logs (rotated; exported by staff, collected by the fleet).
  const logging = createCoreLogging({ dataDir: options.dataDir, logger: options.logger ?? createLogger() });
  const logger = logging.logger;
  mkdirSync(options.dataDir, { recursive: true });
  const configStore = new ConfigStore({
    defaultsPath: join(options.resourcesDir, 'config', 'default.json'),
    overridePath: options.configOverridePath ?? join(options.dataDir, 'config.json'),
    lastGoodPath: join(options.dataDir, 'config.last-good.json'),
  });
  for (const warning of configStore.warnings) logger.warn('config', { warning });
  const config = () => configStore.current;
  const version = options.version ?? readVersion(options.resourcesDir);

  const dbPath = join(options.dataDir, 'kiosk.db');
  const { db, alert: databaseAlert } = openDatabaseSafely(dbPath, { migrations, salvage: salvageOutbox });
  if (databaseAlert) logger.error('database replaced', { alert: databaseAlert.message, movedTo: databaseAlert.movedTo });
  const catalogue = loadServiceCatalogue(join(options.resourcesDir, 'services', 'catalogue.json'));
  const devices = new DeviceManager({ logger: logger.child('devices') });
  const content = loadServiceContent(options.resourcesDir);
  const { scanner } = config().devices;
  const configured = createConfiguredDevices(config().devices, {
    isolation: options.deviceIsolation ?? 'in-process',
    db,
    dbPath,
    ...(options.deviceDriverScript ? { driverScript: options.deviceDriverScript } : {}),
    ...(options.deviceDriverSpawner ? { driverSpawner: options.deviceDriverSpawner } : {}),
  });
  devices.add('idCard', configured.idCard);
  devices.add('printer', configured.printer);
  devices.add('camera', new ScreenReportedCamera());
  devices.add('scanner', scanner.enabled && scanner.path ? new SerialScanner({ path: scanner.path, baudRate: scanner.baudRate }) : undefined);

  const backstopMs = (t: TerminalConfig['timeouts']) => (t.inactivitySeconds + t.warningSeconds) * 1000 + graceMs;
  const sessions = new SessionStore({ backstopMs: backstopMs(config().timeouts) });
  let upstream = makeUpstream(config());
  configStore.on('changed', (next: TerminalConfig) => {
    upstream = makeUpstream(next);
    sessions.setBackstop(backstopMs(next.timeouts));
    dispatcher.emit('configChanged', { version: next.version });
  });

  const outbox = startOutbox({
    db,
    dataDir: options.dataDir,
    upstream: () => upstream,
    terminalId: () => config().terminalId,
    logger: logger.child('outbox'),
    ...(options.outboxKey ? { keys: options.outboxKey } : {}),
    ...options.outbox,
  });
  const sink: SubmissionSink = new OutboxSubmissionSink(outbox.outbox, outbox.worker);

  const inFlight = new InFlight();
  const coreHandlers = createHandlers({
    config,
    version,
    shell: options.shell,
    catalogue,
    devices,
    sessions,
    upstream: () => upstream,
    logger: logger.child('api'),
    content,
    sink,
    emit: (event, payload) => dispatcher.emit(event, payload as KioskEvents[typeof event]),
    outbox: {
      outbox: outbox.outbox,
      tally: outbox.tally,
      worker: outbox.worker,
      monitor: outbox.monitor,
      terminalId: () => config().terminalId,
    },
    ...(options.documentPrinter ? { documentPrinter: options.documentPrinter } : {}),
  });
  const maintenance = createMaintenance({
    dataDir: options.dataDir,
    defaultsPath: join(options.resourcesDir, 'config', 'default.json'),
    overridePath: options.configOverridePath ?? join(options.dataDir, 'config.json'),
    store: configStore,
    appVersion: version,
    devices,
    outbox,
    sessions,
    upstream: () => upstream,
    logging,
    emit: (event, payload) => dispatcher.emit(event, payload),
    ...(options.maintenance ? { options: options.maintenance } : {}),
  });
  // Out of service is the core's rule, not only a notice over the screen: no citizen session starts.
  const citizenHandlers: typeof coreHandlers = {
    ...coreHandlers,
    startSession: (request, context) => {
      if (maintenance.serviceMode.current().mode === 'out-of-service') throw new KioskError('OUT_OF_SERVICE', 'the terminal is out of service');
      return coreHandlers.startSession(request, context);
    },
  };
  // Successful service calls are counted per service and month for the 好差评 report.
  const handlers = inFlight.wrapAll(countTransactions({ ...citizenHandlers, ...maintenance.handlers }, outbox.tally, logger.child('tally')));
  const dispatcher = new KioskDispatcher(handlers, logger.child('dispatch'));
  devices.on('status', (status) => dispatcher.emit('deviceStatus', status));
  sessions.on('ended', (info) => dispatcher.emit('sessionEnded', info));
  outbox.monitor.on('change', () => dispatcher.emit('networkState', networkStateView(outbox.monitor, outbox.outbox)));
  // A citizen who takes the card away has left; off by default (config-schema: spurious removals).
  devices.on('cardRemoved', () => {
    const session = sessions.current();
    if (!config().privacy.endSessionOnCardRemoval || !session?.identity) return;
    logger.info('session ended on card removal', { sessionId: session.id });
    sessions.end('card-removed');
  });
  await devices.start();
  outbox.start();
  logger.info('core started', { terminalId: config().terminalId, shell: options.shell, version });

  let shutdown: Promise<void> | undefined;
  return {
    apiHost: dispatcher,
    dispatcher,
    devices,
    sessions,
    db,
    outbox,
    maintenance,
    ...(databaseAlert ? { databaseAlert } : {}),
    config,
    shutdown: () =>
      (shutdown ??= (async () => {
        inFlight.close();
        sessions.end('cancelled');
        await maintenance.shutdown();
        await inFlight.drain(graceMs);
        // New submissions are refused from here; what is due gets a last chance to go out.
        await outbox.stop();
        await devices.stop();
        db.close();
        logger.info('core stopped');
        logging.close();
      })()),
  };

  function makeUpstream(c: TerminalConfig): UpstreamClient {
    return new UpstreamClient({ baseUrl: c.upstream.baseUrl, timeoutMs: c.upstream.timeoutMs, terminalId: c.terminalId });
  }
}

function readVersion(resourcesDir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(resourcesDir, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
