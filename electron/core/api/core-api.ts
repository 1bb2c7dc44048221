/**
 * Puts the core's handlers together (the terminal, each service folder through the registry, call
 * staff, 好差评, maintenance) and hands them to the dispatcher with the policy that the contract
 * table's rules are checked against: the citizen session, the staff session, the service mode,
 * the enabled services and the monthly tally.
 */
import type { KioskEvents, ShellKind } from '../../contract/kiosk-api.ts';
import type { KioskEventName } from '../../contract/channels.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { AlertBoard } from '../alerts/alert-board.ts';
import type { KioskDatabase } from '../db/database.ts';
import type { DocumentPrinter } from '../documents/document-printer.ts';
import { evaluationHandlers } from '../evaluation/evaluation-handlers.ts';
import { handwritingHandlers } from '../handwriting/handwriting-handlers.ts';
import type { HandwritingRecogniser } from '../handwriting/handwriting-recogniser.ts';
import type { Logger } from '../logging/logger.ts';
import type { Maintenance } from '../maintenance/maintenance.ts';
import type { RunningOutbox } from '../outbox/outbox-runtime.ts';
import { createServiceHandlers } from '../services/registry.ts';
import type { ServiceCatalogue } from '../services/shared/service-catalogue.ts';
import type { ServiceContent } from '../services/service-content.ts';
import { ServiceContext } from '../services/shared/service-context.ts';
import type { SubmissionSink } from '../services/shared/submission-sink.ts';
import type { SessionStore } from '../session/session-store.ts';
import { createWltDecoderSelector } from '../person-check/decoders.ts';
import { personCheckHandlers } from '../person-check/person-check-handlers.ts';
import { paymentHandlers } from '../payments/payment-handlers.ts';
import type { PaymentsRuntime } from '../payments/payments-runtime.ts';
import { staffCallHandlers } from '../staff-call/staff-call-handlers.ts';
import { terminalHandlers } from '../terminal/terminal-handlers.ts';
import type { UpstreamClient } from '../upstream/upstream-client.ts';
import { KioskDispatcher, type DispatchPolicy, type KioskHandlers } from './dispatcher.ts';

export interface CoreApiDeps {
  config: () => TerminalConfig;
  version: string;
  shell: ShellKind;
  catalogue: ServiceCatalogue;
  content: ServiceContent;
  /** resources/ of this build: read files through it, never beside the source (the core is bundled). */
  resourcesDir: string;
  devices: DeviceManager;
  sessions: SessionStore;
  upstream: () => UpstreamClient;
  outbox: RunningOutbox;
  sink: SubmissionSink;
  logger: Logger;
  /** The terminal database and the alert board, for services that keep durable local state. */
  db?: KioskDatabase;
  alerts?: AlertBoard;
  documentPrinter?: DocumentPrinter;
  /** 手写: the helper-backed recogniser (started on first use, closed by the core's shutdown). */
  handwriting: HandwritingRecogniser;
  /** Payments (electron/core/payments/): absent when the config has no payments section. */
  payments?: PaymentsRuntime;
  /** Built once the dispatcher exists: maintenance emits events through it. */
  maintenance: (emit: <E extends KioskEventName>(event: E, payload: KioskEvents[E]) => void) => Maintenance;
}

export function createCoreApi(deps: CoreApiDeps): { dispatcher: KioskDispatcher; maintenance: Maintenance } {
  const { config, sessions, outbox } = deps;
  // Handlers and maintenance are made before the dispatcher exists; their events go through it.
  const late: { dispatcher?: KioskDispatcher } = {};
  const emit = <E extends KioskEventName>(event: E, payload: KioskEvents[E]): void => {
    late.dispatcher?.emit(event, payload);
  };
  const logger = deps.logger.child('api');
  const ctx = new ServiceContext({
    config,
    devices: deps.devices,
    sessions,
    upstream: deps.upstream,
    logger,
    content: deps.content,
    sink: deps.sink,
    ...(deps.db ? { db: deps.db } : {}),
    ...(deps.alerts ? { alerts: deps.alerts } : {}),
    emit: (event, payload) => emit(event, payload as KioskEvents[typeof event]),
    ...(deps.documentPrinter ? { documentPrinter: deps.documentPrinter } : {}),
    ...(deps.payments ? { payments: deps.payments } : {}),
  });
  const maintenance = deps.maintenance(emit);
  const handlers: KioskHandlers = {
    ...terminalHandlers({
      config,
      version: deps.version,
      shell: deps.shell,
      catalogue: deps.catalogue,
      devices: deps.devices,
      sessions,
      logger,
      outbox: outbox.outbox,
      monitor: outbox.monitor,
      ...(deps.documentPrinter ? { documentPrinter: deps.documentPrinter } : {}),
    }),
    ...createServiceHandlers(ctx),
    ...staffCallHandlers(ctx),
    ...handwritingHandlers(deps.handwriting),
    ...paymentHandlers(ctx, deps.payments),
    ...personCheckHandlers(ctx, { decoder: createWltDecoderSelector(deps.resourcesDir) }),
    ...evaluationHandlers({ outbox: outbox.outbox, tally: outbox.tally, worker: outbox.worker, monitor: outbox.monitor, terminalId: () => config().terminalId }),
    ...maintenance.handlers,
  };
  const policy: DispatchPolicy = {
    citizenSession: () => {
      const session = sessions.current();
      if (session) sessions.touch();
      return session;
    },
    requireStaff: (method) => maintenance.staff.require(method),
    inService: () => maintenance.serviceMode.current().mode !== 'out-of-service',
    serviceEnabled: (id) => (config().services.enabled as readonly string[]).includes(id),
    personCheckRequired: () => config().personCheck.required,
    countTransaction: (id) => outbox.tally.recordTransaction(id),
  };
  const dispatcher = new KioskDispatcher(handlers, { policy, logger: deps.logger.child('dispatch') });
  late.dispatcher = dispatcher;
  return { dispatcher, maintenance };
}
