/**
 * Maintenance and fleet, wired into the core: audit log, config versions and signed bundles,
 * service mode, staff PIN and session, device self-tests, exports, the MQTT fleet agent (when the
 * config enables it) and the KioskApi handlers of the maintenance mode.
 *
 * Staff PIN: there is no default. A terminal is provisioned with the staff CLI
 * (`npm run staff -- set-pin --data-dir <dir>`, PIN on stdin), which writes `<dataDir>/staff-auth.json`
 * (scrypt hash + lockout state); tests write that file before the core starts. Until then
 * staffLogin answers 'not-provisioned'.
 *
 * Staff cards: registered with `npm run staff -- add-card --data-dir <dir> --label <name>` (the ID
 * number on stdin) into `<dataDir>/staff-cards.json` (scrypt hashes, masked numbers, labels).
 * Without one, staffCardLogin answers 'no-cards'.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskEvents } from '../../contract/kiosk-api.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { ConfigBundleApplier } from '../config-bundle/bundle-applier.ts';
import { RevokedKeys } from '../config-bundle/revoked-keys.ts';
import { ConfigHistory } from '../config/config-history.ts';
import { ConfigVersions } from '../config/config-versions.ts';
import { credentialsDir } from '../config/credentials.ts';
import type { ConfigStore } from '../config/load-config.ts';
import { maintenancePaths, type MaintenancePaths } from '../config/maintenance-paths.ts';
import type { KioskDatabase } from '../db/database.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { CardDispenser } from '../../../native/dispenser/card-dispenser.ts';
import { HandOutJournal } from '../dispensing/handout-journal.ts';
import type { PaymentsRuntime } from '../payments/payments-runtime.ts';
import { FleetAgent } from '../fleet/fleet-agent.ts';
import { fleetConnectionFrom } from '../fleet/fleet-config.ts';
import { fleetHandlersFor } from '../fleet/fleet-handlers.ts';
import { commandTrust } from '../fleet/command-trust.ts';
import { queueSummary } from '../fleet/queue-summary.ts';
import { siteSummary } from '../fleet/site-summary.ts';
import { createStartEvidence } from '../fleet/start-evidence.ts';
import { monthlyReportFor, ReportPublisher } from '../fleet/report-publisher.ts';
import type { RunningOutbox } from '../outbox/outbox-runtime.ts';
import type { SessionStore } from '../session/session-store.ts';
import { ServiceMode } from '../staff/service-mode.ts';
import { lockoutPolicyFrom, StaffAuth } from '../staff/staff-auth.ts';
import { StaffCardRegistry } from '../staff/staff-cards.ts';
import { RefusalAudit } from '../staff/refusal-audit.ts';
import type { UpstreamClient } from '../upstream/upstream-client.ts';
import { ConfigEditor } from './config-editor.ts';
import { dispenserStaff } from './dispenser-staff.ts';
import { paymentsStaff } from './payments-staff.ts';
import type { CoreLogging } from './core-logging.ts';
import { retryHeldItems } from './held-items.ts';
import { createMaintenanceHandlers, type MaintenanceHandlers } from './maintenance-handlers.ts';
import { serviceModeView } from './overview.ts';
import { SelfTests } from './self-tests.ts';
import { StaffCardLogin } from './staff-card-login.ts';
import { STAFF_ACTOR, StaffSession } from './staff-session.ts';
import { errorMessage } from '../util/error-message.ts';
import type { PaymentNoticeHandler } from '../fleet/payment-notice.ts';

export interface MaintenanceOptions {
  /**
   * The folder log and audit exports go to: the USB drive's mount point on a terminal (it must
   * exist when exporting). Default `<dataDir>/export`, created at start, standing in for a drive.
   */
  exportDir?: string;
  /** How this shell restarts the app; without it restartApp answers { restarting: false }. */
  restart?: (reason: string) => void | Promise<void>;
  /** The staff session ends after this long without a maintenance call. Default 300 s. */
  staffIdleSeconds?: number;
}

type MaintenanceEventName = 'serviceModeChanged' | 'staffSessionEnded';

export interface MaintenanceDeps {
  dataDir: string;
  defaultsPath: string;
  /** The local override file the ConfigStore reads. */
  overridePath: string;
  store: ConfigStore;
  appVersion: string;
  devices: DeviceManager;
  outbox: RunningOutbox;
  sessions: SessionStore;
  upstream: () => UpstreamClient;
  logging: CoreLogging;
  emit: <E extends MaintenanceEventName>(event: E, payload: KioskEvents[E]) => void;
  options?: MaintenanceOptions;
  /** The terminal database: the certificate hand-out journal staff settle rows of. */
  db?: KioskDatabase;
  /** Payments, when the config has a payments section: reconciliation on demand, orders needing staff. */
  payments?: PaymentsRuntime;
  /** Payment notifications the console relays over the fleet broker (the payment engine's handleNotification). */
  paymentNotices?: PaymentNoticeHandler;
}

