/**
 * Instant checks of a form's values as the citizen fills it, so mistakes show at once and in
 * plain words. The core validates again (validateForm) with the schema's pattern rules too, and
 * only its answer lets the citizen go on to the review page.
 */
import type { FormFieldError, FormFieldView, FormSchemaView } from '../../../../electron/contract/service-api.ts';
import { creditCodeProblem } from '../enterprise-credit/credit-code.ts';

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const GB11643_CHECK = '10X98765432';

export const formFieldsOf = (form: FormSchemaView): FormFieldView[] => form.sections.flatMap((section) => section.fields);

/** GB 11643 (18 characters, MOD 11-2) or the 15-character 2017 foreigner card number. */
export function idNumberValid(raw: string): boolean {
  const id = raw.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z]{3}\d{12}$/.test(id)) return true;
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = GB11643_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(id[i]), 0);
  return GB11643_CHECK[sum % 11] === id[17];
}

export function calendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function checkField(field: FormFieldView, raw: string, today: string): FormFieldError | null {
  const value = raw.trim();
  const fail = (code: FormFieldError['code'], params?: FormFieldError['params']): FormFieldError =>
    params ? { field: field.id, code, params } : { field: field.id, code };
  if (value === '') return field.required ? fail('required') : null;
  const length = [...value].length;
  if (field.minLength !== undefined && length < field.minLength) return fail('min-length', { min: field.minLength });
  if (field.maxLength !== undefined && length > field.maxLength) return fail('max-length', { max: field.maxLength });
  switch (field.type) {
    case 'digits':
      return /^\d+$/.test(value) ? null : fail('pattern');
    case 'phone':
      return MOBILE.test(value) || LANDLINE.test(value) ? null : fail('phone');
    case 'id-number':
      return idNumberValid(value) ? null : fail('id-number');
    case 'credit-code':
      return creditCodeProblem(value) === null ? null : fail('credit-code');
    case 'date': {
      if (!calendarDate(value)) return fail('date');
      const min = field.minDate === 'today' ? today : field.minDate;
      const max = field.maxDate === 'today' ? today : field.maxDate;
      if ((min && value < min) || (max && value > max)) return fail('date-range', { ...(min ? { min } : {}), ...(max ? { max } : {}) });
      return null;
    }
    case 'select':
    case 'radio':
    case 'checkbox':
      return field.options?.some((o) => o.value === value) ? null : fail('option');
    default:
      return null;
  }
}

export function checkForm(form: FormSchemaView, values: Readonly<Record<string, string>>, today: string): FormFieldError[] {
  return formFieldsOf(form)
    .map((field) => checkField(field, values[field.id] ?? '', today))
    .filter((error): error is FormFieldError => error !== null);
}

/** Only the form's fields, trimmed, empty ones left out: what validateForm and submitForm get. */
export function formValuesToSend(form: FormSchemaView, values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of formFieldsOf(form)) {
    const value = (values[field.id] ?? '').trim();
    if (value !== '') out[field.id] = value;
  }
  return out;
}

/** The hall's calendar date (local), as the core's date rules use it. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Digits typed on the pad for a date field → YYYY-MM-DD as they are typed. */
export function formatDateDigits(digits: string): string {
  const d = digits.replace(/\D/g, '').slice(0, 8);
  if (d.length <= 4) return d;
  if (d.length <= 6) return `${d.slice(0, 4)}-${d.slice(4)}`;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
}
