/**
 * The terminal core: plain Node objects that either shell starts. It owns the configuration, the
 * database, the devices, the upstream client and the citizen session, and exposes them only
 * through the KioskApi dispatcher.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SerialScanner } from '../../native/scanner/serial-scanner.ts';
import { ScreenReportedCamera } from './devices/screen-reported-camera.ts';
import type { ShellKind } from '../contract/kiosk-api.ts';
import { KioskDispatcher, type ApiHost } from './api/dispatcher.ts';
import { createCoreApi } from './api/core-api.ts';
import { networkStateView } from './terminal/network-state.ts';
import type { TerminalConfig } from './config/config-schema.ts';
import { credentialsDir, upstreamTlsFrom } from './config/credentials.ts';
import { secureDataDir } from './config/data-dir.ts';
import { ConfigStore } from './config/load-config.ts';
import { migrations } from './db/migrations/index.ts';
import { AlertBoard } from './alerts/alert-board.ts';
import { HandwritingRecogniser } from './handwriting/handwriting-recogniser.ts';
import { startPayments, type PaymentsRuntime } from './payments/payments-runtime.ts';
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
import { loadServiceCatalogue } from './services/shared/service-catalogue.ts';
import { loadServiceContent } from './services/service-content.ts';
import { OutboxSubmissionSink, type SubmissionSink } from './services/shared/submission-sink.ts';
import { SessionStore } from './session/session-store.ts';
import { createHttpFetch, httpFetch } from './upstream/http-transport.ts';
import { UpstreamClient } from './upstream/upstream-client.ts';
import type { ChannelId } from './payments/channels/payment-channel.ts';

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
   * The key sealing queued personal data. Default: the key ring's fixed places (the credentials
   * folder, else `<dataDir>/keys/`; outbox/outbox-keyring-store.ts). The Electron shell may instead
   * keep it wrapped with safeStorage and pass it here.
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
  /** Payments (electron/core/payments/), when the config has a payments section: services register their purposes here. */
  readonly payments?: PaymentsRuntime;
  config(): TerminalConfig;
  /** Ends the session, waits for in-flight calls (bounded), closes devices and the database. */
  shutdown(): Promise<void>;
}

const graceMs = 10_000;

export async function createKioskCore(options: KioskCoreOptions): Promise<KioskCore> {
  // Before anything writes there: the data directory and its files are the kiosk user's alone.
  const dataDirRepair = secureDataDir(options.dataDir);
  // Also to <dataDir>/logs (rotated; exported by staff, collected by the fleet).
  const logging = createCoreLogging({ dataDir: options.dataDir, logger: options.logger ?? createLogger() });
  const logger = logging.logger;
  if (dataDirRepair.tightened.length > 0) logger.warn('data directory permissions were too open and were tightened', { entries: dataDirRepair.tightened.length });
  if (dataDirRepair.failed.length > 0) logger.error('data directory permissions could not be tightened', { entries: dataDirRepair.failed.map((f) => `${f.path} (${f.reason})`) });
  const configStore = new ConfigStore({
    defaultsPath: join(options.resourcesDir, 'config', 'default.json'),
    overridePath: options.configOverridePath ?? join(options.dataDir, 'config.json'),
    lastGoodPath: join(options.dataDir, 'config.last-good.json'),
  });
  for (const warning of configStore.warnings) logger.warn('config', { warning });
  const config = () => configStore.current;
  const version = options.version ?? readVersion(options.resourcesDir);

  const dbPath = join(options.dataDir, 'kiosk.db');
  // What staff must see (database moved aside, stuck streams, full disk): overview, heartbeat, fleet events.
  const alerts = new AlertBoard();
  if (dataDirRepair.failed.length > 0) {
    alerts.raise({
      id: 'data-dir-permissions',
      kind: 'data-dir-permissions',
      severity: 'warning',
      detail: `${dataDirRepair.failed.length} entries in the data folder could not be made private (e.g. ${dataDirRepair.failed[0]?.reason ?? 'error'}); fix their owner or mode`,
    });
  }
  const { db, alert: databaseAlert } = openDatabaseSafely(dbPath, { migrations, salvage: salvageOutbox, checkIndexesOf: ['outbox'], alerts });
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
  devices.add('dispenser', configured.dispenser);
  devices.add('camera', new ScreenReportedCamera());
  devices.add('scanner', scanner.enabled && scanner.path ? new SerialScanner({ path: scanner.path, baudRate: scanner.baudRate }) : undefined);

  // The longer (elder-mode) warning: the core does not know which mode the citizen chose.
  const backstopMs = (t: TerminalConfig['timeouts']) => (t.inactivitySeconds + Math.max(t.warningSeconds, t.elderWarningSeconds)) * 1000 + graceMs;
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
    alerts,
    reserveBytes: config().outbox.reserveMiB * 1024 * 1024,
    stuckAlertMs: config().outbox.stuckAlertMinutes * 60_000,
    ...options.outbox,
  });
  const sink: SubmissionSink = new OutboxSubmissionSink(outbox.outbox, outbox.worker);

  const handwriting = new HandwritingRecogniser({ logger, alerts, appDir: join(options.resourcesDir, '..') });
  // Payments read their config once: merchant ids and channels change with a restart, not mid-order.
  const payments = startPayments({ config: config(), db, alerts, logger, credentialsDir: credentialsDir(options.dataDir) });
  const { dispatcher, maintenance } = createCoreApi({
    config,
    version,
    shell: options.shell,
    catalogue,
    content,
    resourcesDir: options.resourcesDir,
    devices,
    sessions,
    upstream: () => upstream,
    outbox,
    sink,
    logger,
    db,
    alerts,
    handwriting,
    ...(payments ? { payments } : {}),
    ...(options.documentPrinter ? { documentPrinter: options.documentPrinter } : {}),
    maintenance: (emit) =>
      createMaintenance({
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
        emit,
        ...(options.maintenance ? { options: options.maintenance } : {}),
        db,
        ...(payments ? { payments } : {}),
        // The engine verifies each with this terminal's own keys; the console only relays.
        ...(payments ? { paymentNotices: async (channel: ChannelId, body: string) => void (await payments.engine.handleNotification(channel, body)) } : {}),
      }),
  });
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
    ...(payments ? { payments } : {}),
    config,
    shutdown: () =>
      (shutdown ??= (async () => {
        dispatcher.close();
        sessions.end('cancelled');
        await maintenance.shutdown();
        await dispatcher.drain(graceMs);
        // New submissions are refused from here; what is due gets a last chance to go out.
        await outbox.stop();
        await payments?.stop();
        await devices.stop();
        await handwriting.close();
        db.close();
        logger.info('core stopped');
        logging.close();
      })()),
  };

  function makeUpstream(c: TerminalConfig): UpstreamClient {
    return new UpstreamClient({ baseUrl: c.upstream.baseUrl, timeoutMs: c.upstream.timeoutMs, terminalId: c.terminalId, fetch: upstreamFetch() });
  }

  /** Re-read with each config change, so a renewed certificate applies without a restart. */
  function upstreamFetch(): typeof fetch {
    try {
      const tls = upstreamTlsFrom(credentialsDir(options.dataDir));
      return tls ? createHttpFetch(tls) : httpFetch;
    } catch (error) {
      // Fail closed: without the pinned CA or client certificate nothing is sent (the outbox keeps it).
      logger.error('upstream TLS credentials unusable', { error: (error as Error).message });
      return () => Promise.reject(new TypeError('fetch failed', { cause: error }));
    }
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
