/** 自助取证; the flow is in pickup-state.ts, the hand-out itself in the core (journalled, read back). */
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../../i18n/format-date.ts';
import type { CertificateHandOutView, WaitingCertificatesView } from '../../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { StepIndicator } from '../../components/StepIndicator.tsx';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { PersonCheckStep } from '../../person-check/PersonCheckStep.tsx';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService } from '../service-context.tsx';
import { ReadCardStep } from '../shared/ReadCardStep.tsx';
import { ResultActions } from '../shared/ResultActions.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { pickupReducer, pickupStart, pickupWaiting, type PickupAction, type PickupState } from './pickup-state.ts';
import { usePersonCheckScreen } from '../shared/use-person-check-screen.ts';

const step = ({ api }: ServiceContextValue) => (model: MachineModel<PickupState>): RunningStep<PickupAction> | null => {
  const { state, op } = model;
  const failed = (error: unknown): PickupAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  if (state.phase === 'listing') return plain(api.listWaitingCertificates({}).then((view): PickupAction => ({ type: 'loaded', op, view }), failed));
  if (state.phase === 'dispensing') {
    return plain(api.handOutCertificate({ certificateId: state.certificateId }).then((result): PickupAction => ({ type: 'handed', op, result }), failed));
  }
  return null;
};

export default function CertificatePickupJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const [model, dispatch] = useStepMachine(pickupReducer, machine(pickupStart), step(ctx));
  const { state } = model;
  const onPersonScreen = usePersonCheckScreen(state.phase === 'verifying', `pickup-${state.phase}`, pickupWaiting(state));

  const title = t('pickup.title');
  const steps = [t('steps.card'), t('pickup.step.verify'), t('pickup.step.choose'), t('pickup.step.take')];
  switch (state.phase) {
    case 'card':
      return <ReadCardStep key={model.op} kicker={title} steps={{ current: 1, names: steps }} onRead={() => dispatch({ type: 'cardRead' })} onFail={(code) => dispatch({ type: 'cardFailed', code })} onBack={ctx.home} />;
    case 'verifying':
      return (
        <PersonCheckStep
          key={model.op}
          api={ctx.api}
          purpose="certificate-pickup"
          onScreen={onPersonScreen}
          onVerified={() => dispatch({ type: 'verified' })}
          onCancel={ctx.home}
          onError={(code) => dispatch({ type: 'verifyFailed', code })}
        />
      );
    case 'listing':
      return <BusyScreen testId="busy" title={title} message={t('pickup.listing')} />;
    case 'choose':
      return <ChooseCertificate view={state.view} steps={steps} onPick={(certificateId) => dispatch({ type: 'pick', certificateId })} />;
    case 'dispensing':
      return <BusyScreen testId="pickup-dispensing" title={title} message={t('pickup.dispensing')} />;
    case 'outcome':
      return <PickupOutcome result={state.result} steps={steps} onAnother={() => dispatch({ type: 'another' })} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={() => dispatch({ type: 'retry' })} />;
  }
}

function ChooseCertificate({ view, steps, onPick }: { view: WaitingCertificatesView; steps: readonly string[]; onPick(certificateId: string): void }) {
  const { t } = useTranslation();
  const when = useDateFormat();
  const { home } = useService();
  return (
    <section className="screen" data-testid="pickup-choose" aria-labelledby="pickup-choose-title">
      <p className="screen-kicker">{t('pickup.title')}</p>
      <StepIndicator current={3} steps={steps} />
      <h1 id="pickup-choose-title" className="screen-title">
        {view.certificates.length === 0 ? t('pickup.none') : t('pickup.choose')}
      </h1>
      <ul className="entries">
        {view.certificates.map((c) => (
          <li key={c.certificateId} className="entry">
            <button type="button" className="btn btn-secondary" data-testid="pickup-certificate" data-certificate={c.certificateId} onClick={() => onPick(c.certificateId)}>
              <span className="entry-title">
                {t(`pickup.kind.${c.kind}`)} · {c.title}
              </span>
              <span className="entry-meta">
                <span className="mono">{c.numberMasked}</span> · {c.issuedBy} · {t('pickup.readyAt', { date: when.date(c.readyAt) })}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={home}>
          {t('nav.back')}
        </button>
      </div>
    </section>
  );
}

function PickupOutcome({ result, steps, onAnother }: { result: CertificateHandOutView; steps: readonly string[]; onAnother(): void }) {
  const { t } = useTranslation();
  const message = result.outcome === 'refused' ? t(`pickup.refused.${result.reason}`) : t(`pickup.outcome.${result.outcome}`);
  return (
    <section className="screen" data-testid="pickup-outcome" data-outcome={result.outcome} aria-labelledby="pickup-outcome-title">
      <p className="screen-kicker">{t('pickup.title')}</p>
      <StepIndicator current={4} steps={steps} />
      <h1 id="pickup-outcome-title" className="screen-title" role={result.outcome === 'taken' ? undefined : 'alert'} data-speak="">
        {message}
      </h1>
      {result.outcome !== 'taken' && <p className="muted">{t('pickup.staffInformed')}</p>}
      <ResultActions
        {...(result.outcome === 'taken' ? { evaluation: { serviceId: 'certificate-pickup', transactionId: `pickup-${result.certificateId}` } } : {})}
        extra={
          <button type="button" className="btn btn-secondary" data-testid="pickup-another" onClick={onAnother}>
            {t('pickup.another')}
          </button>
        }
      />
    </section>
  );
}
