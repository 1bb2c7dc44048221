/** 信用承诺; the flow is in commitment-state.ts. */
import { useTranslation } from 'react-i18next';
import { errorCodeOf } from '../../api/call-error.ts';
import { StepIndicator } from '../../components/StepIndicator.tsx';
import { useLocalized } from '../../i18n/localized.ts';
import { newJobId } from '../../flow/job-id.ts';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService, useServiceScreen } from '../service-context.tsx';
import { ReadCardStep } from '../shared/ReadCardStep.tsx';
import { ReceiptScreen } from '../shared/ReceiptScreen.tsx';
import { SignStep } from '../shared/SignStep.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { commitmentReducer, commitmentStart, type CommitmentAction, type CommitmentState } from './commitment-state.ts';

const WAITING = new Set<CommitmentState['phase']>(['listing', 'opening', 'submitting']);

const step = ({ api }: ServiceContextValue) => (model: MachineModel<CommitmentState>): RunningStep<CommitmentAction> | null => {
  const { state, op } = model;
  const fail = (error: unknown): CommitmentAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  switch (state.phase) {
    case 'listing':
      return plain(api.listCommitmentMatters({}).then((matters): CommitmentAction => ({ type: 'listed', op, matters }), fail));
    case 'opening':
      return plain(api.getCommitmentMatter({ matterId: state.matterId }).then((matter): CommitmentAction => ({ type: 'opened', op, matter }), fail));
    case 'submitting':
      return plain(
        api
          .submitCommitment({
            submissionId: state.submissionId,
            matterId: state.matter.matterId,
            matterVersion: state.matter.version,
            agreed: true,
            ...(state.signaturePng ? { signaturePng: state.signaturePng } : {}),
          })
          .then((receipt): CommitmentAction => ({ type: 'submitted', op, receipt }), fail),
      );
    default:
      return null;
  }
};

export default function CommitmentJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const lt = useLocalized();
  const [model, dispatch] = useStepMachine(commitmentReducer, machine(commitmentStart), step(ctx));
  const { state } = model;
  useServiceScreen(`commitment-${state.phase}`, WAITING.has(state.phase));

  const title = t('commitment.title');
  const steps = [t('steps.card'), t('commitment.step.choose'), t('commitment.step.read'), t('commitment.step.sign')];
  switch (state.phase) {
    case 'card':
      return (
        <ReadCardStep
          key={model.op}
          kicker={title}
          steps={{ current: 1, names: steps }}
          onRead={() => dispatch({ type: 'cardRead' })}
          onFail={(code) => dispatch({ type: 'cardFailed', code })}
          onBack={ctx.home}
        />
      );
    case 'listing':
    case 'opening':
    case 'submitting':
      return <BusyScreen testId="busy" title={title} message={t(state.phase === 'submitting' ? 'commitment.submitting' : 'busy.loading')} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={state.resume ? () => dispatch({ type: 'retry' }) : null} />;
    case 'receipt':
      return <ReceiptScreen receipt={state.receipt} print={{ kind: 'commitment', receiptNo: state.receipt.receiptNo }} />;
    case 'list':
      return (
        <section className="screen" data-testid="commitment-list" aria-labelledby="commitment-list-title">
          <p className="screen-kicker">{title}</p>
          <StepIndicator current={2} steps={steps} />
          <h1 id="commitment-list-title" className="screen-title">
            {t('commitment.choose')}
          </h1>
          {state.matters.length === 0 && <p className="muted">{t('commitment.none')}</p>}
          <ul className="choice-list">
            {state.matters.map((m) => (
              <li key={m.matterId}>
                <button type="button" className="choice" data-testid={`matter-${m.matterId}`} onClick={() => dispatch({ type: 'open', matterId: m.matterId })}>
                  <span className="choice-title">{lt(m.title)}</span>
                  <span className="choice-meta">{lt(m.authority)}</span>
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
    case 'text': {
      const { matter } = state;
      return (
        <section className="screen" data-testid="commitment-text" aria-labelledby="commitment-text-title">
          <p className="screen-kicker">{lt(matter.authority)}</p>
          <StepIndicator current={3} steps={steps} />
          <h1 id="commitment-text-title" className="screen-title">
            {lt(matter.title)}
          </h1>
          <div className="panel commitment-body">
            <p data-speak="">{lt(matter.intro)}</p>
            <ol className="clauses">
              {matter.clauses.map((clause, index) => (
                <li key={index} data-speak="">
                  {lt(clause)}
                </li>
              ))}
            </ol>
            <p className="consequences" data-speak="">
              <strong>{t('commitment.consequences')}</strong> {lt(matter.consequences)}
            </p>
          </div>
          <button
            type="button"
            className="btn btn-secondary agree"
            role="checkbox"
            aria-checked={state.agreed}
            data-testid="agree"
            onClick={() => dispatch({ type: 'agree', agreed: !state.agreed })}
          >
            <span className="toggle-mark" aria-hidden="true">
              {state.agreed ? '✓' : ''}
            </span>
            {t('commitment.agree')}
          </button>
          <div className="actions">
            <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={() => dispatch({ type: 'back' })}>
              {t('nav.back')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="commit-next"
              disabled={!state.agreed}
              onClick={() =>
                matter.signatureRequired ? dispatch({ type: 'toSign' }) : dispatch({ type: 'sign', submissionId: newJobId(), signaturePng: null })
              }
            >
              {matter.signatureRequired ? t('commitment.toSign') : t('commitment.submit')}
            </button>
          </div>
        </section>
      );
    }
    case 'signing':
      return (
        <SignStep
          testId="commitment-sign"
          kicker={lt(state.matter.title)}
          steps={steps}
          current={4}
          title={t('commitment.signTitle')}
          hint={t('commitment.signHint')}
          tooComplex={t('commitment.signatureTooComplex')}
          submitLabel={t('commitment.submit')}
          submitTestId="commit-submit"
          onBack={() => dispatch({ type: 'back' })}
          onSigned={(png) => dispatch({ type: 'sign', submissionId: newJobId(), signaturePng: png })}
        />
      );
  }
}
