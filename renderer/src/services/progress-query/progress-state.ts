/**
 * 办件查询: by receipt number (typed), by the receipt's QR code (the terminal's scanner or a
 * wedge scanner) or by ID card → the matters and their steps → print (自助打印), rate, finish.
 */
import type { KioskErrorCode, ProgressView } from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';

export type ProgressQuery = { by: 'receipt'; receiptNo: string } | { by: 'idCard' };

export type ProgressState =
  | { phase: 'choose' }
  | { phase: 'typing'; receiptNo: string }
  | { phase: 'scanning'; scanner: boolean }
  | { phase: 'card' }
  | { phase: 'querying'; query: ProgressQuery }
  /** The terminal's scanner waits and the core queries in one call. */
  | { phase: 'result'; view: ProgressView }
  | { phase: 'error'; code: KioskErrorCode; resume: ProgressState };

export type ProgressAction =
  | { type: 'method'; method: 'typing' | 'scanning' | 'card' }
  | { type: 'typed'; receiptNo: string }
  | { type: 'wedge'; code: string }
  | { type: 'cardRead' }
  | { type: 'cardFailed'; code: KioskErrorCode }
  | { type: 'loaded'; op: number; view: ProgressView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'back' }
  | { type: 'retry' };

export const progressStart: ProgressState = { phase: 'choose' };

export const progressReducer = guarded((model: MachineModel<ProgressState>, action: ProgressAction): MachineModel<ProgressState> => {
  const { state } = model;
  switch (action.type) {
    case 'method':
      if (state.phase !== 'choose') return model;
      return go(model, action.method === 'typing' ? { phase: 'typing', receiptNo: '' } : action.method === 'scanning' ? { phase: 'scanning', scanner: true } : { phase: 'card' });
    case 'typed':
      return state.phase === 'typing' && action.receiptNo.trim() !== ''
        ? go(model, { phase: 'querying', query: { by: 'receipt', receiptNo: action.receiptNo.trim() } })
        : model;
    case 'wedge':
      return state.phase === 'scanning' ? go(model, { phase: 'querying', query: { by: 'receipt', receiptNo: action.code } }) : model;
    case 'cardRead':
      return state.phase === 'card' ? go(model, { phase: 'querying', query: { by: 'idCard' } }) : model;
    case 'cardFailed':
      return state.phase === 'card' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'card' } }) : model;
    case 'loaded':
      return state.phase === 'querying' || state.phase === 'scanning' ? go(model, { phase: 'result', view: action.view }) : model;
    case 'failed':
      if (state.phase === 'scanning') {
        // No scanner of its own: a wedge scanner may still deliver the code.
        if (action.code === 'DEVICE_UNAVAILABLE') return go(model, { phase: 'scanning', scanner: false });
        return go(model, { phase: 'error', code: action.code, resume: { phase: 'scanning', scanner: true } });
      }
      if (state.phase !== 'querying') return model;
      return go(model, {
        phase: 'error',
        code: action.code,
        // A receipt number that finds nothing is best corrected, not repeated.
        resume: state.query.by === 'receipt' && (action.code === 'NOT_FOUND' || action.code === 'INVALID_REQUEST') ? { phase: 'typing', receiptNo: state.query.receiptNo } : state,
      });
    case 'back':
      return state.phase === 'typing' || state.phase === 'scanning' || state.phase === 'card' || state.phase === 'result' ? go(model, progressStart) : model;
    case 'retry':
      return state.phase === 'error' ? go(model, state.resume) : model;
  }
});
