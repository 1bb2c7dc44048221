/** 交通违法查询/处理; the flow is in traffic-state.ts, the decision screens in TrafficDecisionScreens.tsx. */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../../i18n/format-date.ts';
import type { PaymentView, TrafficViolationView } from '../../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { StepIndicator } from '../../components/StepIndicator.tsx';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { OnScreenKeyboard } from '../../keyboard/OnScreenKeyboard.tsx';
import { PayStep } from '../../payments/PayStep.tsx';
import { yuan } from '../../payments/pay-state.ts';
import { PersonCheckStep } from '../../person-check/PersonCheckStep.tsx';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService } from '../service-context.tsx';
import { ReadCardStep } from '../shared/ReadCardStep.tsx';
import { ResultActions } from '../shared/ResultActions.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { usePersonCheckScreen } from '../shared/use-person-check-screen.ts';
import { PLATE_CHARSET, PLATE_SUFFIXES, PROVINCES } from '../../../../electron/contract/rules/plate-number.ts';
import { DecisionText, FineDone, SignDecision } from './TrafficDecisionScreens.tsx';
import { trafficReducer, trafficStart, trafficWaiting, type PayableFine, type TrafficAction, type TrafficState } from './traffic-state.ts';

const step = ({ api }: ServiceContextValue) => (model: MachineModel<TrafficState>): RunningStep<TrafficAction> | null => {
  const { state, op } = model;
  const failed = (error: unknown): TrafficAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  switch (state.phase) {
    case 'querying':
      return plain(api.queryTrafficViolations({ plateNumber: state.plate }).then((view): TrafficAction => ({ type: 'loaded', op, view }), failed));
    case 'drafting':
      return plain(api.draftTrafficDecision({ violationId: state.violationId }).then((draft): TrafficAction => ({ type: 'drafted', op, draft }), failed));
    case 'accepting':
      return plain(
        api
          .acceptTrafficDecision({ acceptId: state.acceptId, violationId: state.draft.violationId, draftNo: state.draft.draftNo, agreed: true, signaturePng: state.signaturePng })
          .then((decision): TrafficAction => ({ type: 'accepted', op, decision }), failed),
      );
    case 'completing':
      return plain(api.completeTrafficFine({ decisionNo: state.fine.decisionNo, orderNo: state.orderNo }).then((paid): TrafficAction => ({ type: 'completed', op, paid }), failed));
    default:
      return null;
  }
};

export default function TrafficJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const [model, dispatch] = useStepMachine(trafficReducer, machine(trafficStart), step(ctx));
  const { state } = model;
  // While 人证核验 or the pay step shows, the screen reported is theirs (consent, camera…; pay-choose…).
  const [payScreen, setPayScreen] = useState({ screen: 'pay-loading', waiting: true });
  const onPayScreen = useCallback((screen: string, waiting: boolean) => setPayScreen({ screen, waiting }), []);
  const paying = state.phase === 'paying';
  const onPersonScreen = usePersonCheckScreen(state.phase === 'verifying', paying ? payScreen.screen : `traffic-${state.phase}`, paying ? payScreen.waiting : trafficWaiting(state));
  const onPaid = useCallback((payment: PaymentView) => dispatch({ type: 'paid', orderNo: payment.orderNo }), [dispatch]);
  const onLeavePay = useCallback(() => dispatch({ type: 'back' }), [dispatch]);

  const title = t('traffic.title');
  const steps = [t('steps.card'), t('traffic.step.plate'), t('traffic.step.result')];
  const handling = [t('traffic.step.list'), t('traffic.step.decision'), t('traffic.step.sign'), t('traffic.step.pay'), t('traffic.step.done')];
  // A fine decided earlier and paid from the list skips the decision and the signature: its steps say so.
  const paySteps = (fine: PayableFine): string[] => (fine.listedDue ? [t('traffic.step.list'), t('traffic.step.pay'), t('traffic.step.done')] : handling);
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
      return <TrafficResult view={state.view} steps={steps} onHandle={(violationId) => dispatch({ type: 'handle', violationId })} onAnother={() => dispatch({ type: 'another' })} />;
    case 'verifying':
      return (
        <PersonCheckStep
          key={model.op}
          api={ctx.api}
          purpose="traffic-violation"
          onScreen={onPersonScreen}
          onVerified={() => dispatch({ type: 'verified' })}
          onCancel={() => dispatch({ type: 'verifyFailed', code: 'PERSON_NOT_VERIFIED' })}
          onError={(code) => dispatch({ type: 'verifyFailed', code })}
        />
      );
    case 'drafting':
      return <BusyScreen testId="busy" title={title} message={t('traffic.drafting')} />;
    case 'decision':
      return (
        <DecisionText
          draft={state.draft}
          steps={handling}
          agreed={state.agreed}
          onAgree={(agreed) => dispatch({ type: 'agree', agreed })}
          onBack={() => dispatch({ type: 'back' })}
          onNext={() => dispatch({ type: 'toSign' })}
        />
      );
    case 'signing':
      return <SignDecision steps={handling} onBack={() => dispatch({ type: 'back' })} onSigned={(signaturePng) => dispatch({ type: 'sign', acceptId: crypto.randomUUID(), signaturePng })} />;
    case 'accepting':
      return <BusyScreen testId="busy" title={title} message={t('traffic.accepting')} />;
    case 'paying':
      return (
        <section className="screen" data-testid="traffic-pay" aria-labelledby="traffic-pay-title">
          <p className="screen-kicker">{title}</p>
          <StepIndicator current={paySteps(state.fine).length - 1} steps={paySteps(state.fine)} />
          <h1 id="traffic-pay-title" className="screen-title">
            {t('traffic.payTitle', { amount: yuan(state.fine.amountFen) })}
          </h1>
          <p className="muted">
            {t('traffic.decisionNo')}: <span className="mono" data-testid="traffic-pay-decision-no">{state.fine.decisionNo}</span>
          </p>
          {/* The decision is made once accepted: whoever leaves here is told where the fine can still be paid. */}
          <p className="muted" data-testid="traffic-pay-later">
            {t('traffic.payLater')}
          </p>
          <PayStep key={model.op} api={ctx.api} purpose="traffic-fine" purchaseId={state.fine.decisionNo} onScreen={onPayScreen} onPaid={onPaid} onLeave={onLeavePay} />
        </section>
      );
    case 'completing':
      return <BusyScreen testId="busy" title={title} message={t('traffic.completing')} />;
    case 'done':
      return <FineDone steps={paySteps(state.fine)} fine={state.fine} paid={state.paid} orderNo={state.orderNo} onAnother={() => dispatch({ type: 'another' })} />;
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

