/**
 * The single entry point both shells call: validate the payload with the method's zod schema,
 * run the handler, and turn every outcome into a KioskResponse envelope. Keeping this shared is
 * what makes "one API, two shells" true: neither shell can forget a validation.
 */
import { EventEmitter } from 'node:events';
import { isKioskMethod, type KioskEventName, type KioskMethod } from '../../contract/channels.ts';
import type { KioskEvents, KioskResponse, KioskResults, ShellKind } from '../../contract/kiosk-api.ts';
import { requestSchemas, type KioskRequest } from '../../contract/schemas.ts';
import { KioskError } from './kiosk-error.ts';

/** Who is calling: used for audit and for shell-specific behaviour (never for authorisation). */
export interface CallContext {
  shell: ShellKind;
  /** Opaque connection id (WebSocket connection or webContents id). */
  connectionId: string;
}

export type KioskHandler<M extends KioskMethod> = (
  request: KioskRequest<M>,
  context: CallContext,
) => Promise<KioskResults[M]> | KioskResults[M];

export type KioskHandlers = { [M in KioskMethod]: KioskHandler<M> };

export type EventListener = <E extends KioskEventName>(event: E, payload: KioskEvents[E]) => void;

/** What a shell needs from the core: a dispatcher and an event stream. */
export interface ApiHost {
  dispatch(method: unknown, payload: unknown, context: CallContext): Promise<KioskResponse<unknown>>;
  onEvent(listener: EventListener): () => void;
}

export interface DispatcherLogger {
  error(message: string, fields?: Record<string, unknown>): void;
}

export class KioskDispatcher implements ApiHost {
  readonly #handlers: KioskHandlers;
  readonly #events = new EventEmitter();
  readonly #logger: DispatcherLogger;

  constructor(handlers: KioskHandlers, logger: DispatcherLogger = { error: () => {} }) {
    this.#handlers = handlers;
    this.#logger = logger;
  }

  async dispatch(method: unknown, payload: unknown, context: CallContext): Promise<KioskResponse<unknown>> {
    if (!isKioskMethod(method)) {
      return fail('INVALID_REQUEST', `unknown method ${JSON.stringify(String(method)).slice(0, 60)}`);
    }
    const parsed = requestSchemas[method].safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : '(payload)';
      return fail('INVALID_REQUEST', `${method}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    try {
      const handler = this.#handlers[method] as KioskHandler<KioskMethod>;
      const value = await handler(parsed.data as KioskRequest<KioskMethod>, context);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof KioskError) return { ok: false, error: error.toPayload() };
      this.#logger.error('handler failed', { method, error: error instanceof Error ? error.message : String(error) });
      return fail('INTERNAL', `${method} failed`);
    }
  }

  emit<E extends KioskEventName>(event: E, payload: KioskEvents[E]): void {
    this.#events.emit('event', event, payload);
  }

  onEvent(listener: EventListener): () => void {
    this.#events.on('event', listener);
    return () => this.#events.off('event', listener);
  }
}

const fail = (code: 'INVALID_REQUEST' | 'INTERNAL', message: string): KioskResponse<never> => ({
  ok: false,
  error: { code, message },
});
