/**
 * Typing one field: a sheet over the form with the field's label, hint, live message and the
 * keyboard its schema asks for. Dates are typed as digits and shown as YYYY-MM-DD.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormFieldError, FormFieldView } from '../../../../electron/contract/service-api.ts';
import { Modal } from '../../components/Modal.tsx';
import { useLocalized } from '../../i18n/localized.ts';
import type { KeyboardLayout } from '../../keyboard/keyboard-state.ts';
import { OnScreenKeyboard } from '../../keyboard/OnScreenKeyboard.tsx';
import { CREDIT_CODE_CHARSET } from '../../../../electron/contract/rules/credit-code.ts';
import { FieldMessage } from './FieldMessage.tsx';
import { checkField, formatDateDigits } from './form-validate.ts';

interface FieldEditorProps {
  field: FormFieldView;
  value: string;
  masked: boolean;
  today: string;
  onDone(value: string): void;
  onCancel(): void;
}

export function keyboardFor(field: FormFieldView): { layout: KeyboardLayout; extraKeys: string; charset?: string } {
  if (field.type === 'date') return { layout: 'digits', extraKeys: '' };
  if (field.type === 'credit-code') return { layout: 'alphanumeric', extraKeys: '', charset: CREDIT_CODE_CHARSET };
  if (field.type === 'id-number') return { layout: 'id-number', extraKeys: '' };
  switch (field.keyboard) {
    case 'digits':
      // Phone numbers ("0871-1234567") and year-month fields need the hyphen.
      return { layout: 'digits', extraKeys: field.type === 'digits' ? '' : '-' };
    case 'id-number':
      return { layout: 'id-number', extraKeys: '' };
    case 'alphanumeric':
      return { layout: 'alphanumeric', extraKeys: '-' };
    default:
      return { layout: 'pinyin', extraKeys: '' };
  }
}

export function FieldEditor({ field, value, masked, today, onDone, onCancel }: FieldEditorProps) {
  const { t } = useTranslation();
  const lt = useLocalized();
  const isDate = field.type === 'date';
  const [current, setCurrent] = useState(value);
  const [touched, setTouched] = useState(false);
  const { layout, extraKeys, charset } = keyboardFor(field);
  const error: FormFieldError | null = touched ? checkField(field, current, today) : null;
  const label = lt(field.label);

  return (
    <Modal testId="field-editor" title={label} onClose={onCancel} variant="sheet">
      {field.hint && <p className="muted">{lt(field.hint)}</p>}
      {isDate && <p className="muted">{t('form.dateFormat')}</p>}
      <OnScreenKeyboard
        label={label}
        layout={layout}
        extraKeys={extraKeys}
        {...(charset ? { charset } : {})}
        initialValue={isDate ? value.replace(/\D/g, '') : value}
        maxLength={isDate ? 8 : field.maxLength}
        masked={masked}
        onChange={(typed) => {
          setCurrent(isDate ? formatDateDigits(typed) : typed);
          if (typed !== (isDate ? value.replace(/\D/g, '') : value)) setTouched(true);
        }}
        testId="field-keyboard"
      />
      {isDate && (
        <p className="date-preview mono" aria-live="polite" data-testid="date-preview">
          {current}
        </p>
      )}
      <FieldMessage error={error} />
      <div className="actions actions-sheet">
        <button type="button" className="btn btn-secondary" data-testid="field-cancel" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="field-done" onClick={() => onDone(current.trim())}>
          {t('actions.done')}
        </button>
      </div>
    </Modal>
  );
}
