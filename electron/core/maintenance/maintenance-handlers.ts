/**
 * The KioskApi methods of the maintenance mode. Which of them need a staff session is the
 * contract's business (contract/maintenance/maintenance.contract.ts: the entry ones, logout and
 * the service mode the citizen screen shows are open), applied by the dispatcher; every entry and
 * change is written to the audit log, without personal data.
 */
import type { MaintenanceMethod } from '../../contract/maintenance-schemas.ts';
import type { KioskHandlers } from '../api/dispatcher.ts';
import { KioskError } from '../api/kiosk-error.ts';
import { networkStateView } from '../terminal/network-state.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ConfigStore } from '../config/load-config.ts';
import type { Logger } from '../logging/logger.ts';
import type { RotatingFileSink } from '../logging/rotating-file-sink.ts';
import { OutboxError } from '../outbox/outbox-errors.ts';
import type { RunningOutbox } from '../outbox/outbox-runtime.ts';
import type { ServiceMode } from '../staff/service-mode.ts';
import { UpstreamError, type UpstreamClient } from '../upstream/upstream-client.ts';
import type { ConfigEditor } from './config-editor.ts';
import type { DispenserStaff } from './dispenser-staff.ts';
import { exportAudit, exportLogs, type ExportTarget } from './exports.ts';
import { retryHeldItems, setAsideUnreadable } from './held-items.ts';
import { buildOverview, serviceModeView, type OverviewSources } from './overview.ts';
import type { PaymentsStaff } from './payments-staff.ts';
import { queueCounts, toQueueItemView } from './queue-view.ts';
import type { SelfTests } from './self-tests.ts';
import type { StaffCardLogin } from './staff-card-login.ts';
import { STAFF_ACTOR, type StaffSession } from './staff-session.ts';
import { errorMessage } from '../util/error-message.ts';

export type MaintenanceHandlers = Pick<KioskHandlers, MaintenanceMethod>;

export interface MaintenanceHandlerDeps {
  staff: StaffSession;
  cardLogin: StaffCardLogin;
  audit: AuditLog;
  serviceMode: ServiceMode;
  selfTests: SelfTests;
  editor: ConfigEditor;
  store: ConfigStore;
  outbox: RunningOutbox;
  upstream: () => UpstreamClient;
  sink: RotatingFileSink;
  exportTarget: ExportTarget;
  overview: OverviewSources;
  /** Reconciliation on demand, orders needing staff, re-query (payments-staff.ts). */
  payments: PaymentsStaff;
  /** Hand-outs to settle and the dispenser's self-test (dispenser-staff.ts). */
  dispenser: DispenserStaff;
  /** Undefined when the shell cannot restart itself. */
  restart: ((reason: string) => void | Promise<void>) | undefined;
  logger: Logger;
}

/** Let the answer reach the screen before the shell goes down. */
const RESTART_DELAY_MS = 300;

