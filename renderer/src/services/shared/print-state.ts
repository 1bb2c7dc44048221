/**
 * Printing a service's receipt: one job id per document, kept across retries, so a retry after a
 * paper refill can never print twice (the core prints a job at most once).
 */
import type { KioskErrorCode, PrintResult } from '../../../../electron/contract/kiosk-api.ts';

export type PrintState =
  | { kind: 'idle' }
  | { kind: 'printing'; jobId: string }
  | { kind: 'done'; jobId: string; result: PrintResult }
  | { kind: 'failed'; jobId: string; code: KioskErrorCode };

export type PrintAction =
  | { type: 'print'; jobId: string }
  | { type: 'printed'; jobId: string; result: PrintResult }
  | { type: 'failed'; jobId: string; code: KioskErrorCode };

export const printAgainAllowed = (state: PrintState): boolean =>
  state.kind === 'failed' ||
  (state.kind === 'done' && (state.result.status === 'waiting-for-paper' || state.result.status === 'failed'));

export function printReducer(state: PrintState, action: PrintAction): PrintState {
  switch (action.type) {
    case 'print':
      if (state.kind === 'idle') return { kind: 'printing', jobId: action.jobId };
      // A retry reuses the job id of the first attempt, whatever id the caller brought.
      return printAgainAllowed(state) ? { kind: 'printing', jobId: state.jobId } : state;
    case 'printed':
      return state.kind === 'printing' && state.jobId === action.jobId ? { kind: 'done', jobId: action.jobId, result: action.result } : state;
    case 'failed':
      return state.kind === 'printing' && state.jobId === action.jobId ? { kind: 'failed', jobId: action.jobId, code: action.code } : state;
  }
}
