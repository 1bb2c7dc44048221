import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleCards } from '../../../../../../native/simulators/sample-cards.ts';
import { prefillForm } from '../../../../../../electron/core/services/form-filling/form-prefill.ts';
import { loadForms, formSchemaSchema, type FormResource } from '../../../../../../electron/core/services/form-filling/form-schema.ts';
import { normaliseFormValues, validateFormValues } from '../../../../../../electron/core/services/form-filling/form-validation.ts';

const forms = loadForms(join(import.meta.dirname, '../../../..', '..', '..', 'resources', 'forms'));
const residence = forms.get('residence-permit') as FormResource;
const insurance = forms.get('flexible-employment-insurance') as FormResource;
const business = forms.get('business-change') as FormResource;
const card = sampleCards.resident;
const today = new Date('2026-03-01T04:00:00Z'); // noon in the hall (China time, the default zone)

describe('prefill from the ID card', () => {
  it('fills name, gender, nation, birth date, address and ID number in each field\'s format', () => {
    const { values, prefilled } = prefillForm(residence, { identity: card });
    expect(values).toEqual({
      name: card.name,
      gender: 'female',
      nation: '汉',
      birthDate: '1949-12-31',
      idNumber: card.idNumber,
      householdAddress: card.address,
    });
    expect(prefilled.map((p) => p.source)).toEqual([
      'idCard.name',
      'idCard.gender',
      'idCard.nation',
      'idCard.birthDate',
      'idCard.idNumber',
      'idCard.address',
    ]);
    // A text gender field gets the Chinese word.
    expect(prefillForm(insurance, { identity: card }).values.gender).toBe('女');
  });

  it('leaves out what a card does not have: no nation on a foreigner card, nothing without a card', () => {
    const foreign = prefillForm(residence, { identity: sampleCards.foreign2017 }).values;
    expect(foreign.nation).toBeUndefined();
    expect(foreign.name).toBe(sampleCards.foreign2017.name);
    expect(prefillForm(residence, {})).toEqual({ values: {}, prefilled: [] });
  });

  it('matches nation options written with or without 族', () => {
    const withOptions = formSchemaSchema.parse({
      formId: 'n',
      version: '1',
      title: { 'zh-CN': '表' },
      matterCode: 'X',
      sections: [
        {
          id: 's',
          title: { 'zh-CN': '节' },
          fields: [{ id: 'nation', type: 'select', label: { 'zh-CN': '民族' }, prefill: 'idCard.nation', options: [{ value: '汉族', label: { 'zh-CN': '汉族' } }] }],
        },
      ],
    });
    expect(prefillForm(withOptions, { identity: card }).values.nation).toBe('汉族');
  });

  it('fills from a verified e-licence', () => {
    const licences = new Map([['business-licence', { creditCode: '92530102MA6N2B5H4T', entityName: '昆明市五华区示例小吃店' }]]);
    const { values } = prefillForm(business, { identity: card, licences });
    expect(values).toMatchObject({ creditCode: '92530102MA6N2B5H4T', entityName: '昆明市五华区示例小吃店', operatorIdNumber: card.idNumber });
  });
});

describe('core-side validation', () => {
  const prefill = prefillForm(residence, { identity: card }).values;
  const good = {
    ...prefill,
    residenceAddress: '云南省昆明市五华区示例路8号3栋201',
    residenceSince: '2025-06-01',
    reason: 'employment',
    phone: '13800138000',
    truthful: 'yes',
  };
  const check = (values: Record<string, string>) => validateFormValues(residence, values, { prefilled: prefill, today });

  it('accepts a complete, correct form', () => {
    expect(check(good)).toEqual([]);
  });

  it.each([
    ['a missing required field', { residenceAddress: '' }, { field: 'residenceAddress', code: 'required' }],
    ['a too-short value', { residenceAddress: '短' }, { field: 'residenceAddress', code: 'min-length', params: { min: 6 } }],
    ['a too-long value', { employer: '长'.repeat(61) }, { field: 'employer', code: 'max-length', params: { max: 60 } }],
    ['a bad phone number', { phone: '12345' }, { field: 'phone', code: 'phone' }],
    ['an impossible date', { residenceSince: '2025-02-30' }, { field: 'residenceSince', code: 'date' }],
    ['a future date', { residenceSince: '2026-03-02' }, { field: 'residenceSince', code: 'date-range', params: { min: '1950-01-01', max: '2026-03-01' } }],
    ['a value outside the options', { reason: 'tourism' }, { field: 'reason', code: 'option' }],
    ['an unticked declaration', { truthful: '' }, { field: 'truthful', code: 'required' }],
    ['a changed card value', { name: '李四' }, { field: 'name', code: 'locked' }],
    ['a changed card ID number', { idNumber: '440305198807150015' }, { field: 'idNumber', code: 'locked' }],
  ])('reports %s', (_what, change, expected) => {
    expect(check({ ...good, ...change })).toEqual([expected]);
  });

  it('takes "today" as the hall’s date in its time zone, not the OS clock’s', () => {
    // 17:00 UTC on 1 March is 01:00 on 2 March in Beijing: the citizen's today is the 2nd.
    const lateUtc = new Date('2026-03-01T17:00:00Z');
    const value = { ...good, residenceSince: '2026-03-02' };
    expect(validateFormValues(residence, value, { prefilled: prefill, today: lateUtc })).toEqual([]);
    expect(validateFormValues(residence, value, { prefilled: prefill, today: lateUtc, timeZone: 'Asia/Shanghai' })).toEqual([]);
    expect(validateFormValues(residence, value, { prefilled: prefill, today: lateUtc, timeZone: 'UTC' })).toEqual([
      { field: 'residenceSince', code: 'date-range', params: { min: '1950-01-01', max: '2026-03-01' } },
    ]);
  });

  it('reports fields the form does not have, and several errors at once', () => {
    const errors = check({ ...good, phone: 'x', salary: '1000000', residenceAddress: '' });
    expect(errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual(['phone:phone', 'residenceAddress:required', 'salary:unknown-field']);
  });

  it('checks ID numbers, credit codes, digits and schema patterns', () => {
    const insurancePrefill = prefillForm(insurance, { identity: card }).values;
    const base = { ...insurancePrefill, hukouType: 'urban', phone: '010-12345678', schemes: 'pension', startMonth: '2026-03', bankCard: '6222021234567890123' };
    expect(validateFormValues(insurance, base, { prefilled: {}, today })).toEqual([]);
    const bad = validateFormValues(insurance, { ...base, startMonth: '2026-13', bankCard: '62220212345678901X', idNumber: '11010519491231002Y' }, { today });
    expect(bad).toEqual([
      { field: 'idNumber', code: 'id-number' },
      { field: 'startMonth', code: 'pattern', message: insurance.sections[1]!.fields[1]!.pattern!.message },
      { field: 'bankCard', code: 'pattern' },
    ]);
    const codeErrors = validateFormValues(business, { creditCode: '92530102MA6N2B5H4A' }, { today });
    expect(codeErrors).toContainEqual({ field: 'creditCode', code: 'credit-code' });
  });

  it('normalises submitted values: trimmed, upper-cased codes, empty and unknown fields dropped', () => {
    const values = normaliseFormValues(business, { creditCode: ' 92530102ma6n2b5h4t ', newValue: '  新名称 ', phone: '', salary: '1' });
    expect(values).toEqual({ creditCode: '92530102MA6N2B5H4T', newValue: '新名称' });
  });
});
