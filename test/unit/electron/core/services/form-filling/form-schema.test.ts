import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formSchemaSchema, loadForms } from '../../../../../../electron/core/services/form-filling/form-schema.ts';
import { ResourceError } from '../../../../../../electron/core/services/shared/resource-files.ts';

const label = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh });

function form(fields: unknown[], extra: Record<string, unknown> = {}) {
  return { formId: 'test-form', version: '1', title: label('测试'), matterCode: 'T-1', sections: [{ id: 's', title: label('节'), fields }], ...extra };
}

function firstIssue(raw: unknown): string {
  const parsed = formSchemaSchema.safeParse(raw);
  if (parsed.success) return 'accepted';
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.')}: ${issue?.message}`;
}

describe('form schema', () => {
  it('applies defaults: keyboard by type, ID numbers sensitive, card prefill locked', () => {
    const parsed = formSchemaSchema.parse(
      form([
        { id: 'name', type: 'text', label: label('姓名'), prefill: 'idCard.name' },
        { id: 'idNumber', type: 'id-number', label: label('身份证号'), prefill: 'idCard.idNumber' },
        { id: 'phone', type: 'phone', label: label('电话') },
        { id: 'code', type: 'credit-code', label: label('代码'), prefill: 'eLicence.business-licence.creditCode' },
      ]),
    );
    const [name, id, phone, code] = parsed.sections[0]!.fields;
    expect(name).toMatchObject({ keyboard: 'pinyin', sensitive: false, lockedWhenPrefilled: true, required: false, maxLength: 100 });
    expect(id).toMatchObject({ keyboard: 'id-number', sensitive: true, lockedWhenPrefilled: true });
    expect(phone).toMatchObject({ keyboard: 'digits', lockedWhenPrefilled: false });
    expect(code).toMatchObject({ keyboard: 'alphanumeric', lockedWhenPrefilled: false });
  });

  it('accepts any locale key beside zh-CN (a minority-language pack)', () => {
    const text = { 'zh-CN': '姓名', 'en-US': 'Name', 'ug-CN': 'ئىسىم', 'mn-Mong-CN': 'ᠨᠡᠷ᠎ᠡ' };
    expect(firstIssue(form([{ id: 'name', type: 'text', label: text }]))).toBe('accepted');
  });

  it.each([
    ['a label without zh-CN', [{ id: 'n', type: 'text', label: { 'en-US': 'Name' } }], 'sections.0.fields.0.label'],
    ['a malformed locale key', [{ id: 'n', type: 'text', label: { 'zh-CN': '名', english: 'Name' } }], 'sections.0.fields.0.label'],
    ['a select without options', [{ id: 's', type: 'select', label: label('选') }], 'sections.0.fields.0.options'],
    ['options on a text field', [{ id: 't', type: 'text', label: label('文'), options: [{ value: 'a', label: label('a') }] }], 'sections.0.fields.0.options'],
    ['a bad regular expression', [{ id: 't', type: 'text', label: label('文'), pattern: { regex: '([', message: label('错') } }], 'sections.0.fields.0.pattern.regex'],
    ['an unknown prefill source', [{ id: 't', type: 'text', label: label('文'), prefill: 'idCard.salary' }], 'sections.0.fields.0.prefill'],
    ['minLength above maxLength', [{ id: 't', type: 'text', label: label('文'), minLength: 10, maxLength: 5 }], 'sections.0.fields.0.minLength'],
    ['an unknown field type', [{ id: 't', type: 'signature', label: label('文') }], 'sections.0.fields.0.type'],
    ['a misspelt property', [{ id: 't', type: 'text', label: label('文'), requried: true }], 'sections.0.fields.0'],
    ['a field id that is not an identifier', [{ id: '1st', type: 'text', label: label('文') }], 'sections.0.fields.0.id'],
    ['a date bound on a text field', [{ id: 't', type: 'text', label: label('文'), maxDate: 'today' }], 'sections.0.fields.0.minDate'],
    ['two options on a checkbox', [{ id: 'c', type: 'checkbox', label: label('勾'), options: [{ value: 'a', label: label('a') }, { value: 'b', label: label('b') }] }], 'sections.0.fields.0.options'],
  ])('refuses %s, naming the path', (_what, fields, path) => {
    expect(firstIssue(form(fields))).toMatch(new RegExp(`^${path.replaceAll('.', '\\.')}`));
  });

  it('refuses a field id used twice across sections', () => {
    const raw = form([{ id: 'x', type: 'text', label: label('一') }]);
    raw.sections.push({ id: 't', title: label('二'), fields: [{ id: 'x', type: 'text', label: label('二') }] });
    expect(firstIssue(raw)).toMatch(/sections\.1\.fields\.0\.id: field id x is used twice/);
  });
});

describe('loadForms', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the broken file and path, and refuses duplicate form ids', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-forms-'));
    writeFileSync(join(dir, '10-a.json'), JSON.stringify(form([{ id: 'n', type: 'text', label: label('名') }])));
    expect(loadForms(dir).get('test-form')?.sections[0]?.fields[0]?.id).toBe('n');
    writeFileSync(join(dir, '20-b.json'), JSON.stringify(form([{ id: 'n', type: 'text', label: label('名') }])));
    expect(() => loadForms(dir)).toThrow(/20-b\.json: id "test-form" is already used/);
    writeFileSync(join(dir, '20-b.json'), '{ "formId": ');
    expect(() => loadForms(dir)).toThrow(ResourceError);
    expect(() => loadForms(dir)).toThrow(/20-b\.json/);
    writeFileSync(join(dir, '20-b.json'), JSON.stringify(form([{ id: 's', type: 'select', label: label('选') }], { formId: 'other' })));
    expect(() => loadForms(dir)).toThrow(/20-b\.json: sections\.0\.fields\.0\.options: a select field needs options/);
  });

  it('treats a missing folder as no forms', () => {
    expect(loadForms(join(tmpdir(), 'kiosk-no-such-forms-dir')).size).toBe(0);
  });
});
