import { describe, expect, it } from 'vitest';
import type { EndorsementOptionsView, EndorsementReceiptView } from '../../../../../electron/contract/kiosk-api.ts';
import { icaoCheckDigit } from '../../../../../electron/contract/rules/hk-macau-permit.ts';
import { machine, type MachineModel } from '../../../../../renderer/src/flow/machine.ts';
import {
  endorsementReducer,
  endorsementStart,
  endorsementWaiting,
  type EndorsementAction,
  type EndorsementState,
} from '../../../../../renderer/src/services/hk-macau-endorsement/endorsement-state.ts';

const view: EndorsementOptionsView = {
  permitMasked: 'C*****678',
  permitExpiresOn: '2031-06-30',
  queriedAt: '2026-12-05T00:00:00Z',
  options: [
    { type: 'L', allowed: true, validityMonths: 3, times: 1, feeYuan: 15 },
    { type: 'S', allowed: false, refusal: '未登记商务备案', validityMonths: 3, times: 1, feeYuan: 15 },
  ],
};
const receipt: EndorsementReceiptView = {
  receiptNo: 'DEMO-0001-20261205-ABCDEF',
  type: 'L',
  permitMasked: 'C*****678',
  validityMonths: 3,
  times: 1,
  feeYuan: 15,
  payment: { status: 'due', reference: 'QZ-5678-000001' },
  delivery: 'queued',
  submittedAt: '2026-12-05T00:00:00Z',
  progressUrl: 'http://127.0.0.1/p/DEMO-0001-20261205-ABCDEF',
};
const ID = '0b5c3b6e-5f0e-4a59-9a3c-0d7cf0f2a111';

type Step = (model: MachineModel<EndorsementState>) => EndorsementAction;
const run = (actions: Step[], from = machine(endorsementStart)) => actions.reduce((model, action) => endorsementReducer(model, action(model)), from);
const atPermit = () => run([() => ({ type: 'cardRead' }), () => ({ type: 'verified' })]);

describe('HK/Macau endorsement machine', () => {
  it('walks from the card through 人证核验, the permit, the type and the confirmation to the receipt', () => {
    const model = run([
      () => ({ type: 'cardRead' }),
      () => ({ type: 'verified' }),
      () => ({ type: 'enter', permitNumber: 'c1234 5678' }),
      (m) => ({ type: 'loaded', op: m.op, view }),
      () => ({ type: 'pick', endorsement: 'L', submissionId: ID }),
      () => ({ type: 'submit' }),
      (m) => ({ type: 'submitted', op: m.op, receipt }),
    ]);
    expect(model.state).toEqual({ phase: 'receipt', receipt });
  });

  it('sends a typed permit normalised, and keeps a refused one on the permit screen with its reason', () => {
    expect(run([() => ({ type: 'enter', permitNumber: 'c1234 5678' })], atPermit()).state).toEqual({ phase: 'listing', permitNumber: 'C12345678', entered: 'C12345678' });
    for (const [input, problem] of [
      ['W12345678', 'old-booklet'],
      ['C1234567', 'wrong-length'],
      ['CO1234567', 'letter-i-o'],
      ['D12345678', 'wrong-prefix'],
    ] as const) {
      expect(run([() => ({ type: 'enter', permitNumber: input })], atPermit()).state).toEqual({ phase: 'permit', entered: input, problem });
    }
  });

  it('takes a wedge-scanned machine-readable line on the permit screen and while the scanner waits', () => {
    const line = `CSC12345678${icaoCheckDigit('C12345678')}<3106304`;
    expect(run([() => ({ type: 'wedge', code: line })], atPermit()).state).toMatchObject({ phase: 'listing', permitNumber: 'C12345678' });
    const scanning = run([() => ({ type: 'scan' })], atPermit());
    expect(scanning.state).toEqual({ phase: 'scanning', entered: '' });
    expect(run([() => ({ type: 'wedge', code: 'W12345678' })], scanning).state).toMatchObject({ phase: 'permit', problem: 'old-booklet' });
    expect(run([() => ({ type: 'back' })], scanning).state).toEqual({ phase: 'permit', entered: '' });
  });

  it('a permit the platform refuses returns to the permit screen; other failures show the error and retry from the permit', () => {
    const listing = run([() => ({ type: 'enter', permitNumber: 'C87654321' })], atPermit());
    expect(endorsementWaiting(listing.state)).toBe(true);
    expect(endorsementReducer(listing, { type: 'failed', op: listing.op, code: 'INVALID_PERMIT_NUMBER' }).state).toEqual({ phase: 'permit', entered: 'C87654321', problem: 'not-found' });
    const down = endorsementReducer(listing, { type: 'failed', op: listing.op, code: 'UPSTREAM_UNAVAILABLE' });
    expect(down.state).toMatchObject({ phase: 'error', code: 'UPSTREAM_UNAVAILABLE' });
    expect(endorsementReducer(down, { type: 'retry' }).state).toEqual({ phase: 'permit', entered: 'C87654321' });
  });

  it('picks only an allowed type, and goes back from the confirmation to the types and on to the permit', () => {
    const choosing = run([() => ({ type: 'enter', permitNumber: 'C12345678' }), (m) => ({ type: 'loaded', op: m.op, view })], atPermit());
    expect(endorsementReducer(choosing, { type: 'pick', endorsement: 'S', submissionId: ID })).toBe(choosing);
    expect(endorsementReducer(choosing, { type: 'pick', endorsement: 'G', submissionId: ID })).toBe(choosing);
    const confirming = endorsementReducer(choosing, { type: 'pick', endorsement: 'L', submissionId: ID });
    expect(confirming.state).toMatchObject({ phase: 'confirm', type: 'L', submissionId: ID });
    const back = endorsementReducer(confirming, { type: 'back' });
    expect(back.state).toMatchObject({ phase: 'choose' });
    expect(endorsementReducer(back, { type: 'back' }).state).toEqual({ phase: 'permit', entered: 'C12345678' });
  });

  it('a failed submission retries with the same submission id, and a stale answer changes nothing', () => {
    const submitting = run(
      [() => ({ type: 'enter', permitNumber: 'C12345678' }), (m) => ({ type: 'loaded', op: m.op, view }), () => ({ type: 'pick', endorsement: 'L', submissionId: ID }), () => ({ type: 'submit' })],
      atPermit(),
    );
    expect(endorsementReducer(submitting, { type: 'submitted', op: submitting.op - 1, receipt })).toBe(submitting);
    const failed = endorsementReducer(submitting, { type: 'failed', op: submitting.op, code: 'STORAGE_FULL' });
    const retried = endorsementReducer(endorsementReducer(failed, { type: 'retry' }), { type: 'submit' });
    expect(retried.state).toMatchObject({ phase: 'submitting', submissionId: ID, type: 'L' });
  });

  it('never reaches the permit before 人证核验', () => {
    const verifying = run([() => ({ type: 'cardRead' }), () => ({ type: 'enter', permitNumber: 'C12345678' })]);
    expect(verifying.state).toEqual({ phase: 'verifying' });
    const failed = endorsementReducer(verifying, { type: 'verifyFailed', code: 'PERSON_NOT_VERIFIED' });
    expect(endorsementReducer(failed, { type: 'retry' }).state).toEqual({ phase: 'verifying' });
  });
});
