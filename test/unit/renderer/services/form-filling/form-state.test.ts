import { describe, expect, it } from 'vitest';
import { machine, type MachineModel } from '../../../../../renderer/src/flow/machine.ts';
import { formReducer, formStart, isLocked, type FormAction, type FormState } from '../../../../../renderer/src/services/form-filling/form-state.ts';
import { checkField, checkForm, formatDateDigits, formValuesToSend, localToday } from '../../../../../renderer/src/services/form-filling/form-validate.ts';
import { idNumberAccepted as idNumberValid } from '../../../../../electron/contract/rules/id-number.ts';
import { form, formSession, receipt } from '../service-fixtures.ts';

const TODAY = '2026-03-01';
const field = (id: string) => form.sections[0]!.fields.find((f) => f.id === id)!;
type Step = FormAction | ((m: MachineModel<FormState>) => FormAction);
const run = (model: MachineModel<FormState>, ...steps: Step[]) => steps.reduce((m, s) => formReducer(m, typeof s === 'function' ? s(m) : s), model);
const atEditing = () =>
  run(
    machine(formStart),
    (m) => ({ type: 'listed', op: m.op, forms: [form] }),
    { type: 'choose', formId: 'sample-form' },
    { type: 'cardRead' },
    (m) => ({ type: 'started', op: m.op, session: formSession }),
  );
const filled = () =>
  run(
    atEditing(),
    { type: 'set', field: 'address', value: '北京市朝阳区8号', today: TODAY },
    { type: 'set', field: 'phone', value: '13800138000', today: TODAY },
    { type: 'set', field: 'reason', value: 'work', today: TODAY },
  );

