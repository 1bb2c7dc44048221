/**
 * What the citizen services remember during one session: results to print, verified e-licences,
 * form drafts and issued receipts. Kept beside the SessionStore (which holds the ID card) and
 * dropped when the session ends, on every path: completion, timeout, card removal, backstop.
 */
import type { ProgressView, StaffCallView } from '../../../contract/service-api.ts';
import type { ActiveSession, SessionStore } from '../../session/session-store.ts';
import type {
  ELicenceRecord,
  EnterpriseCreditRecord,
  IdPhotoRecord,
  TrafficViolationsRecord,
} from '../../upstream/service-upstream.ts';
import type { SubmissionReceiptView } from '../../../contract/service-api.ts';

export interface IssuedReceipt {
  kind: 'commitment' | 'form';
  view: SubmissionReceiptView;
  /** Masked lines for the printed slip (matter, applicant), no full personal data. */
  applicantMasked: string;
}

export interface ServiceSessionState {
  readonly sessionId: string;
  /** Aborted when the session ends: an upstream call for a citizen who left is cancelled. */
  readonly abort: AbortController;
  enterpriseCredit: { record: EnterpriseCreditRecord; queriedAt: Date } | undefined;
  licences: Map<string, ELicenceRecord>;
  formDrafts: Map<string, Record<string, string>>;
  receipts: Map<string, IssuedReceipt>;
  /** submissionId → receiptNo: a double tap returns the first receipt. */
  submitted: Map<string, string>;
  progress: ProgressView | undefined;
  traffic: { record: TrafficViolationsRecord; queriedAt: Date } | undefined;
  idPhoto: { record: IdPhotoRecord; submittedAt: Date } | undefined;
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
        enterpriseCredit: undefined,
        licences: new Map(),
        formDrafts: new Map(),
        receipts: new Map(),
        submitted: new Map(),
        progress: undefined,
        traffic: undefined,
        idPhoto: undefined,
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
    state.enterpriseCredit = undefined;
    state.progress = undefined;
    state.traffic = undefined;
    state.idPhoto = undefined;
    state.staffCall = undefined;
  }
}
