/**
 * The single entry point both shells call. For each call it applies the method's entry of the
 * contract table (contract/api-table.ts): the request schema, the services that must be enabled,
 * the out-of-service rule, the access level (open / citizen session / verified person / staff
 * session), then runs
 * the handler, counts a successful transaction for the monthly report, and turns every outcome
 * into a KioskResponse envelope. Handlers never check access themselves: a citizen handler is
 * handed the session it runs in.
 */
import { EventEmitter } from 'node:events';
import { entryOf, type KioskApiTable, type KioskRequest, type KioskResults } from '../../contract/api-table.ts';
import { isKioskMethod, type KioskEventName, type KioskMethod } from '../../contract/channels.ts';
import type { KioskEvents, KioskResponse, ServiceId, ShellKind } from '../../contract/kiosk-api.ts';
import type { MethodEntry } from '../../contract/method.ts';
import { personVerified } from '../person-check/person-verified.ts';
import type { ActiveSession } from '../session/session-store.ts';
import { errorMessage } from '../util/error-message.ts';
import { InFlight } from '../util/in-flight.ts';
import { KioskError } from './kiosk-error.ts';

/** Who is calling: used for audit and for shell-specific behaviour (never for authorisation). */
export interface CallContext {
  shell: ShellKind;
  /** Opaque connection id (WebSocket connection or webContents id). */
  connectionId: string;
}

/** What a citizen-session method's handler receives: the session the dispatcher checked. */
export interface CitizenCallContext extends CallContext {
  session: ActiveSession;
}

export type ContextOf<M extends KioskMethod> = KioskApiTable[M]['access'] extends 'citizen' | 'verified'
  ? CitizenCallContext
  : CallContext;

export type KioskHandler<M extends KioskMethod> = (
  request: KioskRequest<M>,
  context: ContextOf<M>,
) => Promise<KioskResults[M]> | KioskResults[M];

export type KioskHandlers = { [M in KioskMethod]: KioskHandler<M> };

export type EventListener = <E extends KioskEventName>(event: E, payload: KioskEvents[E]) => void;

/** What a shell needs from the core: a dispatcher and an event stream. */
export interface ApiHost {
  dispatch(method: unknown, payload: unknown, context: CallContext): Promise<KioskResponse<unknown>>;
  onEvent(listener: EventListener): () => void;
}

/** The terminal's state the table's rules are checked against. */
export interface DispatchPolicy {
  /** The running citizen session, marked active; undefined when there is none. */
  citizenSession(): ActiveSession | undefined;
  /** Throws UNAUTHORIZED unless a staff session is open (and keeps it alive). */
  requireStaff(method: KioskMethod): void;
  /** False while staff or the fleet have taken the terminal out of service. */
  inService(): boolean;
  serviceEnabled(id: ServiceId): boolean;
  /**
   * False only on a terminal the fleet configured without 人证核验 (personCheck.required); absent
   * means required, so a policy that forgets it refuses rather than lets unverified people through.
   */
  personCheckRequired?(): boolean;
  /** Counts one successful transaction; a counting failure never fails the call. */
  countTransaction(id: ServiceId): void;
}

export interface DispatcherLogger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface DispatcherOptions {
  policy: DispatchPolicy;
  logger?: DispatcherLogger;
}

const quietLogger: DispatcherLogger = { error: () => {}, warn: () => {} };

export class KioskDispatcher implements ApiHost {
  readonly #handlers: KioskHandlers;
  readonly #events = new EventEmitter();
  readonly #policy: DispatchPolicy;
  readonly #logger: DispatcherLogger;
  readonly #inFlight = new InFlight();

  constructor(handlers: KioskHandlers, options: DispatcherOptions) {
    this.#handlers = handlers;
    this.#policy = options.policy;
    this.#logger = options.logger ?? quietLogger;
  }

  async dispatch(method: unknown, payload: unknown, context: CallContext): Promise<KioskResponse<unknown>> {
    if (!isKioskMethod(method)) {
      return fail('INVALID_REQUEST', `unknown method ${JSON.stringify(String(method)).slice(0, 60)}`);
    }
    const entry = entryOf(method);
    const parsed = entry.request.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : '(payload)';
      return fail('INVALID_REQUEST', `${method}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    const startedAt = Date.now();
    try {
      const value = await this.#inFlight.run(() => {
        const handlerContext = this.#admit(method, entry, context);
        const handler = this.#handlers[method] as (request: unknown, context: CallContext) => unknown;
        return handler(parsed.data, handlerContext);
      });
      if (entry.tally) this.#count(method, entry.tally);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof KioskError) return { ok: false, error: error.toPayload() };
      this.#logger.error('handler failed', { method, error: errorMessage(error) });
      return fail('INTERNAL', `${method} failed`);
    } finally {
      const tookMs = Date.now() - startedAt;
      const ownWaitMs = (parsed.data as { timeoutMs?: unknown }).timeoutMs;
      const allowedMs = entry.timeoutMs + (typeof ownWaitMs === 'number' ? ownWaitMs : 0);
      // Clients have given up by now: the citizen saw an error for a call that went on running.
      if (tookMs > allowedMs) this.#logger.warn('call answered after its deadline', { method, tookMs, allowedMs });
    }
  }

  emit<E extends KioskEventName>(event: E, payload: KioskEvents[E]): void {
    this.#events.emit('event', event, payload);
  }

  onEvent(listener: EventListener): () => void {
    this.#events.on('event', listener);
    return () => this.#events.off('event', listener);
  }

  /** From now on every call is refused: the terminal is shutting down. */
  close(): void {
    this.#inFlight.close();
  }

  /** Resolves when the calls still running have settled, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void> {
    return this.#inFlight.drain(timeoutMs);
  }

  /** The table's rules, in the order a citizen can act on: service, service mode, access. */
  #admit(method: KioskMethod, entry: MethodEntry, context: CallContext): CallContext {
    const policy = this.#policy;
    if (entry.enabledBy && !entry.enabledBy.some((id) => policy.serviceEnabled(id))) {
      throw new KioskError('SERVICE_DISABLED', `service ${entry.enabledBy.join('/')} is not enabled`);
    }
    if (entry.inServiceOnly && !policy.inService()) throw new KioskError('OUT_OF_SERVICE', 'the terminal is out of service');
    switch (entry.access) {
      case 'open':
        return context;
      case 'staff':
        policy.requireStaff(method);
        return context;
      case 'citizen': {
        const session = policy.citizenSession();
        if (!session) throw new KioskError('NO_SESSION', 'no active session');
        const citizen: CitizenCallContext = { ...context, session };
        return citizen;
      }
      case 'verified': {
        const session = policy.citizenSession();
        if (!session) throw new KioskError('NO_SESSION', 'no active session');
        if (policy.personCheckRequired?.() !== false && !personVerified(session)) throw new KioskError('PERSON_NOT_VERIFIED', `${method}: 人证核验 not passed in this session`);
        const citizen: CitizenCallContext = { ...context, session };
        return citizen;
      }
    }
  }

  #count(method: KioskMethod, id: ServiceId): void {
    try {
      this.#policy.countTransaction(id);
    } catch (error) {
      this.#logger.warn('transaction not counted', { method, error: errorMessage(error) });
    }
  }
}

const fail = (code: 'INVALID_REQUEST' | 'INTERNAL', message: string): KioskResponse<never> => ({
  ok: false,
  error: { code, message },
});
