/**
 * Instant checks of a form's values as the citizen fills it, so mistakes show at once and in
 * plain words. The core validates again (validateForm) with the schema's pattern rules too, and
 * only its answer lets the citizen go on to the review page.
 */
import type { FormFieldError, FormFieldView, FormSchemaView } from '../../../../electron/contract/service-api.ts';
import { checkCreditCode } from '../../../../electron/contract/rules/credit-code.ts';
import { idNumberAccepted } from '../../../../electron/contract/rules/id-number.ts';
import { phoneNumberValid } from '../../../../electron/contract/rules/phone-number.ts';
import { isCalendarDate } from '../../../../electron/contract/rules/calendar-date.ts';
import { zonedIsoDate } from '../../../../electron/contract/rules/zoned-time.ts';

export const formFieldsOf = (form: FormSchemaView): FormFieldView[] => form.sections.flatMap((section) => section.fields);

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
      return phoneNumberValid(value) ? null : fail('phone');
    case 'id-number':
      return idNumberAccepted(value) ? null : fail('id-number');
    case 'credit-code':
      return checkCreditCode(value).ok ? null : fail('credit-code');
    case 'date': {
      if (!isCalendarDate(value)) return fail('date');
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

/** The hall's calendar date in its time zone (config hall.timeZone), as the core's date rules use it. */
export const localToday = (now: Date, timeZone: string): string => zonedIsoDate(now, timeZone);

/** Digits typed on the pad for a date field → YYYY-MM-DD as they are typed. */
export function formatDateDigits(digits: string): string {
  const d = digits.replace(/\D/g, '').slice(0, 8);
  if (d.length <= 4) return d;
  if (d.length <= 6) return `${d.slice(0, 4)}-${d.slice(4)}`;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
}