export function createMaintenanceHandlers(deps: MaintenanceHandlerDeps): MaintenanceHandlers {
  const { staff, audit, outbox } = deps;

  const queueItem = (id: number, action: 'retry' | 'acknowledge') => {
    const item = outbox.outbox.get(id);
    if (!item) throw new KioskError('NOT_FOUND', `no queue item ${id}`);
    try {
      if (action === 'acknowledge') {
        const done = outbox.outbox.acknowledge(id, STAFF_ACTOR);
        audit.append(STAFF_ACTOR, 'queue.acknowledged', { id, stream: item.stream, kind: item.kind });
        return toQueueItemView(done);
      }
      // A pending item is simply looked at now (its backoff skipped); a failed one is sent again.
      const next = item.status === 'pending' ? item : outbox.outbox.requeue(id, STAFF_ACTOR);
      outbox.worker.wake();
      audit.append(STAFF_ACTOR, 'queue.retried', { id, stream: item.stream, kind: item.kind, was: item.status });
      return toQueueItemView(next);
    } catch (error) {
      if (error instanceof OutboxError) {
        throw new KioskError(error.code === 'not-found' ? 'NOT_FOUND' : 'INVALID_REQUEST', error.message);
      }
      throw error;
    }
  };

  const handlers: MaintenanceHandlers = {
    staffCornerTap: ({ corner }) => ({ unlocked: staff.tap(corner) }),
    staffLogin: ({ pin }) => staff.login(pin),
    staffCardLogin: ({ timeoutMs }) => deps.cardLogin.login(timeoutMs),
    cancelStaffCardLogin: () => ({ cancelled: deps.cardLogin.cancel() }),
    staffLogout: () => ({ ended: staff.logout() }),
    getServiceMode: () => serviceModeView(deps.serviceMode.current()),

    getMaintenanceOverview: () => buildOverview(deps.overview),

    runSelfTest: async ({ device, timeoutMs }) => {
      const result = await deps.selfTests.run(device, timeoutMs);
      audit.append(STAFF_ACTOR, 'device.self-test', { device, outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) });
      return result;
    },
    cancelSelfTest: () => ({ cancelled: deps.selfTests.cancel() }),

    listQueue: ({ status, afterId, limit }) => ({
      status,
      items: outbox.outbox.list({ status, limit, ...(afterId === undefined ? {} : { afterId }) }).map(toQueueItemView),
      counts: queueCounts(outbox.outbox),
      heldStreams: outbox.worker.heldStreams,
    }),
    retryQueueItem: ({ id }) => queueItem(id, 'retry'),
    acknowledgeQueueItem: ({ id }) => queueItem(id, 'acknowledge'),
    retryHeldItems: ({ stream }) => retryHeldItems(outbox, audit, STAFF_ACTOR, stream),
    // The request's `acknowledged: true` is the staff's confirmation (the schema refuses anything else).
    setAsideUnreadable: () => setAsideUnreadable(outbox, audit, STAFF_ACTOR),
    acknowledgeSequenceGap: ({ from, to }) => {
      const gap = outbox.acknowledgeSequenceGap(from, to, STAFF_ACTOR);
      if (!gap) throw new KioskError('NOT_FOUND', `no recorded gap #${from}-#${to} in the outbox sequence`);
      audit.append(STAFF_ACTOR, 'outbox.sequence-gap-acknowledged', { from, to, undelivered: gap.undelivered, detectedAt: gap.detectedAt });
      return gap;
    },

    getConfig: () => deps.editor.view(),
    validateConfig: ({ override }) => deps.editor.validate(override, STAFF_ACTOR),
    applyConfig: ({ override, note }) => deps.editor.apply(override, STAFF_ACTOR, note),
    listConfigVersions: () => deps.editor.versions(),
    restorePreviousConfig: () => deps.editor.restorePrevious(STAFF_ACTOR),

    networkTest: async () => {
      const baseUrl = deps.store.current.upstream.baseUrl.replace(/\/+$/, '');
      const started = performance.now();
      let error: string | undefined;
      try {
        await deps.upstream().checkHealth();
      } catch (failure) {
        error = failure instanceof UpstreamError ? (failure.status === undefined ? failure.kind : `status ${failure.status}`) : String(failure);
      }
      const latencyMs = Math.round(performance.now() - started);
      // The network notice on the citizen screen follows what the engineer just saw.
      void outbox.monitor.probeNow().catch(() => undefined);
      audit.append(STAFF_ACTOR, 'network.tested', { ok: error === undefined, latencyMs, ...(error ? { error } : {}) });
      return {
        url: `${baseUrl}/health`,
        ok: error === undefined,
        latencyMs,
        ...(error ? { error } : {}),
        network: networkStateView(outbox.monitor, outbox.outbox),
      };
    },

    exportLogs: () => {
      const result = exportLogs(deps.sink, deps.exportTarget);
      audit.append(STAFF_ACTOR, 'logs.exported', { directory: result.directory, files: result.files.length });
      return result;
    },
    exportAudit: () => {
      const result = exportAudit(audit, deps.exportTarget);
      audit.append(STAFF_ACTOR, 'audit.exported', { directory: result.directory, entries: result.verification.entries, ok: result.verification.ok });
      return result;
    },
    verifyAudit: () => {
      const result = audit.verify();
      audit.append(STAFF_ACTOR, 'audit.verified', { ok: result.ok, entries: result.entries });
      return result;
    },

    setServiceMode: ({ outOfService, message }) => {
      const state = outOfService ? deps.serviceMode.enter('staff', message) : deps.serviceMode.leave('staff');
      return serviceModeView(state);
    },

    reconcilePayments: ({ day }) => deps.payments.reconcile(day),
    listPaymentsNeedingStaff: () => deps.payments.needingStaff(),
    requeryPayment: ({ ref }) => deps.payments.requery(ref),
    acknowledgePaymentMismatch: ({ ref }) => deps.payments.acknowledgeMismatch(ref),
    listHandOutsToSettle: () => deps.dispenser.toSettle(),
    settleHandOut: ({ certificateId, found, note }) => deps.dispenser.settle(certificateId, found, note),
    dispenserSelfTest: ({ dispenseToBinSlot }) => deps.dispenser.selfTest(dispenseToBinSlot),

    restartApp: () => {
      const restart = deps.restart;
      audit.append(STAFF_ACTOR, 'app.restart-requested', { supported: restart !== undefined });
      if (!restart) return { restarting: false };
      staff.logout();
      setTimeout(() => {
        Promise.resolve()
          .then(() => restart('requested by staff at the terminal'))
          .catch((error: unknown) => deps.logger.error('restart failed', { error: errorMessage(error) }));
      }, RESTART_DELAY_MS).unref();
      return { restarting: true };
    },
  };

  return handlers;
}

