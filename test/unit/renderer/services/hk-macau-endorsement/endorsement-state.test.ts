import { describe, expect, it } from 'vitest';
import type { EndorsementFeeView, EndorsementOptionsView, EndorsementReceiptView } from '../../../../../electron/contract/kiosk-api.ts';
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
const counter: EndorsementFeeView = { payAt: 'counter', feeYuan: 15 };
const here: EndorsementFeeView = { payAt: 'terminal', purpose: 'hk-macau-endorsement-fee', purchaseId: ID, amountFen: 1500 };
const ORDER = 'KM0001261205100000ABCDEFGH';

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
      (m) => ({ type: 'priced', op: m.op, fee: counter }),
      () => ({ type: 'submit' }),
      (m) => ({ type: 'submitted', op: m.op, receipt }),
    ]);
    expect(model.state).toEqual({ phase: 'receipt', receipt });
  });

  const confirmWith = (fee: EndorsementFeeView) =>
    run(
      [
        () => ({ type: 'enter', permitNumber: 'C12345678' }),
        (m) => ({ type: 'loaded', op: m.op, view }),
        () => ({ type: 'pick', endorsement: 'L', submissionId: ID }),
        (m) => ({ type: 'priced', op: m.op, fee }),
      ],
      atPermit(),
    );

  it('asks the core how the fee is paid once the type is picked, waiting meanwhile', () => {
    const pricing = run([() => ({ type: 'enter', permitNumber: 'C12345678' }), (m) => ({ type: 'loaded', op: m.op, view }), () => ({ type: 'pick', endorsement: 'L', submissionId: ID })], atPermit());
    expect(pricing.state).toMatchObject({ phase: 'pricing', type: 'L', submissionId: ID });
    expect(endorsementWaiting(pricing.state)).toBe(true);
    expect(endorsementReducer(pricing, { type: 'priced', op: pricing.op - 1, fee: here })).toBe(pricing);
    const down = endorsementReducer(pricing, { type: 'failed', op: pricing.op, code: 'UPSTREAM_UNAVAILABLE' });
    expect(endorsementReducer(down, { type: 'retry' }).state).toEqual(pricing.state);
  });

  it('where the terminal takes the fee: the pay step before the submission, which carries the order', () => {
    const paying = endorsementReducer(confirmWith(here), { type: 'submit' });
    expect(paying.state).toMatchObject({ phase: 'paying', fee: here });
    // Nothing is submitted until the pay step reports the fee paid.
    expect(endorsementWaiting(paying.state)).toBe(false);
    const submitting = endorsementReducer(paying, { type: 'paid', orderNo: ORDER });
    expect(submitting.state).toMatchObject({ phase: 'submitting', submissionId: ID, orderNo: ORDER });
  });

  it('leaving the pay step goes back to the confirmation and submits nothing', () => {
    const paying = endorsementReducer(confirmWith(here), { type: 'submit' });
    const back = endorsementReducer(paying, { type: 'back' });
    expect(back.state).toMatchObject({ phase: 'confirm', fee: here, submissionId: ID });
    expect(endorsementReducer(back, { type: 'paid', orderNo: ORDER })).toBe(back);
  });

  it('a paid submission that fails is retried with the same order, never paid again', () => {
    const submitting = endorsementReducer(endorsementReducer(confirmWith(here), { type: 'submit' }), { type: 'paid', orderNo: ORDER });
    const failed = endorsementReducer(submitting, { type: 'failed', op: submitting.op, code: 'STORAGE_FULL' });
    expect(endorsementReducer(failed, { type: 'retry' }).state).toEqual(submitting.state);
  });

  it('where the fee is due at the counter, submitting goes straight to the submission', () => {
    expect(endorsementReducer(confirmWith(counter), { type: 'submit' }).state).toMatchObject({ phase: 'submitting', fee: counter });
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
    const pricing = endorsementReducer(choosing, { type: 'pick', endorsement: 'L', submissionId: ID });
    const confirming = endorsementReducer(pricing, { type: 'priced', op: pricing.op, fee: counter });
    expect(confirming.state).toMatchObject({ phase: 'confirm', type: 'L', submissionId: ID });
    const back = endorsementReducer(confirming, { type: 'back' });
    expect(back.state).toMatchObject({ phase: 'choose' });
    expect(endorsementReducer(back, { type: 'back' }).state).toEqual({ phase: 'permit', entered: 'C12345678' });
  });

  it('a failed submission retries with the same submission id, and a stale answer changes nothing', () => {
    const submitting = run(
      [
        () => ({ type: 'enter', permitNumber: 'C12345678' }),
        (m) => ({ type: 'loaded', op: m.op, view }),
        () => ({ type: 'pick', endorsement: 'L', submissionId: ID }),
        (m) => ({ type: 'priced', op: m.op, fee: counter }),
        () => ({ type: 'submit' }),
      ],
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
