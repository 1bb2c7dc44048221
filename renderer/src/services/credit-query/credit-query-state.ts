/**
 * 信用查询 · 个人 as its own state machine: place the card, read it, check that the person is the
 * card holder (人证核验), query the record, show it, print it. Personal data (the card holder, the record) lives only in the states that show it;
 * leaving the service unmounts the journey and drops it. A failed step keeps only what a retry of
 * that same step needs (the same print job id: the core prints a job at most once).
 */
import type { CreditRecordView, IdCardView, KioskErrorCode, PrintResult } from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';

export type CreditStep = 'card' | 'verify' | 'query' | 'print';

export type CreditState =
  | { phase: 'placeCard' }
  /** 人证核验 (renderer/src/person-check/): the record is queried only for the card holder in person. */
  | { phase: 'verifying'; card: IdCardView }
  | { phase: 'querying'; card: IdCardView }
  | { phase: 'result'; card: IdCardView; record: CreditRecordView }
  | { phase: 'printing'; card: IdCardView; record: CreditRecordView; jobId: string }
  | { phase: 'printed'; card: IdCardView; record: CreditRecordView; jobId: string; print: PrintResult }
  | { phase: 'error'; code: KioskErrorCode; step: CreditStep; resume?: { card: IdCardView; record?: CreditRecordView; jobId?: string } };

export type CreditAction =
  | { type: 'cardRead'; card: IdCardView }
  | { type: 'cardFailed'; code: KioskErrorCode }
  | { type: 'verified' }
  | { type: 'verifyFailed'; code: KioskErrorCode }
  | { type: 'loaded'; op: number; record: CreditRecordView }
  | { type: 'print'; jobId: string }
  | { type: 'printDone'; op: number; result: PrintResult }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'retry' };

export const creditStart: CreditState = { phase: 'placeCard' };

/** Errors after which repeating the same step cannot help. */
const FINAL: ReadonlySet<KioskErrorCode> = new Set(['NO_SESSION', 'UPSTREAM_REJECTED', 'UNAUTHORIZED', 'INVALID_REQUEST', 'NOT_FOUND', 'SERVICE_DISABLED']);

export const canRetryCredit = (state: CreditState): boolean => state.phase === 'error' && !FINAL.has(state.code);

/** While the citizen waits on the terminal (query, print), the inactivity warning holds off. */
export const creditWaiting = (state: CreditState): boolean => state.phase === 'querying' || state.phase === 'printing';

export const creditReducer = guarded((model: MachineModel<CreditState>, action: CreditAction): MachineModel<CreditState> => {
  const { state } = model;
  switch (action.type) {
    case 'cardRead':
      return state.phase === 'placeCard' ? go(model, { phase: 'verifying', card: action.card }) : model;
    case 'verified':
      return state.phase === 'verifying' ? go(model, { phase: 'querying', card: state.card }) : model;
    case 'verifyFailed':
      return state.phase === 'verifying' ? go(model, { phase: 'error', code: action.code, step: 'verify', resume: { card: state.card } }) : model;
    case 'cardFailed':
      return state.phase === 'placeCard' ? go(model, { phase: 'error', code: action.code, step: 'card' }) : model;
    case 'loaded':
      return state.phase === 'querying' ? go(model, { phase: 'result', card: state.card, record: action.record }) : model;
    case 'print':
      return state.phase === 'result' ? go(model, { phase: 'printing', card: state.card, record: state.record, jobId: action.jobId }) : model;
    case 'printDone':
      return state.phase === 'printing'
        ? go(model, { phase: 'printed', card: state.card, record: state.record, jobId: state.jobId, print: action.result })
        : model;
    case 'failed':
      if (state.phase === 'querying') return go(model, { phase: 'error', code: action.code, step: 'query', resume: { card: state.card } });
      if (state.phase === 'printing') {
        return go(model, { phase: 'error', code: action.code, step: 'print', resume: { card: state.card, record: state.record, jobId: state.jobId } });
      }
      return model;
    case 'retry':
      return retry(model);
  }
});

function retry(model: MachineModel<CreditState>): MachineModel<CreditState> {
  const { state } = model;
  if (state.phase === 'printed') {
    // Same jobId: the core prints a job at most once, so a retry after a paper refill is safe.
    return state.print.status === 'waiting-for-paper' || state.print.status === 'failed'
      ? go(model, { phase: 'printing', card: state.card, record: state.record, jobId: state.jobId })
      : model;
  }
  if (state.phase !== 'error' || !canRetryCredit(state)) return model;
  const { resume } = state;
  switch (state.step) {
    case 'card':
      return go(model, { phase: 'placeCard' });
    case 'verify':
      return resume ? go(model, { phase: 'verifying', card: resume.card }) : model;
    case 'query':
      return resume ? go(model, { phase: 'querying', card: resume.card }) : model;
    case 'print':
      return resume?.record && resume.jobId ? go(model, { phase: 'printing', card: resume.card, record: resume.record, jobId: resume.jobId }) : model;
  }
}
