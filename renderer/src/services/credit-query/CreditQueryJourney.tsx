/** 信用查询 · 个人: the card on the reader, the holder's credit record on screen, then a receipt. */
import { useTranslation } from 'react-i18next';
import { errorCodeOf } from '../../api/call-error.ts';
import { IdentityPanel } from '../../components/IdentityPanel.tsx';
import { newJobId } from '../../flow/job-id.ts';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { PersonCheckStep } from '../../person-check/PersonCheckStep.tsx';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { ENTERPRISE_CREDIT_JOURNEY } from '../service-ids.ts';
import { type ServiceContextValue, useService } from '../service-context.tsx';
import { ReadCardStep } from '../shared/ReadCardStep.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { CreditRecordScreen } from './CreditRecordScreen.tsx';
import { canRetryCredit, creditReducer, creditStart, creditWaiting, type CreditAction, type CreditState } from './credit-query-state.ts';
import { usePersonCheckScreen } from '../shared/use-person-check-screen.ts';

const step = (ctx: ServiceContextValue) => (model: MachineModel<CreditState>): RunningStep<CreditAction> | null => {
  const { state, op } = model;
  const failed = (error: unknown): CreditAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  switch (state.phase) {
    case 'querying':
      return plain(ctx.api.queryCredit({ kind: 'personal' }).then((record): CreditAction => ({ type: 'loaded', op, record }), failed));
    case 'printing':
      return plain(ctx.api.printCreditReceipt({ jobId: state.jobId }).then((result): CreditAction => ({ type: 'printDone', op, result }), failed));
    default:
      return null;
  }
};

export default function CreditQueryJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const [model, dispatch] = useStepMachine(creditReducer, machine(creditStart), step(ctx));
  const { state } = model;
  const onPersonScreen = usePersonCheckScreen(
    state.phase === 'verifying',
    state.phase === 'printed' || state.phase === 'printing' ? 'credit-result' : `credit-${state.phase}`,
    creditWaiting(state),
  );

  switch (state.phase) {
    case 'placeCard':
      return (
        <ReadCardStep
          key={model.op}
          kicker={t('credit.title')}
          onRead={(card) => dispatch({ type: 'cardRead', card })}
          onFail={(code) => dispatch({ type: 'cardFailed', code })}
          onBack={ctx.home}
          alternative={{ label: t('credit.enterprise.switch'), testId: 'enterprise-switch', onSelect: () => ctx.switchService(ENTERPRISE_CREDIT_JOURNEY) }}
        />
      );
    case 'verifying':
      return (
        <PersonCheckStep
          key={model.op}
          api={ctx.api}
          purpose="credit-query"
          onScreen={onPersonScreen}
          onVerified={() => dispatch({ type: 'verified' })}
          onCancel={ctx.home}
          onError={(code) => dispatch({ type: 'verifyFailed', code })}
        />
      );
    case 'querying':
      return (
        <BusyScreen testId="querying" title={t('credit.title')} message={t('credit.querying')}>
          <IdentityPanel card={state.card} />
        </BusyScreen>
      );
    case 'result':
    case 'printing':
    case 'printed':
      return (
        <CreditRecordScreen
          card={state.card}
          record={state.record}
          print={state.phase === 'result' ? { kind: 'idle' } : state.phase === 'printing' ? { kind: 'printing' } : { kind: 'done', result: state.print }}
          onPrint={() => dispatch({ type: 'print', jobId: newJobId() })}
          onRetryPrint={() => dispatch({ type: 'retry' })}
          onFinish={ctx.finish}
        />
      );
    case 'error':
      return <ServiceError code={state.code} onRetry={canRetryCredit(state) ? () => dispatch({ type: 'retry' }) : null} />;
  }
}
