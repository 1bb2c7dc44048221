/**
 * 自助填表 / 一表通用: forms from the hall's resources, prefilled from the ID card or an e-licence,
 * checked as the citizen types and again by the core, submitted through the outbox.
 *
 * Personal data: a form the citizen is filling carries the prefilled values (the full ID number
 * included) in FormSession.values, because the citizen must be able to check and correct them.
 * Fields marked `sensitive` are shown masked until the citizen taps "show", and on the review page.
 */
import { z } from 'zod';
import { method, result, LOCAL_MS, UPSTREAM_MS } from '../../method.ts';
import { empty, resourceId, submissionId } from '../shared/request-parts.ts';
import type { LocalizedText, SubmissionReceiptView } from '../shared/service-types.ts';

/** Longest single form value (textarea). */
export const MAX_FORM_VALUE_CHARS = 2000;

const formValues = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a field id'), z.string().max(MAX_FORM_VALUE_CHARS))
  .refine((values) => Object.keys(values).length <= 200, 'too many fields');

export type FormFieldType =
  | 'text'
  | 'textarea'
  | 'digits'
  | 'phone'
  | 'id-number'
  | 'credit-code'
  | 'date'
  | 'select'
  | 'radio'
  | 'checkbox';

/** Which on-screen keyboard the field opens. */
export type FormKeyboard = 'pinyin' | 'digits' | 'id-number' | 'alphanumeric' | 'none';

/** Where a prefilled value comes from: the session's ID card or a verified e-licence. */
export type FormPrefillSource =
  | 'idCard.name'
  | 'idCard.gender'
  | 'idCard.nation'
  | 'idCard.birthDate'
  | 'idCard.address'
  | 'idCard.idNumber'
  | `eLicence.${string}`;

export interface FormFieldView {
  id: string;
  type: FormFieldType;
  label: LocalizedText;
  hint?: LocalizedText;
  required: boolean;
  minLength?: number;
  maxLength?: number;
  /** A regular expression (JavaScript, 'u' flag) the whole value must match, and its message. */
  pattern?: { regex: string; message: LocalizedText };
  /** For 'date': YYYY-MM-DD bounds; 'today' is resolved by the core to a date. */
  minDate?: string;
  maxDate?: string;
  /** select / radio: the allowed values. checkbox: a single option whose value means "ticked". */
  options?: { value: string; label: LocalizedText }[];
  keyboard: FormKeyboard;
  prefill?: FormPrefillSource;
  /** Show masked (e.g. the ID number) until the citizen taps "show"; masked on the review page. */
  sensitive: boolean;
  /** A prefilled value from the ID card cannot be edited (the card is authoritative). */
  lockedWhenPrefilled: boolean;
}

export interface FormSectionView {
  id: string;
  title: LocalizedText;
  fields: FormFieldView[];
}

export interface FormSummary {
  formId: string;
  version: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** True when the form needs the ID card read first (it prefills from it). */
  requiresIdCard: boolean;
}

export interface FormSchemaView extends FormSummary {
  sections: FormSectionView[];
}

export interface FormSession {
  form: FormSchemaView;
  /** Field id → value; prefilled values included (see the file comment about the ID number). */
  values: Record<string, string>;
  /** Ids of the fields that were prefilled, and from where. */
  prefilled: { field: string; source: FormPrefillSource }[];
}

export type FormErrorCode =
  | 'required'
  | 'min-length'
  | 'max-length'
  | 'pattern'
  | 'id-number'
  | 'credit-code'
  | 'phone'
  | 'date'
  | 'date-range'
  | 'option'
  | 'unknown-field'
  | 'locked';

export interface FormFieldError {
  field: string;
  code: FormErrorCode;
  /** Numbers for the message, e.g. { min: 2 } or { max: 50 }; dates for 'date-range'. */
  params?: Record<string, string | number>;
  /** A form-specific message from the schema (pattern rules), else the screen uses code + params. */
  message?: LocalizedText;
}

export interface FormValidation {
  valid: boolean;
  errors: FormFieldError[];
}

export const formFillingMethods = {
  listForms: method({
    service: 'form-filling',
    access: 'open',
    enabledBy: ['form-filling'],
    timeoutMs: LOCAL_MS,
    request: empty,
    result: result<FormSummary[]>(),
  }),
  /** Opens a form: returns its schema and the values prefilled from the session's ID card / e-licence. */
  startForm: method({
    service: 'form-filling',
    access: 'citizen',
    enabledBy: ['form-filling'],
    timeoutMs: LOCAL_MS,
    request: z.object({ formId: resourceId }).strict(),
    result: result<FormSession>(),
  }),
  /** Checks values on the core side and keeps them as the session's draft (nothing is sent). */
  validateForm: method({
    service: 'form-filling',
    access: 'citizen',
    enabledBy: ['form-filling'],
    timeoutMs: LOCAL_MS,
    request: z.object({ formId: resourceId, values: formValues }).strict(),
    result: result<FormValidation>(),
  }),
  submitForm: method({
    service: 'form-filling',
    access: 'citizen',
    enabledBy: ['form-filling'],
    tally: 'form-filling',
    timeoutMs: UPSTREAM_MS,
    request: z.object({ submissionId, formId: resourceId, values: formValues }).strict(),
    result: result<SubmissionReceiptView>(),
  }),
} as const;