/** Nothing left for the citizen to do about it: dealt with, and no fine due. */
const settled = (item: TrafficViolationView['items'][number]): boolean => item.handled && item.decision?.status !== 'due';

function TrafficResult({ view, steps, onHandle, onAnother }: { view: TrafficViolationView; steps: readonly string[]; onHandle(violationId: string): void; onAnother(): void }) {
  const { t } = useTranslation();
  const when = useDateFormat();
  const dueFen = view.items.reduce((sum, item) => sum + (item.decision?.status === 'due' ? item.decision.amountDueFen : 0), 0);
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
          {/* The totals count violations not dealt with; a fine decided and still due is money owed too. */}
          {dueFen > 0 && (
            <div>
              <dt>{t('traffic.finesDue')}</dt>
              <dd data-testid="traffic-fines-due">{t('guide.yuan', { amount: yuan(dueFen) })}</dd>
            </div>
          )}
        </dl>
      </div>
      {view.items.length === 0 ? (
        <p className="muted" data-speak="">
          {t('traffic.none')}
        </p>
      ) : (
        <ul className="entries">
          {view.items.map((item) => (
            <li key={item.violationId} className={`entry ${settled(item) ? 'entry-license' : 'entry-penalty'}`} data-testid="traffic-item" data-handled={item.handled} data-eligible={item.simpleProcedure.eligible}>
              {/* Decided but unpaid is not "dealt with" yet for the citizen: marked as still to do, in words and shape. */}
              <span className="entry-category">
                <span aria-hidden="true">{settled(item) ? '✓ ' : '! '}</span>
                {item.decision?.status === 'due' ? t('traffic.decidedDue') : item.handled ? t('traffic.handled') : t('traffic.notHandled')}
              </span>
              <span className="entry-title">{item.behaviour}</span>
              <span className="entry-meta">
                {when.dateTime(item.occurredAt)} · {item.location} · {t('traffic.pointsN', { count: item.points })} ·{' '}
                {t('guide.yuan', { amount: item.fineYuan })} · {item.authority}
              </span>
              {item.decision?.status === 'due' && (
                <span className="entry-meta" data-testid={`due-${item.violationId}`}>
                  <strong>{t('traffic.fineDue', { amount: yuan(item.decision.amountDueFen) })}</strong> · {t('traffic.decisionNo')}:{' '}
                  <span className="mono">{item.decision.decisionNo}</span>
                </span>
              )}
              {item.decision?.status === 'due' && (
                <button type="button" className="btn btn-primary" data-testid={`pay-${item.violationId}`} onClick={() => onHandle(item.violationId)}>
                  {t('traffic.payFine')}
                </button>
              )}
              {item.decision?.status === 'paid' && (
                <span className="entry-meta" data-testid={`fine-paid-${item.violationId}`}>
                  {t('traffic.finePaid')}
                </span>
              )}
              {!item.handled && item.simpleProcedure.eligible && (
                <button type="button" className="btn btn-primary" data-testid={`handle-${item.violationId}`} onClick={() => onHandle(item.violationId)}>
                  {t('traffic.handle')}
                </button>
              )}
              {!item.handled && !item.simpleProcedure.eligible && (
                <span className="entry-meta" data-testid={`why-${item.violationId}`}>
                  <strong>{t('traffic.notEligible')}</strong>
                  {item.simpleProcedure.reason && <> · {t('traffic.whyNot', { reason: item.simpleProcedure.reason })}</>}
                  {item.simpleProcedure.whereToGo && <> · {t('traffic.whereToGo', { place: item.simpleProcedure.whereToGo })}</>}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <ResultActions
        print={{ kind: 'traffic-violations' }}
        {...(view.resultUrl ? { phoneUrl: view.resultUrl } : {})}
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
