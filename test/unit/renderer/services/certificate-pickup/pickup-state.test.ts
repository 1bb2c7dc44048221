import { describe, expect, it } from 'vitest';
import type { WaitingCertificatesView } from '../../../../../electron/contract/kiosk-api.ts';
import { machine, type MachineModel } from '../../../../../renderer/src/flow/machine.ts';
import { pickupReducer, pickupStart, pickupWaiting, type PickupAction, type PickupState } from '../../../../../renderer/src/services/certificate-pickup/pickup-state.ts';

const view: WaitingCertificatesView = {
  queriedAt: '2026-12-04T10:00:00Z',
  certificates: [{ certificateId: 'CERT-ZS-0001', kind: 'id-card', title: '居民身份证', issuedBy: '北京市公安局朝阳分局', readyAt: '2026-11-20', numberMasked: '******4711' }],
};

const run = (actions: ((model: MachineModel<PickupState>) => PickupAction)[]) =>
  actions.reduce((model, action) => pickupReducer(model, action(model)), machine(pickupStart));

describe('certificate pickup machine', () => {
  it('walks from the card through 人证核验 and the list to a certificate taken', () => {
    const model = run([
      () => ({ type: 'cardRead' }),
      () => ({ type: 'verified' }),
      (m) => ({ type: 'loaded', op: m.op, view }),
      () => ({ type: 'pick', certificateId: 'CERT-ZS-0001' }),
      (m) => ({ type: 'handed', op: m.op, result: { certificateId: 'CERT-ZS-0001', outcome: 'taken' } }),
    ]);
    expect(model.state).toMatchObject({ phase: 'outcome', result: { outcome: 'taken' } });
    expect(pickupReducer(model, { type: 'another' }).state).toEqual({ phase: 'listing' });
  });

  it('never lists before 人证核验, and picks only a listed certificate', () => {
    expect(run([() => ({ type: 'cardRead' }), (m) => ({ type: 'loaded', op: m.op, view })]).state).toEqual({ phase: 'verifying' });
    const choosing = run([() => ({ type: 'cardRead' }), () => ({ type: 'verified' }), (m) => ({ type: 'loaded', op: m.op, view })]);
    expect(pickupReducer(choosing, { type: 'pick', certificateId: 'CERT-OTHER' })).toBe(choosing);
  });

  it('ignores the answer of a step it has left (a stale op)', () => {
    const listing = run([() => ({ type: 'cardRead' }), () => ({ type: 'verified' })]);
    expect(pickupReducer(listing, { type: 'loaded', op: listing.op - 1, view })).toBe(listing);
  });

  it('a failed hand-out call lists again on retry instead of repeating the hand-out', () => {
    const dispensing = run([() => ({ type: 'cardRead' }), () => ({ type: 'verified' }), (m) => ({ type: 'loaded', op: m.op, view }), () => ({ type: 'pick', certificateId: 'CERT-ZS-0001' })]);
    expect(pickupWaiting(dispensing.state)).toBe(true);
    const failed = pickupReducer(dispensing, { type: 'failed', op: dispensing.op, code: 'INTERNAL' });
    expect(failed.state).toMatchObject({ phase: 'error', code: 'INTERNAL' });
    expect(pickupReducer(failed, { type: 'retry' }).state).toEqual({ phase: 'listing' });
  });

  it('a card that could not be read or a failed check shows the error and retries that step', () => {
    const card = pickupReducer(machine(pickupStart), { type: 'cardFailed', code: 'CARD_TIMEOUT' });
    expect(pickupReducer(card, { type: 'retry' }).state).toEqual({ phase: 'card' });
    const verifying = run([() => ({ type: 'cardRead' }), () => ({ type: 'verifyFailed', code: 'PERSON_NOT_VERIFIED' })]);
    expect(pickupReducer(verifying, { type: 'retry' }).state).toEqual({ phase: 'verifying' });
  });
});
