/**
 * Each service's journey is its own lazy chunk: the home screen loads none of them, and a hall
 * that offers three services never downloads the other five.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { ENTERPRISE_CREDIT_JOURNEY, type JourneyId } from './service-ids.ts';

type Journey = LazyExoticComponent<ComponentType>;

export const SERVICE_JOURNEYS: Record<JourneyId, Journey> = {
  'credit-query': lazy(() => import('./credit-query/CreditQueryJourney.tsx')),
  [ENTERPRISE_CREDIT_JOURNEY]: lazy(() => import('./credit-enterprise/EnterpriseCreditJourney.tsx')),
  'credit-commitment': lazy(() => import('./credit-commitment/CommitmentJourney.tsx')),
  'form-filling': lazy(() => import('./form-filling/FormJourney.tsx')),
  'e-licence': lazy(() => import('./e-licence/ELicenceJourney.tsx')),
  'progress-query': lazy(() => import('./progress-query/ProgressJourney.tsx')),
  'service-guide': lazy(() => import('./service-guide/GuideJourney.tsx')),
  'id-photo': lazy(() => import('./id-photo/IdPhotoJourney.tsx')),
  'traffic-violation': lazy(() => import('./traffic-violation/TrafficJourney.tsx')),
  'certificate-pickup': lazy(() => import('./certificate-pickup/CertificatePickupJourney.tsx')),
  'hk-macau-endorsement': lazy(() => import('./hk-macau-endorsement/EndorsementJourney.tsx')),
};
