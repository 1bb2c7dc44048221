/**
 * In service / out of service. Staff at the terminal, the fleet, or the watchdog (after repeated
 * failures) take the terminal out of service with a message for citizens. The state is persisted:
 * a terminal taken out of service because its printer is broken stays out after a restart.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import type { AuditSink } from '../audit/audit-sink.ts';
import { DEFAULT_OUT_OF_SERVICE_TEXT, type OutOfServiceText } from './out-of-service-text.ts';

export type ServiceModeActor = 'staff' | 'fleet' | 'watchdog' | 'system';

/** The notice shown to citizens, in both UI languages. */
export type OutOfServiceMessage = OutOfServiceText;

export type ServiceModeState =
  | { mode: 'in-service'; since: string }
  | { mode: 'out-of-service'; since: string; by: ServiceModeActor; message: OutOfServiceMessage };

export interface ServiceModeEvents {
  changed: [state: ServiceModeState, previous: ServiceModeState];
}

export const DEFAULT_OUT_OF_SERVICE_MESSAGE: OutOfServiceMessage = DEFAULT_OUT_OF_SERVICE_TEXT;

const MAX_MESSAGE_LENGTH = 200;

export class ServiceMode extends EventEmitter<ServiceModeEvents> {
  readonly #path: string;
  readonly #audit: AuditSink | undefined;
  readonly #now: () => Date;
  #state: ServiceModeState;

  constructor(options: { path: string; audit?: AuditSink; now?: () => Date }) {
    super();
    this.#path = options.path;
    this.#audit = options.audit;
    this.#now = options.now ?? (() => new Date());
    this.#state = readState(options.path) ?? { mode: 'in-service', since: this.#now().toISOString() };
  }

  current(): ServiceModeState {
    return this.#state;
  }

  /** Takes the terminal out of service; a blank message falls back to the standard notice. */
  enter(by: ServiceModeActor, message?: Partial<OutOfServiceMessage>): ServiceModeState {
    const text = (value: string | undefined, fallback: string) => {
      const trimmed = (value ?? '').trim().slice(0, MAX_MESSAGE_LENGTH);
      return trimmed === '' ? fallback : trimmed;
    };
    const next: ServiceModeState = {
      mode: 'out-of-service',
      since: this.#now().toISOString(),
      by,
      message: {
        'zh-CN': text(message?.['zh-CN'], DEFAULT_OUT_OF_SERVICE_MESSAGE['zh-CN']),
        'en-US': text(message?.['en-US'], DEFAULT_OUT_OF_SERVICE_MESSAGE['en-US']),
      },
    };
    return this.#change(next, by);
  }

  leave(by: ServiceModeActor): ServiceModeState {
    if (this.#state.mode === 'in-service') return this.#state;
    return this.#change({ mode: 'in-service', since: this.#now().toISOString() }, by);
  }

  #change(next: ServiceModeState, by: ServiceModeActor): ServiceModeState {
    const previous = this.#state;
    writeFileAtomic(this.#path, `${JSON.stringify(next)}\n`);
    this.#state = next;
    this.#audit?.append(by, 'service-mode.changed', { mode: next.mode, ...(next.mode === 'out-of-service' ? { message: next.message } : {}) });
    this.emit('changed', next, previous);
    return next;
  }
}

function readState(path: string): ServiceModeState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServiceModeState> & Record<string, unknown>;
    if (raw.mode === 'in-service' && typeof raw.since === 'string') return { mode: 'in-service', since: raw.since };
    const message = raw.message as Partial<OutOfServiceMessage> | undefined;
    if (raw.mode === 'out-of-service' && typeof raw.since === 'string' && typeof message?.['zh-CN'] === 'string' && typeof message['en-US'] === 'string') {
      const by = (['staff', 'fleet', 'watchdog', 'system'] as const).find((a) => a === raw.by) ?? 'system';
      return { mode: 'out-of-service', since: raw.since, by, message: { 'zh-CN': message['zh-CN'], 'en-US': message['en-US'] } };
    }
  } catch {}
  // Unreadable: err on the side of serving; the audit log still shows who changed it last.
  return undefined;
}
