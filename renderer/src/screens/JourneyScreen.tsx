/** The screen for the journey's state: the shell's screens, the credit journey, or a service. */
import { useCallback, type Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo } from '../../../electron/contract/kiosk-api.ts';
import { IdentityPanel } from '../components/IdentityPanel.tsx';
import { newJobId } from '../journey/job-id.ts';
import { canRetry, type JourneyAction, type JourneyModel } from '../journey/journey-state.ts';
import { ServiceHost } from '../services/ServiceHost.tsx';
import type { ServiceContextValue } from '../services/service-context.tsx';
import { ENTERPRISE_CREDIT_JOURNEY, hasJourney } from '../services/service-ids.ts';
import { AttractScreen } from './AttractScreen.tsx';
import { BusyScreen } from './BusyScreen.tsx';
import { CreditRecordScreen } from './CreditRecordScreen.tsx';
import { DoneScreen } from './DoneScreen.tsx';
import { ErrorScreen } from './ErrorScreen.tsx';
import { HomeScreen } from './HomeScreen.tsx';
import { PlaceCardScreen } from './PlaceCardScreen.tsx';

interface JourneyScreenProps {
  model: JourneyModel;
  dispatch: Dispatch<JourneyAction>;
  info: TerminalInfo | null;
  timeouts: TerminalInfo['timeouts'];
  serviceContext: ServiceContextValue | null;
}

export function JourneyScreen({ model, dispatch, info, timeouts, serviceContext }: JourneyScreenProps) {
  const { t } = useTranslation();
  const { state } = model;
  const goHome = (): void => dispatch({ type: 'goHome' });
  const reset = useCallback(() => dispatch({ type: 'reset' }), [dispatch]);

  switch (state.screen) {
    case 'attract':
      return <AttractScreen onStart={() => dispatch({ type: 'touchToStart' })} />;
    case 'starting':
      return <BusyScreen testId="starting" title={t('app.title')} message={t('busy.starting')} />;
    case 'home':
      return (
        <HomeScreen
          services={info?.services ?? null}
          supported={hasJourney}
          onOpen={(serviceId) => dispatch({ type: 'openService', serviceId })}
          onExit={() => dispatch({ type: 'endSession', reason: 'cancelled' })}
        />
      );
    case 'service':
      return serviceContext ? <ServiceHost context={serviceContext} /> : null;
    case 'credit.placeCard':
    case 'credit.reading':
      return (
        <PlaceCardScreen
          kicker={t('credit.title')}
          reading={state.screen === 'credit.reading'}
          timeoutSeconds={timeouts.idCardReadSeconds}
          attempt={model.op}
          onBack={goHome}
          {...(state.screen === 'credit.placeCard'
            ? {
                alternative: {
                  label: t('credit.enterprise.switch'),
                  testId: 'enterprise-switch',
                  onSelect: () => dispatch({ type: 'switchService', serviceId: ENTERPRISE_CREDIT_JOURNEY }),
                },
              }
            : {})}
        />
      );
    case 'credit.querying':
      return (
        <BusyScreen testId="querying" title={t('credit.title')} message={t('credit.querying')}>
          <IdentityPanel card={state.card} />
        </BusyScreen>
      );
    case 'credit.result':
    case 'credit.printing':
    case 'credit.printed':
      return (
        <CreditRecordScreen
          card={state.card}
          record={state.record}
          print={
            state.screen === 'credit.result'
              ? { kind: 'idle' }
              : state.screen === 'credit.printing'
                ? { kind: 'printing' }
                : { kind: 'done', result: state.print }
          }
          onPrint={() => dispatch({ type: 'print', jobId: newJobId() })}
          onRetryPrint={() => dispatch({ type: 'retry' })}
          onFinish={() => dispatch({ type: 'endSession', reason: 'completed' })}
        />
      );
    case 'ending':
      return <BusyScreen testId="ending" title={t('app.title')} message={t('busy.ending')} />;
    case 'done':
      return <DoneScreen onReset={reset} />;
    case 'error':
      return (
        <ErrorScreen code={state.code} onRetry={canRetry(state) ? () => dispatch({ type: 'retry' }) : null} onHome={goHome} />
      );
  }
}
