/**
 * What every citizen-service handler shares: its dependencies, the per-session service state,
 * and the guards (session active, service enabled, card read) that turn into clear error codes.
 */
import type { IdCardData } from '../../../native/idcard/id-card-data.ts';
import type { ServiceEvents, ServiceId } from '../../contract/service-api.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { Logger } from '../logging/logger.ts';
import type { ServiceContent } from '../services/service-content.ts';
import { ServiceSessions, type ServiceSessionState } from '../services/service-session.ts';
import type { SubmissionSink } from '../services/submission-sink.ts';
import type { ActiveSession, SessionStore } from '../session/session-store.ts';
import { ServiceUpstream } from '../upstream/service-upstream.ts';
import type { UpstreamClient } from '../upstream/upstream-client.ts';
import { KioskError } from './kiosk-error.ts';

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
  now?: () => Date;
}

export class ServiceContext {
  readonly deps: ServiceHandlerDeps;
  readonly states: ServiceSessions;
  readonly now: () => Date;

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

  upstream(): ServiceUpstream {
    return new ServiceUpstream(this.deps.upstream());
  }

  /** Public base URL for QR codes (progress, guides): the upstream publishes those pages. */
  get publicBaseUrl(): string {
    return this.config.upstream.baseUrl;
  }

  /** Throws SERVICE_DISABLED unless one of `ids` is enabled on this terminal. */
  requireService(...ids: ServiceId[]): void {
    const enabled = this.config.services.enabled as readonly string[];
    if (!ids.some((id) => enabled.includes(id))) throw new KioskError('SERVICE_DISABLED', `service ${ids.join('/')} is not enabled`);
  }

  requireSession(): { session: ActiveSession; state: ServiceSessionState } {
    const session = this.deps.sessions.current();
    if (!session) throw new KioskError('NO_SESSION', 'no active session');
    this.deps.sessions.touch();
    return { session, state: this.states.of(session) };
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
