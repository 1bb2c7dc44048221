/**
 * 交通违法处理's flow: only an eligible violation opens the decision; 人证核验 once per session;
 * no signature before agreeing; a failed acceptance retries with the same key; after paying, a
 * retry only completes (never pays again). A fine listed as due is paid against its decision after
 * 人证核验, with no new decision.
 */
import { describe, expect, it } from 'vitest';
import type { TrafficDecisionDraft, TrafficDecisionView, TrafficViolationView } from '../../../../../electron/contract/kiosk-api.ts';
import { machine, type MachineModel } from '../../../../../renderer/src/flow/machine.ts';
import { trafficReducer, trafficStart, trafficWaiting, type TrafficAction, type TrafficState } from '../../../../../renderer/src/services/traffic-violation/traffic-state.ts';

const item = (violationId: string, eligible: boolean) => ({
  violationId,
  occurredAt: '2025-10-12T07:52:00+08:00',
  location: '示例大街',
  behaviour: '不按规定车道行驶',
  points: 1,
  fineYuan: 100,
  fineFen: 10_000,
  legalBasis: '道路交通安全法第九十条',
  handled: false,
  authority: '交管支队',
  simpleProcedure: eligible ? { eligible: true } : { eligible: false, reason: '罚款超过200元', whereToGo: '违法处理窗口' },
});
const view: TrafficViolationView = { plateNumber: '京B23456', items: [item('A1', true), item('B2', false)], unhandledCount: 2, totalPoints: 2, totalFineYuan: 200, queriedAt: '2026-12-05T00:00:00Z' };
const draft: TrafficDecisionDraft = { draftNo: 'CG00000001', violationId: 'A1', plateNumber: '京B23456', paragraphs: ['处罚决定：罚款100元，记1分。'], points: 1, fineFen: 10_000, legalBasis: '第九十条', authority: '交管支队' };
const decision: TrafficDecisionView = { decisionNo: '110105202612050001', noticeNo: '11001234', amountFen: 10_000, points: 1, decidedAt: '2026-12-05T00:00:00Z', resultUrl: 'http://127.0.0.1/p/traffic-decisions/110105202612050001', paid: false };

type Step = TrafficAction | ((m: MachineModel<TrafficState>) => TrafficAction);
const run = (model: MachineModel<TrafficState>, ...steps: Step[]) => steps.reduce((m, s) => trafficReducer(m, typeof s === 'function' ? s(m) : s), model);
const listed = run(machine(trafficStart), { type: 'cardRead' }, { type: 'submit', plate: '京B23456' }, (m) => ({ type: 'loaded', op: m.op, view }));