export interface Maintenance {
  readonly paths: MaintenancePaths;
  readonly exportDir: string;
  readonly audit: AuditLog;
  readonly versions: ConfigVersions;
  readonly bundles: ConfigBundleApplier;
  readonly serviceMode: ServiceMode;
  readonly staffAuth: StaffAuth;
  readonly staffCards: StaffCardRegistry;
  readonly staff: StaffSession;
  readonly fleet: FleetAgent | undefined;
  readonly handlers: MaintenanceHandlers;
  /** Cancels a self-test or staff-card wait, closes the staff session, stops the fleet agent (saying goodbye on the broker). */
  shutdown(): Promise<void>;
}

const DEFAULT_STAFF_IDLE_SECONDS = 300;

export function createMaintenance(deps: MaintenanceDeps): Maintenance {
  const { store, logging, options = {} } = deps;
  const logger = logging.logger.child('maintenance');
  const config = () => store.current;
  const paths = { ...maintenancePaths(deps.dataDir), override: deps.overridePath };
  const audit = new AuditLog({ path: paths.audit });
  const history = new ConfigHistory({ historyDir: paths.configHistory, overridePath: paths.override });
  const versions = new ConfigVersions({ store, history, defaultsPath: deps.defaultsPath, audit });
  const bundles = new ConfigBundleApplier({
    versions,
    config,
    statePath: paths.bundleState,
    revokedKeys: new RevokedKeys(paths.revokedKeys),
    alerts: deps.outbox.alerts,
    audit,
  });
  const serviceMode = new ServiceMode({ path: paths.serviceMode, audit });
  // Staff-entry refusals reach the audit log as one line per burst, not one fsync per tap.
  const staffAudit = new RefusalAudit(audit);
  const staffAuth = new StaffAuth({ path: paths.staffAuth, policy: () => lockoutPolicyFrom(config().staff), audit: staffAudit });
  const staffCards = new StaffCardRegistry({ path: paths.staffCards, audit });
  const exportDir = options.exportDir ?? join(deps.dataDir, 'export');
  if (options.exportDir === undefined) mkdirSync(exportDir, { recursive: true });

  const staff = new StaffSession({
    auth: staffAuth,
    audit: staffAudit,
    corners: () => ({ sequence: config().staff.cornerSequence, windowMs: config().staff.cornerSequenceSeconds * 1000 }),
    idleMs: (options.staffIdleSeconds ?? DEFAULT_STAFF_IDLE_SECONDS) * 1000,
    // Staff must not see what a citizen left on screen: the citizen's session ends (and is wiped).
    onOpened: () => {
      if (deps.sessions.current()) deps.sessions.end('cancelled');
      logger.info('staff session opened');
    },
    onEnded: (event) => {
      logger.info('staff session ended', { reason: event.reason });
      deps.emit('staffSessionEnded', event);
    },
  });

  serviceMode.on('changed', (state) => {
    logger.warn('service mode changed', { mode: state.mode, ...(state.mode === 'out-of-service' ? { by: state.by } : {}) });
    deps.emit('serviceModeChanged', serviceModeView(state));
    void fleet?.publishEvent('service-mode', { mode: state.mode });
  });

  const restart = options.restart;
  const fleet = startFleet();
  const selfTests = new SelfTests({ devices: deps.devices, terminalId: () => config().terminalId, timeZone: () => config().hall.timeZone, appVersion: deps.appVersion, logger });

  const cardLogin = new StaffCardLogin({ staff, auth: staffAuth, cards: staffCards, devices: deps.devices, sessions: deps.sessions, logger });

  const handlers = createMaintenanceHandlers({
    staff,
    cardLogin,
    audit,
    serviceMode,
    selfTests,
    editor: new ConfigEditor({ store, versions, history, audit }),
    store,
    outbox: deps.outbox,
    upstream: deps.upstream,
    sink: logging.sink,
    exportTarget: { dir: exportDir, terminalId: () => config().terminalId },
    payments: paymentsStaff({ payments: deps.payments, alerts: deps.outbox.alerts, audit, actor: STAFF_ACTOR }),
    dispenser: dispenserStaff({
      journal: deps.db ? new HandOutJournal(deps.db) : undefined,
      // The same rule as the hand-out: a dispenser in error (jammed) still answers its sensors.
      device: () =>
        deps.devices.isReady('dispenser') || deps.devices.get('dispenser')?.state.state.kind === 'error' ? deps.devices.get<CardDispenser>('dispenser') : undefined,
      alerts: deps.outbox.alerts,
      audit,
      actor: STAFF_ACTOR,
    }),
    overview: {
      appVersion: deps.appVersion,
      startedAt: Date.now(),
      dataDir: deps.dataDir,
      store,
      history,
      devices: deps.devices,
      outbox: deps.outbox,
      serviceMode: () => serviceMode.current(),
      lastError: logging.lastError,
      audit,
      sink: logging.sink,
      fleet: () => ({ enabled: config().fleet.enabled, state: fleet?.state ?? 'stopped' }),
    },
    restart,
    logger,
  });

  return {
    paths,
    exportDir,
    audit,
    versions,
    bundles,
    serviceMode,
    staffAuth,
    staffCards,
    staff,
    fleet,
    handlers,
    async shutdown() {
      selfTests.cancel();
      cardLogin.cancel();
      staff.close();
      staffAudit.close();
      await fleet?.stop();
    },
  };

  /** The MQTT agent, when the config asks for it; a fleet problem never stops the kiosk. */
  function startFleet(): FleetAgent | undefined {
    let connection;
    try {
      connection = fleetConnectionFrom(config(), credentialsDir(deps.dataDir));
    } catch (error) {
      logger.error('fleet agent not started', { error: errorMessage(error) });
      return undefined;
    }
    if (!connection) return undefined;
    const evidence = createStartEvidence({ dataDir: deps.dataDir, onProblem: (message, fields) => logger.warn(message, fields) });
    const agent = new FleetAgent({
      ...connection,
      terminalId: config().terminalId,
      groups: () => config().fleet.groups,
      statePath: paths.fleetCommands,
      noncePath: join(deps.dataDir, 'fleet-nonces.json'),
      trustedKeys: commandTrust(
        () => config().publicKeys,
        new RevokedKeys(paths.revokedKeys),
        (detail) => logger.error('revoked-key list unreadable: no fleet command is trusted', { detail }),
      ),
      sources: {
        appVersion: deps.appVersion,
        configVersion: () => config().version,
        devices: () => deps.devices.health().map((h) => ({ device: h.device, state: h.state, ...(h.reason ? { reason: h.reason } : {}), flags: h.flags })),
        queueDepth: () => queueSummary(deps.outbox),
        serviceMode: () => {
          const state = serviceMode.current();
          return state.mode === 'in-service' ? { mode: state.mode, since: state.since } : { mode: state.mode, since: state.since, by: state.by };
        },
        lastError: logging.lastError,
        diskPath: deps.dataDir,
        auditHead: () => audit.head(),
        droppedLogLines: () => logging.sink.droppedLines,
        alerts: () => deps.outbox.alerts.list(),
        site: () => siteSummary(config().site),
        watchdogRestarts: () => evidence.watchdogRestarts(),
        databasesMovedAside: () => evidence.databasesMovedAside(),
      },
      startEvidence: evidence,
      handlers: fleetHandlersFor({
        store,
        bundles,
        serviceMode,
        recentLogs: (maxBytes) => logging.sink.readRecent(maxBytes),
        restart: restart ?? ((reason) => logger.warn('fleet asked for a restart this shell cannot do', { reason })),
        printTestReceipt: async () => {
          const result = await selfTests.run('printer', 30_000);
          return { ok: result.outcome === 'passed', detail: result.detail ?? result.outcome, result: { outcome: result.outcome } };
        },
        retryHeldItems: (stream) => {
          const result = retryHeldItems(deps.outbox, audit, 'fleet', stream);
          return {
            ok: true,
            detail: result.retried.length === 0 ? 'no stream was held' : `looked again at ${result.retried.join(', ')}`,
            result: { retried: result.retried, undecryptable: result.undecryptable },
          };
        },
        monthlyReport: (month) => monthlyReportFor(deps.outbox.tally, config().terminalId, month, new Date(), siteSummary(config().site)),
        clearStaffLockout: async () => {
          const cleared = await staffAuth.clearLockout('fleet');
          return { ok: true, detail: cleared ? 'cleared' : 'nothing to clear', result: { cleared } };
        },
      }),
      onError: (message, fields) => logger.warn(message, fields),
      alerts: deps.outbox.alerts,
      ...(deps.paymentNotices ? { paymentNotices: deps.paymentNotices } : {}),
    });
    agent.on('command', (command, ack) =>
      audit.append('fleet', 'fleet.command', { type: command.body.name, id: command.nonce, keyId: command.keyId, ack: ack.status }),
    );
    agent.on('refused', (refusal) =>
      audit.append('fleet', 'fleet.command-refused', {
        reason: refusal.reason,
        ...(refusal.keyId ? { keyId: refusal.keyId } : {}),
        ...(refusal.authenticated && refusal.name ? { type: refusal.name } : {}),
        ...(refusal.authenticated && refusal.nonce ? { id: refusal.nonce } : {}),
      }),
    );
    agent.start();
    new ReportPublisher({ agent, tally: deps.outbox.tally, terminalId: () => config().terminalId, site: () => siteSummary(config().site), onError: (message, fields) => logger.warn(message, fields) }).start();
    return agent;
  }
}
