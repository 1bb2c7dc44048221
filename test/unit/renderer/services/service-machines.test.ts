/**
 * The small state machines of the citizen services: their happy paths, their error paths, and
 * the rule they share with the credit journey: an outcome for a step the citizen already left
 * (a stale op) changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { machine, type MachineModel } from '../../../../renderer/src/flow/machine.ts';
import { commitmentReducer, commitmentStart, type CommitmentAction, type CommitmentState } from '../../../../renderer/src/services/credit-commitment/commitment-state.ts';
import { checkCreditCode, gb32100CheckChar } from '../../../../electron/contract/rules/credit-code.ts';
import { enterpriseReducer, enterpriseStart, type EnterpriseAction, type EnterpriseState } from '../../../../renderer/src/services/credit-enterprise/enterprise-state.ts';
import { licenceReducer, licenceStart, type LicenceAction, type LicenceState } from '../../../../renderer/src/services/e-licence/licence-state.ts';
import { guideReducer, guideStart, type GuideAction, type GuideState } from '../../../../renderer/src/services/service-guide/guide-state.ts';
import { photoReducer, photoStart, type PhotoAction, type PhotoState } from '../../../../renderer/src/services/id-photo/photo-state.ts';
import { progressReducer, progressStart, type ProgressAction, type ProgressState } from '../../../../renderer/src/services/progress-query/progress-state.ts';
import { normalisePlate, plateValid } from '../../../../electron/contract/rules/plate-number.ts';
import { trafficReducer, trafficStart, type TrafficAction, type TrafficState } from '../../../../renderer/src/services/traffic-violation/traffic-state.ts';
import { VALID_CODE, enterprise, guide, guideIndex, licence, matter, photoResult, progress, receipt, traffic } from './service-fixtures.ts';

type Step<A, S> = A | ((m: MachineModel<S>) => A);
const runner =
  <S, A>(reducer: (m: MachineModel<S>, a: A) => MachineModel<S>) =>
  (model: MachineModel<S>, ...steps: Step<A, S>[]): MachineModel<S> =>
    steps.reduce<MachineModel<S>>((m, s) => reducer(m, typeof s === 'function' ? (s as (m: MachineModel<S>) => A)(m) : s), model);

describe('GB 32100 credit code (enterprise credit)', () => {
  it('computes the check character and names what is wrong', () => {
    expect(gb32100CheckChar(VALID_CODE.slice(0, 17))).toBe('3');
    expect(checkCreditCode(VALID_CODE).ok).toBe(true);
    expect(checkCreditCode(VALID_CODE.toLowerCase()).ok).toBe(true);
    expect(checkCreditCode(VALID_CODE.slice(0, 17))).toMatchObject({ ok: false, reason: 'length' });
    expect(checkCreditCode(`${VALID_CODE.slice(0, 16)}I3`)).toMatchObject({ ok: false, reason: 'character' });
    expect(checkCreditCode(`${VALID_CODE.slice(0, 17)}4`)).toMatchObject({ ok: false, reason: 'check-character' });
  });

  it('refuses on the screen what the core refuses: a division code that is not 6 digits, even with a right check character', () => {
    const first17 = `${VALID_CODE.slice(0, 2)}A${VALID_CODE.slice(3, 17)}`;
    const code = first17 + gb32100CheckChar(first17);
    const model = enterpriseReducer(machine(enterpriseStart), { type: 'submit', code });
    expect(model.state).toMatchObject({ phase: 'entry', problem: 'division' });
  });

  it('takes a code typed with hyphens, as the core does', () => {
    const grouped = `${VALID_CODE.slice(0, 6)}-${VALID_CODE.slice(6, 12)}-${VALID_CODE.slice(12)}`;
    expect(enterpriseReducer(machine(enterpriseStart), { type: 'submit', code: grouped }).state).toEqual({ phase: 'querying', code: VALID_CODE });
  });
});

describe('enterprise credit machine', () => {
  const run = runner<EnterpriseState, EnterpriseAction>(enterpriseReducer);
  const start = machine(enterpriseStart);

  it('queries only a code that passes the check, and shows the record', () => {
    const bad = run(start, { type: 'submit', code: `${VALID_CODE.slice(0, 17)}4` });
    expect(bad.state).toMatchObject({ phase: 'entry', problem: 'check-character' });
    const querying = run(start, { type: 'submit', code: ` ${VALID_CODE.toLowerCase()} ` });
    expect(querying.state).toEqual({ phase: 'querying', code: VALID_CODE });
    expect(run(querying, (m) => ({ type: 'loaded', op: m.op, view: enterprise })).state).toEqual({ phase: 'result', view: enterprise });
  });

  it('sends a code the core refuses back to the keyboard, other failures to a retryable error', () => {
    const querying = run(start, { type: 'submit', code: VALID_CODE });
    expect(run(querying, (m) => ({ type: 'failed', op: m.op, code: 'INVALID_CREDIT_CODE' })).state).toMatchObject({ phase: 'entry', code: VALID_CODE, problem: 'check-character' });
    const error = run(querying, (m) => ({ type: 'failed', op: m.op, code: 'UPSTREAM_UNAVAILABLE' }));
    expect(error.state).toMatchObject({ phase: 'error', code: 'UPSTREAM_UNAVAILABLE' });
    expect(run(error, { type: 'retry' }).state).toEqual({ phase: 'querying', code: VALID_CODE });
  });

  it('ignores the answer to a query the citizen left', () => {
    const querying = run(start, { type: 'submit', code: VALID_CODE });
    const stale = querying.op;
    const failed = run(querying, { type: 'failed', op: stale, code: 'UPSTREAM_UNAVAILABLE' });
    expect(run(failed, { type: 'loaded', op: stale, view: enterprise })).toBe(failed);
  });
});

describe('credit commitment machine', () => {
  const run = runner<CommitmentState, CommitmentAction>(commitmentReducer);
  const atText = (signature: boolean) =>
    run(
      machine(commitmentStart),
      { type: 'cardRead' },
      (m) => ({ type: 'listed', op: m.op, matters: [matter(signature)] }),
      { type: 'open', matterId: 'sample-matter' },
      (m) => ({ type: 'opened', op: m.op, matter: matter(signature) }),
    );

  it('needs the tick before signing and a signature before submitting', () => {
    const text = atText(true);
    expect(text.state).toMatchObject({ phase: 'text', agreed: false });
    expect(run(text, { type: 'toSign' })).toBe(text);
    const signing = run(text, { type: 'agree', agreed: true }, { type: 'toSign' });
    expect(signing.state.phase).toBe('signing');
    expect(run(signing, { type: 'sign', submissionId: 's-1', signaturePng: null })).toBe(signing);
    const submitting = run(signing, { type: 'sign', submissionId: 's-1', signaturePng: 'data:image/png;base64,AAAA' });
    expect(submitting.state).toMatchObject({ phase: 'submitting', submissionId: 's-1', signaturePng: 'data:image/png;base64,AAAA' });
    expect(run(submitting, (m) => ({ type: 'submitted', op: m.op, receipt })).state).toEqual({ phase: 'receipt', receipt });
  });

  it('submits a matter without signature straight from the text', () => {
    const agreed = run(atText(false), { type: 'agree', agreed: true });
    expect(run(agreed, { type: 'toSign' })).toBe(agreed);
    expect(run(agreed, { type: 'sign', submissionId: 's-2', signaturePng: null }).state).toMatchObject({ phase: 'submitting', signaturePng: null });
  });

  it('retries a failed submission with the same id, and rereads a text that changed', () => {
    const submitting = run(atText(false), { type: 'agree', agreed: true }, { type: 'sign', submissionId: 's-3', signaturePng: null });
    const failed = run(submitting, (m) => ({ type: 'failed', op: m.op, code: 'UPSTREAM_UNAVAILABLE' }));
    expect(run(failed, { type: 'retry' }).state).toMatchObject({ phase: 'submitting', submissionId: 's-3' });
    const changed = run(submitting, (m) => ({ type: 'failed', op: m.op, code: 'CONTENT_CHANGED' }));
    expect(run(changed, { type: 'retry' }).state).toMatchObject({ phase: 'opening', matterId: 'sample-matter' });
  });

  it('lets a failed card read be retried', () => {
    const failed = run(machine(commitmentStart), { type: 'cardFailed', code: 'CARD_TIMEOUT' });
    expect(failed.state).toMatchObject({ phase: 'error', code: 'CARD_TIMEOUT' });
    expect(run(failed, { type: 'retry' }).state).toEqual({ phase: 'card' });
  });
});

describe('e-licence machine', () => {
  const run = runner<LicenceState, LicenceAction>(licenceReducer);
  const start = machine(licenceStart);

  it('takes a licence from the terminal scanner or from a wedge scan', () => {
    expect(run(start, (m) => ({ type: 'scanned', op: m.op, view: licence })).state).toEqual({ phase: 'result', view: licence });
    const verifying = run(start, { type: 'wedge', code: 'https://elicence.example.test/v/X' });
    expect(verifying.state).toEqual({ phase: 'verifying', code: 'https://elicence.example.test/v/X' });
    expect(run(verifying, (m) => ({ type: 'verified', op: m.op, view: licence })).state.phase).toBe('result');
  });

  it('keeps waiting for a wedge scan when the terminal has no scanner of its own', () => {
    const noScanner = run(start, (m) => ({ type: 'failed', op: m.op, code: 'DEVICE_UNAVAILABLE' }));
    expect(noScanner.state).toEqual({ phase: 'waiting', scanner: false });
    expect(run(noScanner, { type: 'wedge', code: 'CODE-1234' }).state.phase).toBe('verifying');
  });

  it('reports an invalid licence and scans again', () => {
    const verifying = run(start, { type: 'wedge', code: 'CODE-1234' });
    const error = run(verifying, (m) => ({ type: 'failed', op: m.op, code: 'LICENCE_INVALID' }));
    expect(error.state).toEqual({ phase: 'error', code: 'LICENCE_INVALID' });
    expect(run(error, { type: 'again' }).state).toEqual(licenceStart);
  });
});

describe('progress machine', () => {
  const run = runner<ProgressState, ProgressAction>(progressReducer);
  const start = machine(progressStart);

  it('queries by typed number, by scan and by ID card', () => {
    const typed = run(start, { type: 'method', method: 'typing' }, { type: 'typed', receiptNo: ' R-1 ' });
    expect(typed.state).toEqual({ phase: 'querying', query: { by: 'receipt', receiptNo: 'R-1' } });
    const scanned = run(start, { type: 'method', method: 'scanning' }, { type: 'wedge', code: 'https://x.test/p/R-2' });
    expect(scanned.state).toEqual({ phase: 'querying', query: { by: 'receipt', receiptNo: 'https://x.test/p/R-2' } });
    const byCard = run(start, { type: 'method', method: 'card' }, { type: 'cardRead' });
    expect(byCard.state).toEqual({ phase: 'querying', query: { by: 'idCard' } });
    expect(run(byCard, (m) => ({ type: 'loaded', op: m.op, view: progress })).state).toEqual({ phase: 'result', view: progress });
  });

  it('takes the terminal scanner result directly, and falls back to wedge scans without one', () => {
    const scanning = run(start, { type: 'method', method: 'scanning' });
    expect(run(scanning, (m) => ({ type: 'loaded', op: m.op, view: progress })).state.phase).toBe('result');
    expect(run(scanning, (m) => ({ type: 'failed', op: m.op, code: 'DEVICE_UNAVAILABLE' })).state).toEqual({ phase: 'scanning', scanner: false });
  });

  it('sends a number that finds nothing back to the keyboard with the number kept', () => {
    const typed = run(start, { type: 'method', method: 'typing' }, { type: 'typed', receiptNo: 'R-9' });
    const error = run(typed, (m) => ({ type: 'failed', op: m.op, code: 'NOT_FOUND' }));
    expect(run(error, { type: 'retry' }).state).toEqual({ phase: 'typing', receiptNo: 'R-9' });
    expect(run(start, { type: 'method', method: 'typing' }, { type: 'typed', receiptNo: '  ' }).state.phase).toBe('typing');
  });
});

describe('guide machine', () => {
  const run = runner<GuideState, GuideAction>(guideReducer);
  it('browses themes, guides and back', () => {
    const themes = run(machine(guideStart), (m) => ({ type: 'loaded', op: m.op, index: guideIndex }));
    expect(run(themes, { type: 'theme', themeId: 'no-such-theme' })).toBe(themes);
    const opened = run(themes, { type: 'theme', themeId: 'credit' }, { type: 'open', guideId: 'credit-report' }, (m) => ({ type: 'opened', op: m.op, guide }));
    expect(opened.state).toMatchObject({ phase: 'guide', themeId: 'credit', guide });
    expect(run(opened, { type: 'back' }).state.phase).toBe('theme');
    expect(run(opened, { type: 'back' }, { type: 'back' }).state.phase).toBe('themes');
    const failed = run(machine(guideStart), (m) => ({ type: 'failed', op: m.op, code: 'INTERNAL' }));
    expect(run(failed, { type: 'retry' }).state).toEqual({ phase: 'loading' });
  });
});

describe('ID photo machine', () => {
  const run = runner<PhotoState, PhotoAction>(photoReducer);
  const atCamera = () => run(machine(photoStart), { type: 'cardRead' });

  it('captures, previews, uploads and shows the receipt; a refused photo is retaken', () => {
    const preview = run(atCamera(), { type: 'captured', photo: 'data:image/jpeg;base64,AA' });
    expect(run(preview, { type: 'retake' }).state).toEqual({ phase: 'camera' });
    const uploading = run(preview, { type: 'use', submissionId: 'p-1' });
    expect(uploading.state).toMatchObject({ phase: 'uploading', submissionId: 'p-1' });
    const refused = run(uploading, (m) => ({ type: 'uploaded', op: m.op, result: photoResult(false) }));
    expect(run(refused, { type: 'retake' }).state).toEqual({ phase: 'camera' });
    const accepted = run(uploading, (m) => ({ type: 'uploaded', op: m.op, result: photoResult(true) }));
    expect(run(accepted, { type: 'retake' })).toBe(accepted);
  });

  it('drops the photo once it leaves the preview, and reports a missing camera', () => {
    const retaken = run(atCamera(), { type: 'captured', photo: 'data:image/jpeg;base64,SECRET' }, { type: 'retake' });
    expect(JSON.stringify(retaken)).not.toContain('SECRET');
    const none = run(atCamera(), { type: 'cameraUnavailable', reason: 'absent' });
    expect(none.state).toEqual({ phase: 'noCamera', reason: 'absent' });
    expect(run(none, { type: 'retake' }).state).toEqual({ phase: 'camera' });
  });

  it('retries a failed upload with the same submission id', () => {
    const uploading = run(atCamera(), { type: 'captured', photo: 'p' }, { type: 'use', submissionId: 'p-2' });
    const failed = run(uploading, (m) => ({ type: 'failed', op: m.op, code: 'UPSTREAM_UNAVAILABLE' }));
    expect(run(failed, { type: 'retry' }).state).toMatchObject({ phase: 'uploading', submissionId: 'p-2' });
  });
});

describe('traffic machine and plates', () => {
  const run = runner<TrafficState, TrafficAction>(trafficReducer);
  it('checks the plate on the screen and again with the core', () => {
    expect(plateValid('京A·12345')).toBe(true);
    expect(plateValid('京AD12345')).toBe(true);
    expect(plateValid('京A1234')).toBe(false);
    expect(plateValid('京AI2345')).toBe(false);
    expect(normalisePlate('京a 123-45')).toBe('京A12345');
    const plate = run(machine(trafficStart), { type: 'cardRead' });
    expect(run(plate, { type: 'submit', plate: '京A1234' }).state).toEqual({ phase: 'plate', plate: '京A1234', invalid: true });
    const querying = run(plate, { type: 'submit', plate: '京a12345' });
    expect(querying.state).toEqual({ phase: 'querying', plate: '京A12345' });
    expect(run(querying, (m) => ({ type: 'failed', op: m.op, code: 'INVALID_PLATE_NUMBER' })).state).toMatchObject({ phase: 'plate', invalid: true });
    expect(run(querying, (m) => ({ type: 'loaded', op: m.op, view: traffic })).state).toEqual({ phase: 'result', view: traffic, verified: false });
  });
});
