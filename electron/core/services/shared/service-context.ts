/**
 * What every citizen-service handler shares: its dependencies, the per-session service state,
 * the one scanner gate, and the guards (card read, session still current after an await) that
 * turn into clear error codes. Which service must be enabled and whether a session is needed are
 * the contract table's rules, applied by the dispatcher before a handler runs.
 */
import type { IdCardData } from '../../../../native/idcard/id-card-data.ts';
import type { ServiceEvents } from '../../../contract/service-api.ts';
import type { TerminalConfig } from '../../config/config-schema.ts';
import type { AlertBoard } from '../../alerts/alert-board.ts';
import type { KioskDatabase } from '../../db/database.ts';
import type { DeviceManager } from '../../devices/device-manager.ts';
import type { DocumentPrinter } from '../../documents/document-printer.ts';
import type { Logger } from '../../logging/logger.ts';
import type { PaymentsRuntime } from '../../payments/payments-runtime.ts';
import type { ServiceContent } from '../service-content.ts';
import { ServiceSessions, type ServiceSessionState } from './service-session.ts';
import type { SubmissionSink } from './submission-sink.ts';
import type { ActiveSession, SessionStore } from '../../session/session-store.ts';
import type { UpstreamClient } from '../../upstream/upstream-client.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import { ScanGate } from './scan-gate.ts';

export type ServiceEventEmitter = <E extends keyof ServiceEvents>(event: E, payload: ServiceEvents[E]) => void;

export interface ServiceHandlerDeps {
  config: () => TerminalConfig;
  devices: DeviceManager;
  sessions: SessionStore;
  upstream: () => UpstreamClient;
  logger: Logger;
  content: ServiceContent;
  /** Where submissions go: the outbox in production (see services/submission-sink.ts). */
  sink: SubmissionSink;
  /** Pushes a service event to every connected screen (and staff consoles). */
  emit: ServiceEventEmitter;
  /**
   * The terminal database, for a service that keeps durable local state of its own (a journal in
   * its own migration); absent in stacks without one.
   */
  db?: KioskDatabase;
  /** The alert board, for conditions staff must act on (raise by a stable id). */
  alerts?: AlertBoard;
  /** The shell's way to the OS printer for A4 documents; absent where there is none. */
  documentPrinter?: DocumentPrinter;
  /**
   * Payments (electron/core/payments/): a service that charges registers a purpose with its quote
   * and delivery check when its handlers are made; absent when the config has no payments section,
   * and then a priced step says where to pay instead.
   */
  payments?: PaymentsRuntime;
  now?: () => Date;
}

export class ServiceContext {
  readonly deps: ServiceHandlerDeps;
  readonly states: ServiceSessions;
  readonly now: () => Date;
  #scanGate: ScanGate | undefined;

  constructor(deps: ServiceHandlerDeps) {
    this.deps = deps;
    this.states = new ServiceSessions(deps.sessions);
    this.now = deps.now ?? (() => new Date());
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  get config(): TerminalConfig {
    return this.deps.config();
  }

  /** The upstream client of the current configuration; each service folder holds its own calls on it. */
  upstream(): UpstreamClient {
    return this.deps.upstream();
  }

  /** Public base URL for QR codes (progress, guides): the upstream publishes those pages. */
  get publicBaseUrl(): string {
    return this.config.upstream.baseUrl;
  }

  /** The services' state of this citizen session (results to print, drafts, verified licences). */
  stateOf(session: ActiveSession): ServiceSessionState {
    return this.states.of(session);
  }

  /** One wait for the terminal's scanner at a time, shared by every service that scans. */
  get scanGate(): ScanGate {
    this.#scanGate ??= new ScanGate(this);
    return this.#scanGate;
  }

  requireIdentity(session: ActiveSession): IdCardData {
    if (!session.identity) throw new KioskError('NO_SESSION', 'no card has been read in this session');
    return session.identity;
  }

  /** After an await: the citizen may have left meanwhile, and their result must not outlive them. */
  stillCurrent(session: ActiveSession): void {
    if (this.deps.sessions.current() !== session) throw new KioskError('NO_SESSION', 'session ended during the call');
    this.deps.sessions.touch();
  }
}
