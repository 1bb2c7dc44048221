/**
 * The core's own check of form values: the screen validates as the citizen types, and the core
 * validates again before anything is queued, because only the core's check protects the upstream
 * from a screen that was tampered with or out of date. Error entries name the field and the rule,
 * never the value.
 */
import { idNumberAccepted, normaliseIdNumber } from '../../../contract/rules/id-number.ts';
import { isCalendarDate } from '../../../contract/rules/calendar-date.ts';
import { DEFAULT_TIME_ZONE, zonedIsoDate } from '../../../contract/rules/zoned-time.ts';
import { phoneNumberValid } from '../../../contract/rules/phone-number.ts';
import type { FormFieldError } from '../../../contract/service-api.ts';
import { checkCreditCode, normaliseCreditCode } from '../../../contract/rules/credit-code.ts';
import { formFields, type FormFieldResource, type FormResource } from './form-schema.ts';

export interface ValidationContext {
  /** Values the core prefilled from the ID card; locked fields must keep them. */
  prefilled?: Readonly<Record<string, string>>;
  today?: Date;
  /** The hall's time zone: "today" is the hall's date, not the OS clock's (a UTC box is a day behind before 08:00). */
  timeZone?: string;
}

export function validateFormValues(
  form: FormResource,
  values: Readonly<Record<string, string>>,
  context: ValidationContext = {},
): FormFieldError[] {
  const fields = formFields(form);
  const known = new Set(fields.map((f) => f.id));
  const errors: FormFieldError[] = Object.keys(values)
    .filter((id) => !known.has(id))
    .map((field) => ({ field, code: 'unknown-field' }));
  const today = zonedIsoDate(context.today ?? new Date(), context.timeZone ?? DEFAULT_TIME_ZONE);
  for (const field of fields) {
    const error = checkField(field, (values[field.id] ?? '').trim(), context.prefilled?.[field.id], today);
    if (error) errors.push(error);
  }
  return errors;
}

/** Values as they will be submitted: trimmed, only the form's fields, empty ones left out. */
export function normaliseFormValues(form: FormResource, values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of formFields(form)) {
    let value = (values[field.id] ?? '').trim();
    if (field.type === 'id-number') value = normaliseIdNumber(value);
    if (field.type === 'credit-code') value = normaliseCreditCode(value);
    if (value !== '') out[field.id] = value;
  }
  return out;
}

function checkField(field: FormFieldResource, value: string, prefilled: string | undefined, today: string): FormFieldError | undefined {
  const fail = (code: FormFieldError['code'], extra: Omit<FormFieldError, 'field' | 'code'> = {}): FormFieldError => ({
    field: field.id,
    code,
    ...extra,
  });
  if (field.lockedWhenPrefilled && prefilled !== undefined && value !== prefilled.trim()) return fail('locked');
  if (value === '') return field.required ? fail('required') : undefined;
  const length = [...value].length;
  if (field.minLength !== undefined && length < field.minLength) return fail('min-length', { params: { min: field.minLength } });
  if (length > field.maxLength) return fail('max-length', { params: { max: field.maxLength } });
  const typeError = checkType(field, value, today);
  if (typeError) return fail(typeError.code, typeError.params ? { params: typeError.params } : {});
  if (field.pattern && !new RegExp(`^(?:${field.pattern.regex})$`, 'u').test(value)) {
    return fail('pattern', { message: field.pattern.message });
  }
  return undefined;
}

function checkType(
  field: FormFieldResource,
  value: string,
  today: string,
): { code: FormFieldError['code']; params?: Record<string, string> } | undefined {
  switch (field.type) {
    case 'digits':
      return /^\d+$/.test(value) ? undefined : { code: 'pattern' };
    case 'phone':
      return phoneNumberValid(value) ? undefined : { code: 'phone' };
    case 'id-number':
      return idNumberAccepted(value) ? undefined : { code: 'id-number' };
    case 'credit-code':
      return checkCreditCode(value).ok ? undefined : { code: 'credit-code' };
    case 'date': {
      if (!isCalendarDate(value)) return { code: 'date' };
      const min = field.minDate === 'today' ? today : field.minDate;
      const max = field.maxDate === 'today' ? today : field.maxDate;
      if ((min && value < min) || (max && value > max)) {
        return { code: 'date-range', params: { ...(min ? { min } : {}), ...(max ? { max } : {}) } };
      }
      return undefined;
    }
    case 'select':
    case 'radio':
    case 'checkbox':
      return field.options?.some((o) => o.value === value) ? undefined : { code: 'option' };
    default:
      return undefined;
  }
}


