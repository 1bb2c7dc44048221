/**
 * The citizen session as the core holds it. Personal data lives only here, only while a session
 * is active; ending a session zeroes byte buffers and drops every reference so nothing survives
 * in the core's memory for the next citizen.
 *
 * The renderer runs the visible inactivity countdown; this store keeps a backstop timer in case
 * the screen hangs or the renderer dies, so a session can never outlive its citizen.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { IdCardData } from '../../../native/idcard/id-card-data.ts';
import type { SessionEndReason } from '../../contract/schemas.ts';
import type { PersonCheckState } from '../person-check/person-check-state.ts';
import type { CreditRecord } from '../upstream/upstream-client.ts';

export interface ActiveSession {
  readonly id: string;
  readonly startedAt: Date;
  identity: IdCardData | undefined;
  credit: CreditRecord | undefined;
  /** 人证核验 in this session: the decision and score only (person-check/), never the face. */
  personCheck?: PersonCheckState | undefined;
}

export type SessionState = { kind: 'idle' } | { kind: 'active'; session: ActiveSession };

export interface SessionStoreEvents {
  change: [state: SessionState['kind']];
  ended: [info: { sessionId: string; reason: SessionEndReason }];
}

export interface SessionStoreOptions {
  /** No API call for this long ends the session on the core side (renderer timeout + grace). */
  backstopMs: number;
}

export class SessionStore extends EventEmitter<SessionStoreEvents> {
  #state: SessionState = { kind: 'idle' };
  #backstop: NodeJS.Timeout | undefined;
  #backstopMs: number;

  constructor(options: SessionStoreOptions) {
    super();
    this.#backstopMs = options.backstopMs;
  }

  get state(): SessionState {
    return this.#state;
  }

  setBackstop(ms: number): void {
    this.#backstopMs = ms;
  }

  /** Starting while a session is active ends the old one first: a new citizen never sees old data. */
  start(): ActiveSession {
    if (this.#state.kind === 'active') this.end('backstop');
    const session: ActiveSession = { id: randomUUID(), startedAt: new Date(), identity: undefined, credit: undefined };
    this.#state = { kind: 'active', session };
    this.touch();
    this.emit('change', 'active');
    return session;
  }

  /** The current session, or undefined; every API call that touches personal data goes through here. */
  current(): ActiveSession | undefined {
    return this.#state.kind === 'active' ? this.#state.session : undefined;
  }

  /** Any citizen activity postpones the backstop. */
  touch(): void {
    if (this.#state.kind !== 'active') return;
    clearTimeout(this.#backstop);
    this.#backstop = setTimeout(() => this.end('backstop'), this.#backstopMs);
    this.#backstop.unref();
  }

  end(reason: SessionEndReason): { sessionId: string } | undefined {
    clearTimeout(this.#backstop);
    this.#backstop = undefined;
    if (this.#state.kind !== 'active') return undefined;
    const { session } = this.#state;
    wipeSession(session);
    this.#state = { kind: 'idle' };
    this.emit('change', 'idle');
    this.emit('ended', { sessionId: session.id, reason });
    return { sessionId: session.id };
  }
}

/** Zero what can be zeroed (byte buffers) and drop the rest; JS strings cannot be overwritten. */
export function wipeSession(session: ActiveSession): void {
  const identity = session.identity;
  if (identity) {
    identity.photoWlt.fill(0);
    identity.fingerprint?.fill(0);
    for (const key of Object.keys(identity) as (keyof IdCardData)[]) {
      if (typeof identity[key] === 'string') (identity as unknown as Record<string, string>)[key] = '';
    }
  }
  session.identity = undefined;
  session.credit = undefined;
  session.personCheck = undefined;
}
