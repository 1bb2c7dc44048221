/**
 * 自助填表 / 一表通用: form list → ID card (when the form prefills from it) → the form, rendered
 * from the core's schema and prefilled → field editor with the on-screen keyboard → instant
 * checks, then the core's validateForm → review → submitForm through the outbox → receipt.
 *
 * The values (the full ID number among them, see service-api.ts) live only in these states.
 */
import type {
  FormFieldError,
  FormSession,
  FormSummary,
  KioskErrorCode,
  SubmissionReceiptView,
} from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';
import { checkField, checkForm, formFieldsOf } from './form-validate.ts';

export type Values = Readonly<Record<string, string>>;
export type FieldErrors = Readonly<Record<string, FormFieldError>>;

/** What the citizen has filled so far: carried by every state after the form opened. */
export interface Draft {
  session: FormSession;
  values: Values;
  errors: FieldErrors;
  /** Sensitive fields the citizen chose to see unmasked. */
  revealed: readonly string[];
}

export type FormState =
  | { phase: 'listing' }
  | { phase: 'list'; forms: FormSummary[] }
  | { phase: 'card'; form: FormSummary }
  | { phase: 'starting'; form: FormSummary }
  | { phase: 'editing'; draft: Draft; editor: string | null }
  | { phase: 'validating'; draft: Draft }
  | { phase: 'review'; draft: Draft }
  | { phase: 'submitting'; draft: Draft; submissionId: string }
  | { phase: 'receipt'; receipt: SubmissionReceiptView }
  | { phase: 'error'; code: KioskErrorCode; resume: FormState | null };

export type FormAction =
  | { type: 'listed'; op: number; forms: FormSummary[] }
  | { type: 'choose'; formId: string }
  | { type: 'cardRead' }
  | { type: 'cardFailed'; code: KioskErrorCode }
  | { type: 'started'; op: number; session: FormSession }
  | { type: 'edit'; field: string }
  | { type: 'closeEditor' }
  | { type: 'set'; field: string; value: string; today: string }
  | { type: 'reveal'; field: string }
  | { type: 'toReview'; today: string }
  | { type: 'validated'; op: number; errors: FormFieldError[] }
  | { type: 'backToEdit' }
  | { type: 'submit'; submissionId: string }
  | { type: 'submitted'; op: number; receipt: SubmissionReceiptView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'backToList' }
  | { type: 'retry' };

export const formStart: FormState = { phase: 'listing' };

const byField = (errors: readonly FormFieldError[]): FieldErrors => Object.fromEntries(errors.map((e) => [e.field, e]));

/** A field prefilled from the ID card that the schema locks: the card is authoritative. */
export const isLocked = (draft: Draft, fieldId: string): boolean => {
  const field = formFieldsOf(draft.session.form).find((f) => f.id === fieldId);
  return field !== undefined && field.lockedWhenPrefilled && draft.session.prefilled.some((p) => p.field === fieldId);
};

export const formReducer = guarded((model: MachineModel<FormState>, action: FormAction): MachineModel<FormState> => {
  const { state } = model;
  switch (action.type) {
    case 'listed':
      return state.phase === 'listing' ? go(model, { phase: 'list', forms: action.forms }) : model;
    case 'choose': {
      if (state.phase !== 'list') return model;
      const form = state.forms.find((f) => f.formId === action.formId);
      if (!form) return model;
      return go(model, form.requiresIdCard ? { phase: 'card', form } : { phase: 'starting', form });
    }
    case 'cardRead':
      return state.phase === 'card' ? go(model, { phase: 'starting', form: state.form }) : model;
    case 'cardFailed':
      return state.phase === 'card' ? go(model, { phase: 'error', code: action.code, resume: state }) : model;
    case 'started':
      if (state.phase !== 'starting') return model;
      return go(model, { phase: 'editing', draft: { session: action.session, values: { ...action.session.values }, errors: {}, revealed: [] }, editor: null });
    case 'edit':
      if (state.phase !== 'editing' || isLocked(state.draft, action.field)) return model;
      return go(model, { ...state, editor: action.field });
    case 'closeEditor':
      return state.phase === 'editing' ? go(model, { ...state, editor: null }) : model;
    case 'set': {
      if (state.phase !== 'editing' || isLocked(state.draft, action.field)) return model;
      const field = formFieldsOf(state.draft.session.form).find((f) => f.id === action.field);
      if (!field) return model;
      const values = { ...state.draft.values, [action.field]: action.value };
      // A field's message updates as soon as it is set; other fields keep theirs.
      const { [action.field]: _old, ...others } = state.draft.errors;
      const error = checkField(field, action.value, action.today);
      const errors = error && action.value.trim() !== '' ? { ...others, [action.field]: error } : others;
      return go(model, { ...state, draft: { ...state.draft, values, errors } });
    }
    case 'reveal': {
      if (state.phase !== 'editing') return model;
      const { revealed } = state.draft;
      const next = revealed.includes(action.field) ? revealed.filter((f) => f !== action.field) : [...revealed, action.field];
      return go(model, { ...state, draft: { ...state.draft, revealed: next } });
    }
    case 'toReview': {
      if (state.phase !== 'editing') return model;
      const errors = checkForm(state.draft.session.form, state.draft.values, action.today);
      if (errors.length > 0) return go(model, { phase: 'editing', draft: { ...state.draft, errors: byField(errors) }, editor: null });
      return go(model, { phase: 'validating', draft: { ...state.draft, errors: {} } });
    }
    case 'validated':
      if (state.phase !== 'validating') return model;
      return action.errors.length === 0
        ? go(model, { phase: 'review', draft: { ...state.draft, revealed: [] } })
        : go(model, { phase: 'editing', draft: { ...state.draft, errors: byField(action.errors) }, editor: null });
    case 'backToEdit':
      return state.phase === 'review' ? go(model, { phase: 'editing', draft: state.draft, editor: null }) : model;
    case 'submit':
      return state.phase === 'review' ? go(model, { phase: 'submitting', draft: state.draft, submissionId: action.submissionId }) : model;
    case 'submitted':
      return state.phase === 'submitting' ? go(model, { phase: 'receipt', receipt: action.receipt }) : model;
    case 'failed':
      return failed(model, action.code);
    case 'backToList':
      return state.phase === 'editing' || state.phase === 'card' ? go(model, { phase: 'listing' }) : model;
    case 'retry':
      return state.phase === 'error' && state.resume !== null ? go(model, state.resume) : model;
  }
});

function failed(model: MachineModel<FormState>, code: KioskErrorCode): MachineModel<FormState> {
  const { state } = model;
  switch (state.phase) {
    case 'listing':
    case 'starting':
      return go(model, { phase: 'error', code, resume: state });
    case 'validating':
      return go(model, { phase: 'error', code, resume: { phase: 'editing', draft: state.draft, editor: null } });
    case 'submitting':
      // FORM_INVALID: the core's rules disagree after all: back to the form to see which field.
      if (code === 'FORM_INVALID') return go(model, { phase: 'validating', draft: state.draft });
      // Same submissionId on retry: the core answers with the first receipt rather than filing twice.
      return go(model, { phase: 'error', code, resume: code === 'CONTENT_CHANGED' ? { phase: 'listing' } : state });
    default:
      return model;
  }
}
