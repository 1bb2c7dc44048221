/** 自助填表; the flow is in form-state.ts, the form page in FormEditor.tsx. */
import { useTranslation } from 'react-i18next';
import { errorCodeOf } from '../../api/call-error.ts';
import { useLocalized } from '../../i18n/localized.ts';
import { newJobId } from '../../flow/job-id.ts';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { maskForDisplay } from '../../keyboard/OnScreenKeyboard.tsx';
import { StepIndicator } from '../../components/StepIndicator.tsx';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService, useServiceScreen } from '../service-context.tsx';
import { ReadCardStep } from '../shared/ReadCardStep.tsx';
import { ReceiptScreen } from '../shared/ReceiptScreen.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { FormEditor } from './FormEditor.tsx';
import { formReducer, formStart, type Draft, type FormAction, type FormState } from './form-state.ts';
import { formFieldsOf, formValuesToSend, localToday } from './form-validate.ts';
import { useTimeZone } from '../../i18n/format-date.ts';

const WAITING = new Set<FormState['phase']>(['listing', 'starting', 'validating', 'submitting']);

const step = ({ api }: ServiceContextValue) => (model: MachineModel<FormState>): RunningStep<FormAction> | null => {
  const { state, op } = model;
  const fail = (error: unknown): FormAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  switch (state.phase) {
    case 'listing':
      return plain(api.listForms({}).then((forms): FormAction => ({ type: 'listed', op, forms }), fail));
    case 'starting':
      return plain(api.startForm({ formId: state.form.formId }).then((session): FormAction => ({ type: 'started', op, session }), fail));
    case 'validating': {
      const { form } = state.draft.session;
      return plain(
        api
          .validateForm({ formId: form.formId, values: formValuesToSend(form, state.draft.values) })
          .then((result): FormAction => ({ type: 'validated', op, errors: result.valid ? [] : result.errors }), fail),
      );
    }
    case 'submitting': {
      const { form } = state.draft.session;
      return plain(
        api
          .submitForm({ submissionId: state.submissionId, formId: form.formId, values: formValuesToSend(form, state.draft.values) })
          .then((receipt): FormAction => ({ type: 'submitted', op, receipt }), fail),
      );
    }
    default:
      return null;
  }
};

export default function FormJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const lt = useLocalized();
  const [model, dispatch] = useStepMachine(formReducer, machine(formStart), step(ctx));
  const { state } = model;
  useServiceScreen(`form-${state.phase}`, WAITING.has(state.phase));
  const today = localToday(new Date(), useTimeZone());
  // A form that needs the card has a card step after the choice.
  const withCard = 'draft' in state ? state.draft.session.form.requiresIdCard : state.phase === 'card';
  const steps = withCard
    ? [t('form.step.choose'), t('steps.card'), t('form.step.fill'), t('form.step.review')]
    : [t('form.step.choose'), t('form.step.fill'), t('form.step.review')];
  const stepOf = (name: 'choose' | 'fill' | 'review'): number => (name === 'choose' ? 1 : (name === 'fill' ? 2 : 3) + (withCard ? 1 : 0));

  switch (state.phase) {
    case 'listing':
    case 'starting':
    case 'validating':
    case 'submitting':
      return <BusyScreen testId="busy" title={t('form.title')} message={t(state.phase === 'submitting' ? 'form.submitting' : 'busy.loading')} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={state.resume ? () => dispatch({ type: 'retry' }) : null} />;
    case 'card':
      return (
        <ReadCardStep
          key={model.op}
          kicker={lt(state.form.title)}
          steps={{ current: 2, names: steps }}
          onRead={() => dispatch({ type: 'cardRead' })}
          onFail={(code) => dispatch({ type: 'cardFailed', code })}
          onBack={() => dispatch({ type: 'backToList' })}
        />
      );
    case 'receipt':
      return <ReceiptScreen receipt={state.receipt} print={{ kind: 'form', receiptNo: state.receipt.receiptNo }} />;
    case 'list':
      return (
        <section className="screen" data-testid="form-list" aria-labelledby="form-list-title">
          <p className="screen-kicker">{t('form.title')}</p>
          <StepIndicator current={stepOf('choose')} steps={[t('form.step.choose'), t('form.step.fill'), t('form.step.review')]} />
          <h1 id="form-list-title" className="screen-title">
            {t('form.choose')}
          </h1>
          <ul className="choice-list">
            {state.forms.map((form) => (
              <li key={form.formId}>
                <button type="button" className="choice" data-testid={`form-${form.formId}`} onClick={() => dispatch({ type: 'choose', formId: form.formId })}>
                  <span className="choice-title">{lt(form.title)}</span>
                  {form.description && <span className="choice-meta">{lt(form.description)}</span>}
                  {form.requiresIdCard && <span className="choice-tag">{t('form.needsCard')}</span>}
                </button>
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={ctx.home}>
              {t('nav.back')}
            </button>
          </div>
        </section>
      );
    case 'editing':
      return (
        <FormEditor
          draft={state.draft}
          editor={state.editor}
          today={today}
          onEdit={(field) => dispatch({ type: 'edit', field })}
          onSet={(field, value) => dispatch({ type: 'set', field, value, today })}
          onCloseEditor={() => dispatch({ type: 'closeEditor' })}
          onReveal={(field) => dispatch({ type: 'reveal', field })}
          onReview={() => dispatch({ type: 'toReview', today })}
          onBack={() => dispatch({ type: 'backToList' })}
          steps={{ current: stepOf('fill'), names: steps }}
        />
      );
    case 'review':
      return <Review draft={state.draft} steps={{ current: stepOf('review'), names: steps }} onBack={() => dispatch({ type: 'backToEdit' })} onSubmit={() => dispatch({ type: 'submit', submissionId: newJobId() })} />;
  }
}

function Review({ draft, steps, onBack, onSubmit }: { draft: Draft; steps: { current: number; names: readonly string[] }; onBack(): void; onSubmit(): void }) {
  const { t } = useTranslation();
  const lt = useLocalized();
  const { form } = draft.session;
  const shown = (fieldId: string): string => {
    const field = formFieldsOf(form).find((f) => f.id === fieldId);
    const value = draft.values[fieldId] ?? '';
    if (!field || value === '') return '—';
    const option = field.options?.find((o) => o.value === value);
    if (option) return lt(option.label);
    return field.sensitive ? maskForDisplay(value) : value;
  };
  return (
    <section className="screen" data-testid="form-review" aria-labelledby="form-review-title">
      <p className="screen-kicker">{lt(form.title)}</p>
      <StepIndicator current={steps.current} steps={steps.names} />
      <h1 id="form-review-title" className="screen-title">
        {t('form.reviewTitle')}
      </h1>
      <p className="muted" data-speak="">
        {t('form.reviewHint')}
      </p>
      {form.sections.map((section) => (
        <div key={section.id} className="panel">
          <h2 className="panel-title">{lt(section.title)}</h2>
          <dl className="record-meta" data-private="">
            {section.fields.map((field) => (
              <div key={field.id}>
                <dt>{lt(field.label)}</dt>
                <dd data-testid={`review-${field.id}`}>{shown(field.id)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-to-edit" onClick={onBack}>
          {t('form.edit')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="form-submit" onClick={onSubmit}>
          {t('form.submit')}
        </button>
      </div>
    </section>
  );
}
