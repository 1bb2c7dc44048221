/**
 * What the citizen services remember during one session: results to print, verified e-licences,
 * form drafts and issued receipts. Kept beside the SessionStore (which holds the ID card) and
 * dropped when the session ends, on every path: completion, timeout, card removal, backstop.
 */
import type { StaffCallView } from '../../../contract/service-api.ts';
import type { ActiveSession, SessionStore } from '../../session/session-store.ts';
import type { SubmissionReceiptView } from '../../../contract/service-api.ts';

export interface IssuedReceipt {
  kind: 'commitment' | 'form';
  view: SubmissionReceiptView;
  /** Masked lines for the printed slip (matter, applicant), no full personal data. */
  applicantMasked: string;
}

/** What another service (form prefill, submissions) may read of a verified e-licence kept in the session. */
export interface KeptLicence {
  licenceType: string;
  licenceNo: string;
  fields: Record<string, string>;
}

/**
 * One service's own result kept for the session (its last query, to print the slip): each service
 * declares its slots in its folder, so this shared state needs no service's record types.
 */
export class SessionSlot<T> {
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  get(state: ServiceSessionState): T | undefined {
    return state.results.get(this) as T | undefined;
  }

  set(state: ServiceSessionState, value: T): void {
    state.results.set(this, value);
  }
}

export interface ServiceSessionState {
  readonly sessionId: string;
  /** Aborted when the session ends: an upstream call for a citizen who left is cancelled. */
  readonly abort: AbortController;
  /** Per-service results, by the slot each service declares (see SessionSlot). */
  results: Map<SessionSlot<unknown>, unknown>;
  licences: Map<string, KeptLicence>;
  formDrafts: Map<string, Record<string, string>>;
  receipts: Map<string, IssuedReceipt>;
  /** submissionId → receiptNo: a double tap returns the first receipt. */
  submitted: Map<string, string>;
  staffCall: StaffCallView | undefined;
}

export class ServiceSessions {
  readonly #states = new Map<string, ServiceSessionState>();

  constructor(sessions: SessionStore) {
    sessions.on('ended', ({ sessionId }) => this.#drop(sessionId));
  }

  /** The state of an active session, created on first use. */
  of(session: ActiveSession): ServiceSessionState {
    let state = this.#states.get(session.id);
    if (!state) {
      state = {
        sessionId: session.id,
        abort: new AbortController(),
        results: new Map(),
        licences: new Map(),
        formDrafts: new Map(),
        receipts: new Map(),
        submitted: new Map(),
        staffCall: undefined,
      };
      this.#states.set(session.id, state);
    }
    return state;
  }

  /** How many sessions hold service state (tests: must be 0 after every session ends). */
  get size(): number {
    return this.#states.size;
  }

  #drop(sessionId: string): void {
    const state = this.#states.get(sessionId);
    if (!state) return;
    this.#states.delete(sessionId);
    state.abort.abort();
    state.licences.clear();
    state.formDrafts.clear();
    state.receipts.clear();
    state.submitted.clear();
    state.results.clear();
    state.staffCall = undefined;
  }
}
