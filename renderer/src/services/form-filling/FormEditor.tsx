/**
 * The form as its schema describes it: sections of fields, each showing its value (masked when
 * sensitive), where it came from (the ID card, an e-licence) and its message. Choices are tapped
 * in place; text fields open the keyboard sheet (FieldEditor).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormFieldView } from '../../../../electron/contract/service-api.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { StepIndicator } from '../../components/StepIndicator.tsx';
import { useLocalized } from '../../i18n/localized.ts';
import { maskForDisplay } from '../../keyboard/OnScreenKeyboard.tsx';
import { FieldEditor } from './FieldEditor.tsx';
import { FieldMessage, fieldMessageText } from './FieldMessage.tsx';
import { isLocked, type Draft } from './form-state.ts';
import { formFieldsOf } from './form-validate.ts';

interface FormEditorProps {
  draft: Draft;
  editor: string | null;
  today: string;
  onEdit(field: string): void;
  onSet(field: string, value: string): void;
  onCloseEditor(): void;
  onReveal(field: string): void;
  onReview(): void;
  onBack(): void;
  /** The journey's step names and this page's place among them. */
  steps?: { current: number; names: readonly string[] };
}

const CHOICE_TYPES = new Set(['select', 'radio', 'checkbox']);

export function FormEditor(props: FormEditorProps) {
  const { draft, editor, today, onEdit, onSet, onCloseEditor, onReveal, onReview, onBack, steps } = props;
  const { t } = useTranslation();
  const lt = useLocalized();
  const { form } = draft.session;
  const editing = editor === null ? undefined : formFieldsOf(form).find((f) => f.id === editor);
  // The summary lists the errors in the form's order, the first error first.
  const errorItems = formFieldsOf(form)
    .filter((field) => draft.errors[field.id])
    .map((field) => ({ id: field.id, label: lt(field.label), message: fieldMessageText(draft.errors[field.id], t, lt) }));
  // A refusal to go on (here, or by the server's check, which remounts this page) brings the summary
  // into view; editing a field afterwards does not pull the screen away again.
  // Mounted with errors: the server's check refused the form (this page was remounted for it).
  const [mountedWithErrors] = useState(errorItems.length > 0);
  const [reviewAsked, setReviewAsked] = useState(0);
  const jumpKey = reviewAsked > 0 ? reviewAsked : mountedWithErrors ? 0 : null;

  const source = (field: FormFieldView): string | null => {
    const entry = draft.session.prefilled.find((p) => p.field === field.id);
    if (!entry) return null;
    return entry.source.startsWith('eLicence.') ? t('form.fromLicence') : t('form.fromCard');
  };

  return (
    <section className="screen" data-testid="form-editor" aria-labelledby="form-title">
      <p className="screen-kicker">{t('form.title')}</p>
      {steps && <StepIndicator current={steps.current} steps={steps.names} />}
      <h1 id="form-title" className="screen-title">
        {lt(form.title)}
      </h1>
      <ErrorSummary title={t('form.fixErrors', { count: errorItems.length })} items={errorItems} jumpKey={jumpKey} />
      {form.sections.map((section) => (
        <fieldset key={section.id} className="panel form-section">
          <legend className="panel-title">{lt(section.title)}</legend>
          {section.fields.map((field) => {
            const value = draft.values[field.id] ?? '';
            const locked = isLocked(draft, field.id);
            const from = source(field);
            const error = draft.errors[field.id];
            const errorId = `err-${field.id}`;
            const label = (
              <span className="field-label">
                {lt(field.label)}
                {field.required && <span className="required-mark"> *</span>}
              </span>
            );
            if (CHOICE_TYPES.has(field.type)) {
              return (
                <div key={field.id} className="field" data-testid={`field-${field.id}`} role="group" aria-label={lt(field.label)}>
                  {label}
                  <div className="choices">
                    {(field.options ?? []).map((option) => {
                      const chosen = value === option.value;
                      const next = field.type === 'checkbox' && chosen ? '' : option.value;
                      return (
                        <button
                          key={option.value}
                          type="button"
                          className="btn btn-secondary choice-option"
                          aria-pressed={chosen}
                          disabled={locked}
                          data-testid={`option-${field.id}-${option.value}`}
                          onClick={() => onSet(field.id, next)}
                        >
                          <span className="toggle-mark" aria-hidden="true">
                            {chosen ? '✓' : ''}
                          </span>
                          {lt(option.label)}
                        </button>
                      );
                    })}
                  </div>
                  {from && <span className="field-source">{from}</span>}
                  <FieldMessage error={error} id={errorId} />
                </div>
              );
            }
            const hidden = field.sensitive && !draft.revealed.includes(field.id);
            return (
              <div key={field.id} className="field" data-testid={`field-${field.id}`}>
                {label}
                <div className="field-row">
                  <button
                    type="button"
                    className={`field-value${value === '' ? ' field-empty' : ''}`}
                    data-testid={`edit-${field.id}`}
                    disabled={locked}
                    aria-describedby={error ? errorId : undefined}
                    onClick={() => onEdit(field.id)}
                    data-private=""
                  >
                    <span className="sr-only">{lt(field.label)}: </span>
                    <span className="mono">{value === '' ? t('form.tapToFill') : hidden ? maskForDisplay(value) : value}</span>
                    {locked && <span className="field-lock">{t('form.locked')}</span>}
                  </button>
                  {field.sensitive && value !== '' && (
                    <button type="button" className="btn btn-secondary" data-testid={`reveal-${field.id}`} aria-pressed={!hidden} onClick={() => onReveal(field.id)}>
                      {hidden ? t('form.show') : t('form.hide')}
                    </button>
                  )}
                </div>
                {field.hint && <span className="muted">{lt(field.hint)}</span>}
                {from && <span className="field-source">{from}</span>}
                <FieldMessage error={error} id={errorId} />
              </div>
            );
          })}
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="to-review" onClick={() => {
            setReviewAsked((n) => n + 1);
            onReview();
          }}
        >
          {t('form.toReview')}
        </button>
      </div>
      {editing && (
        <FieldEditor
          key={editing.id}
          field={editing}
          value={draft.values[editing.id] ?? ''}
          masked={editing.sensitive && !draft.revealed.includes(editing.id)}
          today={today}
          onCancel={onCloseEditor}
          onDone={(value) => {
            onSet(editing.id, value);
            onCloseEditor();
          }}
        />
      )}
    </section>
  );
}
