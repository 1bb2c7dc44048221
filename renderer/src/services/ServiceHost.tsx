/** Mounts the journey of one service (a lazy chunk) with its context; see service-context.tsx. */
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BusyScreen } from '../screens/BusyScreen.tsx';
import { SERVICE_JOURNEYS } from './registry.ts';
import { ServiceContext, type ServiceContextValue } from './service-context.tsx';

export function ServiceHost({ context }: { context: ServiceContextValue }) {
  const { t } = useTranslation();
  const Journey = SERVICE_JOURNEYS[context.serviceId as keyof typeof SERVICE_JOURNEYS];
  return (
    <ServiceContext.Provider value={context}>
      <Suspense fallback={<BusyScreen testId="loading-service" title={t('app.title')} message={t('busy.loadingService')} />}>
        {Journey ? <Journey /> : null}
      </Suspense>
    </ServiceContext.Provider>
  );
}
