/** 交通违法查询; the flow is in traffic-state.ts. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrafficViolationView } from '../../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { StepIndicator } from '../../components/StepIndicator.tsx';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { OnScreenKeyboard } from '../../keyboard/OnScreenKeyboard.tsx';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService, useServiceScreen } from '../service-context.tsx';
import { ReadCardStep } from '../shared/ReadCardStep.tsx';
import { ResultActions } from '../shared/ResultActions.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { PLATE_CHARSET, PLATE_SUFFIXES, PROVINCES } from '../../../../electron/contract/rules/plate-number.ts';
import { trafficReducer, trafficStart, type TrafficAction, type TrafficState } from './traffic-state.ts';

const step = ({ api }: ServiceContextValue) => (model: MachineModel<TrafficState>): RunningStep<TrafficAction> | null => {
  const { state, op } = model;
  if (state.phase !== 'querying') return null;
  return plain(
    api.queryTrafficViolations({ plateNumber: state.plate }).then(
      (view): TrafficAction => ({ type: 'loaded', op, view }),
      (error: unknown): TrafficAction => ({ type: 'failed', op, code: errorCodeOf(error) }),
    ),
  );
};

export default function TrafficJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const [model, dispatch] = useStepMachine(trafficReducer, machine(trafficStart), step(ctx));
  const { state } = model;
  useServiceScreen(`traffic-${state.phase}`, state.phase === 'querying');

  const title = t('traffic.title');
  const steps = [t('steps.card'), t('traffic.step.plate'), t('traffic.step.result')];
  switch (state.phase) {
    case 'card':
      return <ReadCardStep key={model.op} kicker={title} steps={{ current: 1, names: steps }} onRead={() => dispatch({ type: 'cardRead' })} onFail={(code) => dispatch({ type: 'cardFailed', code })} onBack={ctx.home} />;
    case 'plate':
      return <PlateEntry key={model.op} steps={steps} initial={state.plate} invalid={state.invalid} onSubmit={(plate) => dispatch({ type: 'submit', plate })} />;
    case 'querying':
      return <BusyScreen testId="busy" title={title} message={t('traffic.querying')} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={() => dispatch({ type: 'retry' })} />;
    case 'result':
      return <TrafficResult view={state.view} steps={steps} onAnother={() => dispatch({ type: 'another' })} />;
  }
}

function PlateEntry({ steps, initial, invalid, onSubmit }: { steps: readonly string[]; initial: string; invalid: boolean; onSubmit(plate: string): void }) {
  const { t } = useTranslation();
  const { home } = useService();
  const [plate, setPlate] = useState(initial);
  return (
    <section className="screen" data-testid="plate-entry" aria-labelledby="plate-title">
      <p className="screen-kicker">{t('traffic.title')}</p>
      <StepIndicator current={2} steps={steps} />
      <h1 id="plate-title" className="screen-title">
        {t('traffic.instruction')}
      </h1>
      <OnScreenKeyboard
        label={t('traffic.plate')}
        layout="alphanumeric"
        charset={PLATE_CHARSET}
        extraKeys={PROVINCES + PLATE_SUFFIXES}
        initialValue={initial}
        maxLength={8}
        onChange={setPlate}
      />
      {invalid && (
        <p className="field-error" role="alert" data-testid="plate-error">
          <span aria-hidden="true">! </span>
          {t('errors.INVALID_PLATE_NUMBER')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={home}>
          {t('nav.back')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="query-button" disabled={plate === ''} onClick={() => onSubmit(plate)}>
          {t('traffic.query')}
        </button>
      </div>
    </section>
  );
}

function TrafficResult({ view, steps, onAnother }: { view: TrafficViolationView; steps: readonly string[]; onAnother(): void }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="screen" data-testid="traffic-result" aria-labelledby="traffic-result-title">
      <p className="screen-kicker">{t('traffic.title')}</p>
      <StepIndicator current={3} steps={steps} />
      <h1 id="traffic-result-title" className="screen-title">
        <span className="mono" data-testid="traffic-plate">
          {view.plateNumber}
        </span>
      </h1>
      <div className="panel">
        <dl className="record-meta">
          <div>
            <dt>{t('traffic.unhandled')}</dt>
            <dd data-testid="traffic-unhandled">{view.unhandledCount}</dd>
          </div>
          <div>
            <dt>{t('traffic.points')}</dt>
            <dd>{view.totalPoints}</dd>
          </div>
          <div>
            <dt>{t('traffic.fine')}</dt>
            <dd>{t('guide.yuan', { amount: view.totalFineYuan })}</dd>
          </div>
        </dl>
      </div>
      {view.items.length === 0 ? (
        <p className="muted" data-speak="">
          {t('traffic.none')}
        </p>
      ) : (
        <ul className="entries">
          {view.items.map((item, index) => (
            <li key={index} className={`entry ${item.handled ? 'entry-license' : 'entry-penalty'}`} data-testid="traffic-item" data-handled={item.handled}>
              <span className="entry-category">
                <span aria-hidden="true">{item.handled ? '✓ ' : '! '}</span>
                {item.handled ? t('traffic.handled') : t('traffic.notHandled')}
              </span>
              <span className="entry-title">{item.behaviour}</span>
              <span className="entry-meta">
                {new Date(item.occurredAt).toLocaleString(i18n.language)} · {item.location} · {t('traffic.pointsN', { count: item.points })} ·{' '}
                {t('guide.yuan', { amount: item.fineYuan })} · {item.authority}
              </span>
            </li>
          ))}
        </ul>
      )}
      <ResultActions
        print={{ kind: 'traffic-violations' }}
        evaluation={{ serviceId: 'traffic-violation', transactionId: `traffic-${view.plateNumber}-${view.queriedAt}` }}
        extra={
          <button type="button" className="btn btn-secondary" data-testid="query-another" onClick={onAnother}>
            {t('traffic.another')}
          </button>
        }
      />
    </section>
  );
}
