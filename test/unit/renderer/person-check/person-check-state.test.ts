/**
 * 人证核验's screen machine (renderer/src/person-check): consent before anything, the tries as the
 * core judges them, and the face data (card and live descriptors) zeroed on every way out.
 */
import { describe, expect, it } from 'vitest';
import type { PersonCheckResultView } from '../../../../electron/contract/kiosk-api.ts';
import { machine, type MachineModel } from '../../../../renderer/src/flow/machine.ts';
import {
  personCheckReducer,
  personCheckStart,
  personCheckWaiting,
  releaseFaceData,
  type PersonCheckAction,
  type PersonCheckState,
} from '../../../../renderer/src/person-check/person-check-state.ts';

type Step = PersonCheckAction | ((m: MachineModel<PersonCheckState>) => PersonCheckAction);
const run = (model: MachineModel<PersonCheckState>, ...steps: Step[]) =>
  steps.reduce<MachineModel<PersonCheckState>>((m, s) => personCheckReducer(m, typeof s === 'function' ? s(m) : s), model);

const descriptor = () => Array.from({ length: 1024 }, (_, i) => ((i % 7) - 3) / 10);
const status = (decision: 'pending' | 'passed' | 'failed', required = true) => (m: MachineModel<PersonCheckState>): PersonCheckAction => ({ type: 'status', op: m.op, required, decision, photoSource: 'card' });
const prepared = (card: number[]) => (m: MachineModel<PersonCheckState>): PersonCheckAction => ({
  type: 'prepared',
  op: m.op,
  decision: 'pending',
  cardDescriptor: card,
  triesLeft: 3,
  maxTries: 3,
  testDecoder: true,
});
const judged = (result: PersonCheckResultView) => (m: MachineModel<PersonCheckState>): PersonCheckAction => ({ type: 'judged', op: m.op, result });
const atCamera = (card = descriptor()) => run(machine(personCheckStart), status('pending'), { type: 'agree' }, prepared(card));
const zeroed = (values: number[]) => values.every((v) => v === 0);

describe('person check machine', () => {
  it('asks for consent before anything, and skips everything where no check is needed or it already passed', () => {
    expect(run(machine(personCheckStart), status('pending')).state).toEqual({ phase: 'consent', photoSource: 'card' });
    expect(run(machine(personCheckStart), status('pending', false)).state).toEqual({ phase: 'passed' });
    expect(run(machine(personCheckStart), status('passed')).state).toEqual({ phase: 'passed' });
    expect(run(machine(personCheckStart), status('failed')).state).toEqual({ phase: 'failed' });
    // No camera and no card photo before the citizen agrees.
    const consent = run(machine(personCheckStart), status('pending'));
    expect(run(consent, prepared(descriptor()))).toBe(consent);
  });

  it('passes on the core’s word, zeroing the card’s and the live face’s descriptors', () => {
    const card = descriptor();
    const live = descriptor();
    const judging = run(atCamera(card), { type: 'captured', report: { kind: 'face', descriptor: live, liveness: 0.9 } });
    expect(judging.state.phase).toBe('judging');
    expect(personCheckWaiting(judging.state)).toBe(true);
    const passed = run(judging, judged({ decision: 'passed', reason: 'matched', similarity: 0.8, triesLeft: 2 }));
    expect(passed.state).toEqual({ phase: 'passed' });
    expect(zeroed(card)).toBe(true);
    expect(zeroed(live)).toBe(true);
  });

  it('offers another try with the reason, keeping only the card’s descriptor, then fails to the staff call', () => {
    const card = descriptor();
    const live = descriptor();
    let m = run(atCamera(card), { type: 'captured', report: { kind: 'face', descriptor: live, liveness: 0.9 } }, judged({ decision: 'retry', reason: 'no-match', similarity: 0.3, triesLeft: 2 }));
    expect(m.state).toMatchObject({ phase: 'retry', reason: 'no-match', triesLeft: 2 });
    expect(zeroed(live)).toBe(true);
    expect(zeroed(card)).toBe(false);
    m = run(m, { type: 'retry' });
    expect(m.state).toMatchObject({ phase: 'camera', triesLeft: 2 });
    m = run(m, { type: 'captured', report: { kind: 'no-face' } }, judged({ decision: 'failed', reason: 'no-face', similarity: undefined, triesLeft: 0 }));
    expect(m.state).toEqual({ phase: 'failed' });
    expect(zeroed(card)).toBe(true);
  });

  it('an error or a missing camera leaves the face data behind too', () => {
    const card = descriptor();
    expect(run(atCamera(card), { type: 'cameraUnavailable', reason: 'denied' }).state).toEqual({ phase: 'noCamera', reason: 'denied' });
    expect(zeroed(card)).toBe(true);
    const other = descriptor();
    const errored = run(atCamera(other), { type: 'captured', report: { kind: 'no-face' } }, (m) => ({ type: 'failed', op: m.op, code: 'UPSTREAM_UNAVAILABLE' }));
    expect(errored.state).toEqual({ phase: 'error', code: 'UPSTREAM_UNAVAILABLE' });
    expect(zeroed(other)).toBe(true);
    // Trying again asks the core where the check stands: a try it counted is not lost or repeated.
    expect(run(errored, { type: 'agree' }).state).toEqual({ phase: 'preparing' });
  });

  it('ignores a judgement for a try the screen already left', () => {
    const judging = run(atCamera(), { type: 'captured', report: { kind: 'no-face' } });
    const stale = judging.op - 1;
    expect(personCheckReducer(judging, { type: 'judged', op: stale, result: { decision: 'passed', reason: 'matched', similarity: 1, triesLeft: 2 } })).toBe(judging);
  });

  it('releaseFaceData zeroes whatever the state holds (the step unmounting mid-try)', () => {
    const card = descriptor();
    const live = descriptor();
    const judging = run(atCamera(card), { type: 'captured', report: { kind: 'face', descriptor: live, liveness: 1 } });
    releaseFaceData(judging.state);
    expect(zeroed(card) && zeroed(live)).toBe(true);
  });
});