describe('traffic decision flow', () => {
  it('opens only an eligible violation, and asks for 人证核验 first', () => {
    expect(run(listed, { type: 'handle', violationId: 'B2' }).state.phase).toBe('result');
    const verifying = run(listed, { type: 'handle', violationId: 'A1' });
    expect(verifying.state).toMatchObject({ phase: 'verifying', violationId: 'A1' });
    const drafting = run(verifying, { type: 'verified' });
    expect(drafting.state).toMatchObject({ phase: 'drafting', verified: true });
    expect(trafficWaiting(drafting.state)).toBe(true);
    // Back at the list after a refusal, a second violation skips the check already passed.
    const refused = run(drafting, (m) => ({ type: 'failed', op: m.op, code: 'VIOLATION_ALREADY_HANDLED' }));
    expect(refused.state).toMatchObject({ phase: 'error', code: 'VIOLATION_ALREADY_HANDLED' });
    expect(run(refused, { type: 'retry' }, { type: 'handle', violationId: 'A1' }).state).toMatchObject({ phase: 'drafting' });
  });

  it('signs only after agreeing; an acceptance whose answer was lost retries with the same key', () => {
    const decisionScreen = run(listed, { type: 'handle', violationId: 'A1' }, { type: 'verified' }, (m) => ({ type: 'drafted', op: m.op, draft }));
    expect(run(decisionScreen, { type: 'toSign' }).state.phase).toBe('decision');
    const signing = run(decisionScreen, { type: 'agree', agreed: true }, { type: 'toSign' });
    expect(signing.state.phase).toBe('signing');
    expect(run(signing, { type: 'back' }).state).toMatchObject({ phase: 'decision', agreed: true });
    const accepting = run(signing, { type: 'sign', acceptId: 'key-1', signaturePng: 'data:image/png;base64,AAAA' });
    const failed = run(accepting, (m) => ({ type: 'failed', op: m.op, code: 'UPSTREAM_UNAVAILABLE' }));
    expect(run(failed, { type: 'retry' }).state).toMatchObject({ phase: 'accepting', acceptId: 'key-1' });
  });

  it('after paying, a failed completion retries the completion only, then ends on the paid decision', () => {
    const paying = run(
      listed,
      { type: 'handle', violationId: 'A1' },
      { type: 'verified' },
      (m) => ({ type: 'drafted', op: m.op, draft }),
      { type: 'agree', agreed: true },
      { type: 'toSign' },
      { type: 'sign', acceptId: 'key-1', signaturePng: 'data:image/png;base64,AAAA' },
      (m) => ({ type: 'accepted', op: m.op, decision }),
    );
    expect(paying.state).toMatchObject({ phase: 'paying', fine: { decisionNo: decision.decisionNo, amountFen: 10_000, points: 1, listedDue: false } });
    const completing = run(paying, { type: 'paid', orderNo: 'KM0001ORDER1' });
    const failed = run(completing, (m) => ({ type: 'failed', op: m.op, code: 'STORAGE_FULL' }));
    expect(run(failed, { type: 'retry' }).state).toMatchObject({ phase: 'completing', orderNo: 'KM0001ORDER1' });
    const done = run(completing, (m) => ({ type: 'completed', op: m.op, paid: { decisionNo: decision.decisionNo, delivery: 'queued', resultUrl: decision.resultUrl, a4: false } }));
    expect(done.state).toMatchObject({ phase: 'done', paid: { delivery: 'queued' }, orderNo: 'KM0001ORDER1' });
    expect(run(done, { type: 'another' }).state).toEqual({ phase: 'plate', plate: '', invalid: false });
  });

  it('a fine listed as due is paid against its decision after 人证核验, without a new decision; a paid one opens nothing', () => {
    const due = { ...item('C3', false), handled: true, decision: { decisionNo: '110105202612050009', amountDueFen: 10_000, status: 'due' as const } };
    const paidItem = { ...item('D4', false), handled: true, decision: { decisionNo: '110105202612050010', amountDueFen: 0, status: 'paid' as const } };
    const dueView: TrafficViolationView = { ...view, items: [item('A1', true), due, paidItem] };
    const dueListed = run(machine(trafficStart), { type: 'cardRead' }, { type: 'submit', plate: '京B23456' }, (m) => ({ type: 'loaded', op: m.op, view: dueView }));
    expect(run(dueListed, { type: 'handle', violationId: 'D4' }).state.phase).toBe('result');
    const verifying = run(dueListed, { type: 'handle', violationId: 'C3' });
    expect(verifying.state).toMatchObject({ phase: 'verifying', violationId: 'C3' });
    const paying = run(verifying, { type: 'verified' });
    // Marked as paid from the list, so the screens show list → pay → done rather than the decision steps.
    expect(paying.state).toMatchObject({ phase: 'paying', verified: true, fine: { decisionNo: '110105202612050009', amountFen: 10_000, points: 1, listedDue: true } });
    // Leaving the pay step goes back to the list; the check passed is kept, so paying again skips it.
    const back = run(paying, { type: 'back' });
    expect(back.state.phase).toBe('result');
    expect(run(back, { type: 'handle', violationId: 'C3' }).state.phase).toBe('paying');
    const completing = run(paying, { type: 'paid', orderNo: 'KM0001ORDER2' });
    expect(completing.state).toMatchObject({ phase: 'completing', orderNo: 'KM0001ORDER2', fine: { decisionNo: '110105202612050009' } });
  });
});
