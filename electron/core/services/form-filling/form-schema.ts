/**
 * Declarative form schemas (resources/forms/*.json), checked with zod when the core starts. A
 * hall adds or changes a form by editing JSON; the screen renders whatever the schema says and
 * the core validates the same rules again on submission.
 */
import { z } from 'zod';
import type { FormFieldType, FormKeyboard, FormPrefillSource } from '../../../contract/service-api.ts';
import { localizedTextSchema } from '../shared/localized-text.ts';
import { loadResourceDir } from '../shared/resource-files.ts';

const FIELD_TYPES = ['text', 'textarea', 'digits', 'phone', 'id-number', 'credit-code', 'date', 'select', 'radio', 'checkbox'] as const;
const KEYBOARDS = ['pinyin', 'digits', 'id-number', 'alphanumeric', 'none'] as const;
const ID_CARD_SOURCES = ['idCard.name', 'idCard.gender', 'idCard.nation', 'idCard.birthDate', 'idCard.address', 'idCard.idNumber'] as const;
const DATE_BOUND = /^(today|\d{4}-\d{2}-\d{2})$/;

const prefillSchema = z.union([
  z.enum(ID_CARD_SOURCES),
  z.templateLiteral(['eLicence.', z.string().regex(/^[a-z0-9-]+\.[A-Za-z0-9]+$/)]),
]);

const fieldSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/),
    type: z.enum(FIELD_TYPES),
    label: localizedTextSchema,
    hint: localizedTextSchema.optional(),
    required: z.boolean().default(false),
    minLength: z.number().int().min(0).max(2000).optional(),
    maxLength: z.number().int().min(1).max(2000).optional(),
    /** A regular expression the whole value must match, with the message shown when it does not. */
    pattern: z.object({ regex: z.string().min(1).max(300), message: localizedTextSchema }).strict().optional(),
    minDate: z.string().regex(DATE_BOUND).optional(),
    maxDate: z.string().regex(DATE_BOUND).optional(),
    options: z
      .array(z.object({ value: z.string().min(1).max(64), label: localizedTextSchema }).strict())
      .min(1)
      .max(100)
      .optional(),
    keyboard: z.enum(KEYBOARDS).optional(),
    prefill: prefillSchema.optional(),
    sensitive: z.boolean().optional(),
    lockedWhenPrefilled: z.boolean().optional(),
  })
  .strict()
  .superRefine((field, ctx) => {
    const choice = field.type === 'select' || field.type === 'radio' || field.type === 'checkbox';
    if (choice && !field.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field needs options` });
    if (!choice && field.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field takes no options` });
    if (field.type === 'checkbox' && field.options && field.options.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a checkbox has exactly one option (its ticked value)' });
    }
    if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
      ctx.addIssue({ code: 'custom', path: ['minLength'], message: 'must not exceed maxLength' });
    }
    if (field.pattern) {
      try {
        new RegExp(field.pattern.regex, 'u');
      } catch {
        ctx.addIssue({ code: 'custom', path: ['pattern', 'regex'], message: 'is not a valid regular expression' });
      }
    }
    if ((field.minDate || field.maxDate) && field.type !== 'date') {
      ctx.addIssue({ code: 'custom', path: ['minDate'], message: 'only date fields take minDate/maxDate' });
    }
  })
  .transform((field) => {
    const type: FormFieldType = field.type;
    const fromCard = field.prefill?.startsWith('idCard.') ?? false;
    return {
      ...field,
      type,
      maxLength: field.maxLength ?? (type === 'textarea' ? 500 : 100),
      keyboard: (field.keyboard ?? defaultKeyboard(type)) as FormKeyboard,
      prefill: field.prefill as FormPrefillSource | undefined,
      sensitive: field.sensitive ?? type === 'id-number',
      // The card is authoritative: what it says is not the citizen's to change on a form.
      lockedWhenPrefilled: field.lockedWhenPrefilled ?? fromCard,
    };
  });

export const formSchemaSchema = z
  .object({
    formId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    version: z.string().min(1).max(32),
    title: localizedTextSchema,
    description: localizedTextSchema.optional(),
    /** The upstream's code for the matter (事项编码) and the outbox kind of the submission. */
    matterCode: z.string().min(1).max(64),
    sections: z
      .array(z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/), title: localizedTextSchema, fields: z.array(fieldSchema).min(1) }).strict())
      .min(1),
  })
  .strict()
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    form.sections.forEach((section, s) =>
      section.fields.forEach((field, f) => {
        if (seen.has(field.id)) {
          ctx.addIssue({ code: 'custom', path: ['sections', s, 'fields', f, 'id'], message: `field id ${field.id} is used twice` });
        }
        seen.add(field.id);
      }),
    );
    if (seen.size > 200) ctx.addIssue({ code: 'custom', path: ['sections'], message: 'a form has at most 200 fields' });
  });

export type FormResource = z.output<typeof formSchemaSchema>;
export type FormFieldResource = FormResource['sections'][number]['fields'][number];

export const FORM_STREAM = 'forms';
export const FORM_KIND = 'form.v1';

export function loadForms(dir: string): Map<string, FormResource> {
  return loadResourceDir(dir, formSchemaSchema, (f) => f.formId);
}

export const formFields = (form: FormResource): FormFieldResource[] => form.sections.flatMap((s) => s.fields);

/** Whether the form prefills from the ID card, which the screen must then read first. */
export const requiresIdCard = (form: FormResource): boolean => formFields(form).some((f) => f.prefill?.startsWith('idCard.'));

function defaultKeyboard(type: FormFieldType): FormKeyboard {
  switch (type) {
    case 'digits':
    case 'phone':
      return 'digits';
    case 'id-number':
      return 'id-number';
    case 'credit-code':
      return 'alphanumeric';
    case 'date':
    case 'select':
    case 'radio':
    case 'checkbox':
      return 'none';
    default:
      return 'pinyin';
  }
}
