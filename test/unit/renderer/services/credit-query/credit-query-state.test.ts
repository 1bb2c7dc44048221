/**
 * 信用查询 · 个人 as its own machine (renderer/src/services/credit-query): the walk from the card
 * to the printed receipt, which failures can be retried and how, and that personal data lives
 * only in the states that show it.
 */
import { describe, expect, it } from 'vitest';
import type { KioskErrorCode } from '../../../../../electron/contract/kiosk-api.ts';
import { machine, type MachineModel } from '../../../../../renderer/src/flow/machine.ts';
import {
  canRetryCredit,
  creditReducer,
  creditStart,
  creditWaiting,
  type CreditAction,
  type CreditState,
} from '../../../../../renderer/src/services/credit-query/credit-query-state.ts';
import { JOB_ID, card, holdsPersonalData, record } from './journey-fixtures.ts';

type Step = CreditAction | ((m: MachineModel<CreditState>) => CreditAction);
const run = (model: MachineModel<CreditState>, ...steps: Step[]): MachineModel<CreditState> =>
  steps.reduce<MachineModel<CreditState>>((m, s) => creditReducer(m, typeof s === 'function' ? s(m) : s), model);

const loaded = (m: MachineModel<CreditState>): CreditAction => ({ type: 'loaded', op: m.op, record });
const failed = (code: KioskErrorCode) => (m: MachineModel<CreditState>): CreditAction => ({ type: 'failed', op: m.op, code });
const printed = (status: 'printed' | 'waiting-for-paper' | 'failed' | 'unknown') => (m: MachineModel<CreditState>): CreditAction => ({
  type: 'printDone',
  op: m.op,
  result: { jobId: JOB_ID, status },
});

const start = () => machine(creditStart);
const atVerifying = () => run(start(), { type: 'cardRead', card });
const atQuerying = () => run(atVerifying(), { type: 'verified' });
const atResult = () => run(atQuerying(), loaded);
const atPrinting = () => run(atResult(), { type: 'print', jobId: JOB_ID });

describe('credit query machine', () => {
  it('walks from the card to the printed receipt', () => {
    const phases: string[] = [];
    let m = start();
    phases.push(m.state.phase);
    for (const step of [{ type: 'cardRead', card } as const, { type: 'verified' } as const, loaded, { type: 'print', jobId: JOB_ID } as const, printed('printed')]) {
      m = run(m, step);
      phases.push(m.state.phase);
    }
    expect(phases).toEqual(['placeCard', 'verifying', 'querying', 'result', 'printing', 'printed']);
  });

  it('queries nothing before 人证核验: a failed check is an error of its own step, retried by checking again', () => {
    const verifying = atVerifying();
    expect(verifying.state).toEqual({ phase: 'verifying', card });
    expect(run(verifying, loaded)).toBe(verifying);
    const failedCheck = run(verifying, { type: 'verifyFailed', code: 'DEVICE_UNAVAILABLE' });
    expect(failedCheck.state).toMatchObject({ phase: 'error', step: 'verify', code: 'DEVICE_UNAVAILABLE' });
    expect(run(failedCheck, { type: 'retry' }).state).toEqual({ phase: 'verifying', card });
    expect(run(atQuerying(), { type: 'verified' }).state.phase).toBe('querying');
  });

  it('waits on the terminal (no inactivity warning) only while querying and printing', () => {
    expect(creditWaiting(start().state)).toBe(false);
    expect(creditWaiting(atQuerying().state)).toBe(true);
    expect(creditWaiting(atResult().state)).toBe(false);
    expect(creditWaiting(atPrinting().state)).toBe(true);
  });

  it('ignores the outcome of a step the citizen already left (stale op)', () => {
    const querying = atQuerying();
    const stale = querying.op;
    const errored = run(querying, failed('UPSTREAM_UNAVAILABLE'));
    expect(creditReducer(errored, { type: 'loaded', op: stale, record })).toBe(errored);
  });

  it('ignores actions that make no sense in the current state', () => {
    const result = atResult();
    expect(run(result, { type: 'cardRead', card })).toBe(result);
    expect(run(result, { type: 'retry' })).toBe(result);
    expect(run(start(), { type: 'print', jobId: JOB_ID })).toEqual(start());
  });

  describe('errors', () => {
    it.each([
      ['card', () => run(start(), { type: 'cardFailed', code: 'CARD_TIMEOUT' }), 'placeCard'],
      ['query', () => run(atQuerying(), failed('UPSTREAM_UNAVAILABLE')), 'querying'],
      ['print', () => run(atPrinting(), failed('PRINTER_ERROR')), 'printing'],
    ] as const)('a failed %s step can be retried', (step, at, retryPhase) => {
      const m = at();
      expect(m.state).toMatchObject({ phase: 'error', step });
      expect(canRetryCredit(m.state)).toBe(true);
      expect(run(m, { type: 'retry' }).state.phase).toBe(retryPhase);
    });

    it('retrying a print reuses the same job id and shows the same record', () => {
      expect(run(atPrinting(), failed('PRINTER_ERROR'), { type: 'retry' }).state).toEqual({ phase: 'printing', card, record, jobId: JOB_ID });
    });

    it('retrying a query keeps the card holder on screen', () => {
      expect(run(atQuerying(), failed('UPSTREAM_UNAVAILABLE'), { type: 'retry' }).state).toEqual({ phase: 'querying', card });
    });

    it('out of paper (or a failed print) offers a reprint of the same job', () => {
      for (const status of ['waiting-for-paper', 'failed'] as const) {
        const m = run(atPrinting(), printed(status));
        expect(m.state).toMatchObject({ phase: 'printed', print: { status } });
        expect(run(m, { type: 'retry' }).state).toEqual({ phase: 'printing', card, record, jobId: JOB_ID });
      }
      const done = run(atPrinting(), printed('printed'));
      expect(run(done, { type: 'retry' })).toBe(done);
    });

    it('a print of unknown outcome offers no reprint: it may be on paper already', () => {
      const m = run(atPrinting(), printed('unknown'));
      expect(m.state).toMatchObject({ phase: 'printed', print: { status: 'unknown' } });
      expect(run(m, { type: 'retry' })).toBe(m);
    });

    it.each(['UPSTREAM_REJECTED', 'INVALID_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'NO_SESSION'] as const)('%s cannot be retried', (code) => {
      const m = run(atQuerying(), failed(code));
      expect(canRetryCredit(m.state)).toBe(false);
      expect(run(m, { type: 'retry' })).toBe(m);
    });
  });

  it('holds personal data only where it shows it: an error of the card step holds none', () => {
    expect(holdsPersonalData(start().state)).toBe(false);
    expect(holdsPersonalData(atResult().state)).toBe(true);
    expect(holdsPersonalData(run(start(), { type: 'cardFailed', code: 'CARD_INVALID' }).state)).toBe(false);
  });
});