describe('form field checks', () => {
  it('explains each rule with its own code and numbers', () => {
    expect(checkField(field('address'), '', TODAY)).toEqual({ field: 'address', code: 'required' });
    expect(checkField(field('address'), '北京', TODAY)).toEqual({ field: 'address', code: 'min-length', params: { min: 6 } });
    expect(checkField(field('name'), 'x'.repeat(31), TODAY)).toEqual({ field: 'name', code: 'max-length', params: { max: 30 } });
    expect(checkField(field('phone'), '12345', TODAY)?.code).toBe('phone');
    expect(checkField(field('phone'), '0871-65123456', TODAY)).toBeNull();
    expect(checkField(field('idNumber'), '110105194912310021', TODAY)?.code).toBe('id-number');
    expect(checkField(field('idNumber'), '11010519491231002x', TODAY)).toBeNull();
    expect(checkField(field('since'), '2026-02-30', TODAY)?.code).toBe('date');
    expect(checkField(field('since'), '2026-03-02', TODAY)).toEqual({ field: 'since', code: 'date-range', params: { min: '2000-01-01', max: TODAY } });
    expect(checkField(field('since'), '', TODAY)).toBeNull();
    expect(checkField(field('reason'), 'travel', TODAY)?.code).toBe('option');
  });

  it('accepts both ID number formats the core accepts', () => {
    expect(idNumberValid('11010519491231002X')).toBe(true);
    expect(idNumberValid('USA110085061501')).toBe(true);
    expect(idNumberValid('11010519491231002')).toBe(false);
    // The screen once took any 3 letters + 12 digits; the core checks the embedded birth date too.
    expect(checkField(field('idNumber'), 'USA123456789012', TODAY)?.code).toBe('id-number');
  });

  it('formats dates as they are typed and sends only the form’s non-empty fields', () => {
    expect(formatDateDigits('2020')).toBe('2020');
    expect(formatDateDigits('20200')).toBe('2020-0');
    expect(formatDateDigits('2020010155')).toBe('2020-01-01');
    expect(formValuesToSend(form, { address: ' 地址 ', phone: '', stray: 'x' })).toEqual({ address: '地址' });
    // The hall's date, not the OS clock's: 16:30 UTC is already the next day in Beijing.
    expect(localToday(new Date('2026-01-05T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-01-06');
    expect(localToday(new Date('2026-01-05T16:30:00Z'), 'UTC')).toBe('2026-01-05');
    expect(checkForm(form, formSession.values, TODAY).map((e) => e.field)).toEqual(['address', 'phone', 'reason']);
  });
});

describe('form machine', () => {
  it('opens the form after the card, prefilled and with the card fields locked', () => {
    const editing = atEditing();
    expect(editing.state.phase).toBe('editing');
    if (editing.state.phase !== 'editing') return;
    expect(editing.state.draft.values).toEqual(formSession.values);
    expect(isLocked(editing.state.draft, 'idNumber')).toBe(true);
    expect(isLocked(editing.state.draft, 'address')).toBe(false);
    expect(run(editing, { type: 'edit', field: 'idNumber' })).toBe(editing);
    expect(run(editing, { type: 'set', field: 'name', value: '别人', today: TODAY })).toBe(editing);
  });

  it('skips the card for a form that does not need it', () => {
    const noCard = { ...form, requiresIdCard: false };
    expect(run(machine(formStart), (m) => ({ type: 'listed', op: m.op, forms: [noCard] }), { type: 'choose', formId: 'sample-form' }).state.phase).toBe('starting');
  });

  it('shows every missing field at once when the citizen goes on too early', () => {
    const errors = run(atEditing(), { type: 'toReview', today: TODAY });
    expect(errors.state.phase).toBe('editing');
    if (errors.state.phase === 'editing') expect(Object.keys(errors.state.draft.errors)).toEqual(['address', 'phone', 'reason']);
  });

  it('updates a field’s message as soon as it is set', () => {
    const bad = run(atEditing(), { type: 'set', field: 'phone', value: '123', today: TODAY });
    if (bad.state.phase === 'editing') expect(bad.state.draft.errors.phone?.code).toBe('phone');
    const good = run(bad, { type: 'set', field: 'phone', value: '13800138000', today: TODAY });
    if (good.state.phase === 'editing') expect(good.state.draft.errors.phone).toBeUndefined();
  });

  it('asks the core, then reviews, submits and shows the receipt', () => {
    const validating = run(filled(), { type: 'toReview', today: TODAY });
    expect(validating.state.phase).toBe('validating');
    const review = run(validating, (m) => ({ type: 'validated', op: m.op, errors: [] }));
    expect(review.state.phase).toBe('review');
    const submitting = run(review, { type: 'submit', submissionId: 'f-1' });
    expect(submitting.state).toMatchObject({ phase: 'submitting', submissionId: 'f-1' });
    expect(run(submitting, (m) => ({ type: 'submitted', op: m.op, receipt })).state).toEqual({ phase: 'receipt', receipt });
  });

  it('brings the core’s own messages (pattern rules) back onto the form', () => {
    const validating = run(filled(), { type: 'toReview', today: TODAY });
    const message = { 'zh-CN': '格式：年-月' };
    const back = run(validating, (m) => ({ type: 'validated', op: m.op, errors: [{ field: 'address', code: 'pattern', message }] }));
    expect(back.state.phase).toBe('editing');
    if (back.state.phase === 'editing') expect(back.state.draft.errors.address).toEqual({ field: 'address', code: 'pattern', message });
  });

  it('keeps the values through a failed submission and resubmits with the same id', () => {
    const submitting = run(filled(), { type: 'toReview', today: TODAY }, (m) => ({ type: 'validated', op: m.op, errors: [] }), { type: 'submit', submissionId: 'f-2' });
    const failed = run(submitting, (m) => ({ type: 'failed', op: m.op, code: 'UPSTREAM_UNAVAILABLE' }));
    expect(run(failed, { type: 'retry' }).state).toMatchObject({ phase: 'submitting', submissionId: 'f-2' });
    expect(run(submitting, (m) => ({ type: 'failed', op: m.op, code: 'FORM_INVALID' })).state.phase).toBe('validating');
  });

  it('drops the values (the full ID number among them) when the citizen leaves the form', () => {
    const left = run(filled(), { type: 'backToList' });
    expect(left.state).toEqual({ phase: 'listing' });
    expect(JSON.stringify(left)).not.toContain('11010519491231002X');
  });
});
