/** 好差评, printing and the staff call: the small machines behind the shared controls. */
import { describe, expect, it } from 'vitest';
import type { PrintResult } from '../../../../../electron/contract/kiosk-api.ts';
import { screenSlug, staffCallReducer, type StaffCallAction, type StaffCallState } from '../../../../../renderer/src/components/staff-call-state.ts';
import {
  evaluationReducer,
  evaluationStart,
  transactionIdOf,
  type EvaluationAction,
  type EvaluationState,
} from '../../../../../renderer/src/services/shared/evaluation-state.ts';
import { printAgainAllowed, printReducer, type PrintAction, type PrintState } from '../../../../../renderer/src/services/shared/print-state.ts';

const evaluate = (...actions: EvaluationAction[]): EvaluationState => actions.reduce(evaluationReducer, evaluationStart);
const printing = (...actions: PrintAction[]): PrintState => actions.reduce<PrintState>(printReducer, { kind: 'idle' });
const staff = (...actions: StaffCallAction[]): StaffCallState => actions.reduce<StaffCallState>(staffCallReducer, { phase: 'idle' });
const result = (status: PrintResult['status']): PrintResult => ({ jobId: 'j-1', status });

describe('好差评', () => {
  it('sends a good rating without reasons', () => {
    expect(evaluate({ type: 'rate', rating: 5 }, { type: 'submit' })).toEqual({ phase: 'sending', rating: 5, reasons: [] });
  });

  it('refuses a bad rating without a reason, then sends it with one', () => {
    const missing = evaluate({ type: 'rate', rating: 1 }, { type: 'submit' });
    expect(missing).toMatchObject({ phase: 'choosing', missingReasons: true });
    const sending = evaluate({ type: 'rate', rating: 1 }, { type: 'submit' }, { type: 'toggleReason', reason: 'device-fault' }, { type: 'submit' });
    expect(sending).toEqual({ phase: 'sending', rating: 1, reasons: ['device-fault'] });
  });

  it('drops reasons when the rating turns good, and toggles them', () => {
    expect(evaluate({ type: 'rate', rating: 2 }, { type: 'toggleReason', reason: 'too-slow' }, { type: 'rate', rating: 4 })).toMatchObject({ reasons: [] });
    expect(evaluate({ type: 'rate', rating: 2 }, { type: 'toggleReason', reason: 'too-slow' }, { type: 'toggleReason', reason: 'too-slow' })).toMatchObject({ reasons: [] });
    expect(evaluate({ type: 'rate', rating: 4 }, { type: 'toggleReason', reason: 'too-slow' })).toMatchObject({ reasons: [] });
  });

  it('cannot submit without a rating, and retries the same rating after a failure', () => {
    expect(evaluate({ type: 'submit' })).toBe(evaluationStart);
    const failed = evaluate({ type: 'rate', rating: 3 }, { type: 'submit' }, { type: 'failed', code: 'UPSTREAM_UNAVAILABLE' });
    expect(failed).toMatchObject({ phase: 'failed', rating: 3 });
    expect(evaluationReducer(failed, { type: 'submit' })).toEqual({ phase: 'sending', rating: 3, reasons: [] });
    expect(evaluationReducer(evaluationReducer(failed, { type: 'submit' }), { type: 'sent', alreadyRated: true })).toEqual({ phase: 'sent', rating: 3, alreadyRated: true });
  });

  it('makes any transaction id fit the contract pattern', () => {
    expect(transactionIdOf('XY20260101000001')).toBe('XY20260101000001');
    expect(transactionIdOf('traffic-京A12345')).toBe('traffic-_A12345');
    expect(transactionIdOf('R1')).toBe('R1______');
    expect(transactionIdOf('x'.repeat(80))).toHaveLength(64);
  });
});

describe('printing a service receipt', () => {
  it('prints once, and retries a paper-out job with its first id', () => {
    const out = printing({ type: 'print', jobId: 'j-1' }, { type: 'printed', jobId: 'j-1', result: result('waiting-for-paper') });
    expect(printAgainAllowed(out)).toBe(true);
    expect(printReducer(out, { type: 'print', jobId: 'j-2' })).toEqual({ kind: 'printing', jobId: 'j-1' });
    const done = printing({ type: 'print', jobId: 'j-1' }, { type: 'printed', jobId: 'j-1', result: result('printed') });
    expect(printAgainAllowed(done)).toBe(false);
    expect(printReducer(done, { type: 'print', jobId: 'j-3' })).toBe(done);
  });

  it('offers no retry for a job whose outcome is unknown (it may be on paper already)', () => {
    const unknown = printing({ type: 'print', jobId: 'j-1' }, { type: 'printed', jobId: 'j-1', result: result('unknown') });
    expect(unknown).toEqual({ kind: 'done', jobId: 'j-1', result: result('unknown') });
    expect(printAgainAllowed(unknown)).toBe(false);
    expect(printReducer(unknown, { type: 'print', jobId: 'j-2' })).toBe(unknown);
  });

  it('ignores an answer for another job and keeps a failure retryable', () => {
    const inFlight = printing({ type: 'print', jobId: 'j-1' });
    expect(printReducer(inFlight, { type: 'printed', jobId: 'other', result: result('printed') })).toBe(inFlight);
    const failed = printReducer(inFlight, { type: 'failed', jobId: 'j-1', code: 'PRINTER_ERROR' });
    expect(printReducer(failed, { type: 'print', jobId: 'j-9' })).toEqual({ kind: 'printing', jobId: 'j-1' });
  });
});

describe('call staff', () => {
  const view = { callId: 'c-1', calledAt: '2026-01-01T00:00:00Z', alreadyCalled: false };

  it('calls once, keeps the call open when the notice closes, and ends on cancel or on the staff event', () => {
    const called = staff({ type: 'call' }, { type: 'called', view });
    expect(called).toEqual({ phase: 'called', callId: 'c-1', dialog: true, alreadyCalled: false });
    const closed = staffCallReducer(called, { type: 'closeDialog' });
    expect(closed).toMatchObject({ phase: 'called', dialog: false });
    expect(staffCallReducer(closed, { type: 'call' })).toMatchObject({ phase: 'called', dialog: true });
    expect(staffCallReducer(staffCallReducer(closed, { type: 'cancel' }), { type: 'ended', callId: 'c-1' })).toEqual({ phase: 'idle' });
    expect(staffCallReducer(closed, { type: 'ended', callId: 'other' })).toBe(closed);
  });

  it('tells the citizen when the call failed, and keeps a call whose cancel failed', () => {
    expect(staff({ type: 'call' }, { type: 'failed', code: 'INTERNAL' })).toEqual({ phase: 'failed', code: 'INTERNAL' });
    const cancelling = staff({ type: 'call' }, { type: 'called', view }, { type: 'cancel' });
    expect(staffCallReducer(cancelling, { type: 'failed', code: 'INTERNAL' })).toMatchObject({ phase: 'called', callId: 'c-1' });
  });

  it('names the screen the way the contract accepts it', () => {
    expect(screenSlug('credit.placeCard')).toBe('credit-place-card');
    expect(screenSlug('form-filling-form-editing')).toBe('form-filling-form-editing');
    expect(screenSlug('..')).toBe('unknown');
  });
});
