/**
 * The terminal core: plain Node objects that either shell starts. It owns the configuration, the
 * database, the devices, the upstream client and the citizen session, and exposes them only
 * through the KioskApi dispatcher.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { IdCardReader } from '../../native/idcard/idcard-reader.ts';
import { ReceiptPrinter } from '../../native/printer/receipt-printer.ts';
import { SerialPrinterTransport } from '../../native/printer/transport.ts';
import type { ShellKind } from '../contract/kiosk-api.ts';
import { KioskDispatcher, type ApiHost } from './api/dispatcher.ts';
import { createHandlers } from './api/handlers.ts';
import type { TerminalConfig } from './config/config-schema.ts';
import { ConfigStore } from './config/load-config.ts';
import { openDatabase } from './db/database.ts';
import { migrations } from './db/migrations/index.ts';
import { SqlitePrintJobStore } from './db/print-job-repository.ts';
import { DeviceManager } from './devices/device-manager.ts';
import { createLogger, type Logger } from './logging/logger.ts';
import { loadServiceCatalogue } from './services/service-catalogue.ts';
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
}

export interface KioskCore {
  readonly apiHost: ApiHost;
  readonly dispatcher: KioskDispatcher;
  readonly devices: DeviceManager;
  readonly sessions: SessionStore;
  readonly db: Database.Database;
  config(): TerminalConfig;
  /** Ends the session, waits for in-flight calls (bounded), closes devices and the database. */
  shutdown(): Promise<void>;
}

const graceMs = 10_000;

export async function createKioskCore(options: KioskCoreOptions): Promise<KioskCore> {
  const logger = options.logger ?? createLogger();
  mkdirSync(options.dataDir, { recursive: true });
  const configStore = new ConfigStore({
    defaultsPath: join(options.resourcesDir, 'config', 'default.json'),
    overridePath: options.configOverridePath ?? join(options.dataDir, 'config.json'),
    lastGoodPath: join(options.dataDir, 'config.last-good.json'),
  });
  for (const warning of configStore.warnings) logger.warn('config', { warning });
  const config = () => configStore.current;
  const version = options.version ?? readVersion(options.resourcesDir);

  const db = openDatabase(join(options.dataDir, 'kiosk.db'), { migrations });
  const catalogue = loadServiceCatalogue(join(options.resourcesDir, 'services', 'catalogue.json'));
  const devices = new DeviceManager({ logger: logger.child('devices') });
  const { idCard, printer } = config().devices;
  devices.add('idCard', idCard.enabled && idCard.path ? new IdCardReader({ path: idCard.path, baudRate: idCard.baudRate }) : undefined);
  devices.add(
    'printer',
    printer.enabled && printer.path
      ? new ReceiptPrinter({
          transport: new SerialPrinterTransport({ path: printer.path, baudRate: printer.baudRate }),
          jobs: new SqlitePrintJobStore(db),
        })
      : undefined,
  );

  const backstopMs = (t: TerminalConfig['timeouts']) => (t.inactivitySeconds + t.warningSeconds) * 1000 + graceMs;
  const sessions = new SessionStore({ backstopMs: backstopMs(config().timeouts) });
  let upstream = makeUpstream(config());
  configStore.on('changed', (next: TerminalConfig) => {
    upstream = makeUpstream(next);
    sessions.setBackstop(backstopMs(next.timeouts));
    dispatcher.emit('configChanged', { version: next.version });
  });

  const inFlight = new InFlight();
  const handlers = inFlight.wrapAll(
    createHandlers({
      config,
      version,
      shell: options.shell,
      catalogue,
      devices,
      sessions,
      upstream: () => upstream,
      logger: logger.child('api'),
    }),
  );
  const dispatcher = new KioskDispatcher(handlers, logger.child('dispatch'));
  devices.on('status', (status) => dispatcher.emit('deviceStatus', status));
  sessions.on('ended', (info) => dispatcher.emit('sessionEnded', info));
  await devices.start();
  logger.info('core started', { terminalId: config().terminalId, shell: options.shell, version });

  let shutdown: Promise<void> | undefined;
  return {
    apiHost: dispatcher,
    dispatcher,
    devices,
    sessions,
    db,
    config,
    shutdown: () =>
      (shutdown ??= (async () => {
        inFlight.close();
        sessions.end('cancelled');
        await inFlight.drain(graceMs);
        await devices.stop();
        db.close();
        logger.info('core stopped');
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
