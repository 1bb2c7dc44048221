/** A field's validation message: the schema's own text for pattern rules, else by error code. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FormFieldError } from '../../../../electron/contract/service-api.ts';
import { useLocalized } from '../../i18n/localized.ts';

/** The message's text; the error summary repeats it beside the field's name. */
export function fieldMessageText(error: FormFieldError | null | undefined, t: TFunction, lt: ReturnType<typeof useLocalized>): string {
  if (!error) return '';
  return error.message ? lt(error.message) : t(`form.error.${error.code}`, { ...error.params, defaultValue: t('form.error.pattern') });
}

export function FieldMessage({ error, id }: { error: FormFieldError | null | undefined; id?: string }) {
  const { t } = useTranslation();
  const lt = useLocalized();
  if (!error) return null;
  const text = fieldMessageText(error, t, lt);
  return (
    <p className="field-error" role="alert" id={id} data-testid={`field-error-${error.field}`} data-code={error.code}>
      <span aria-hidden="true">! </span>
      {text}
    </p>
  );
}
