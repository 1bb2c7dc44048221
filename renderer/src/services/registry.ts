/**
 * Each service's journey is its own lazy chunk: the home screen loads none of them, and a hall
 * that offers three services never downloads the other five. The chunk brings its strings with
 * it (service-strings.ts): the journey renders only once they are in.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { ENTERPRISE_CREDIT_JOURNEY, type JourneyId } from './service-ids.ts';
import { withStrings } from './service-strings.ts';

type Journey = LazyExoticComponent<ComponentType>;

export const SERVICE_JOURNEYS: Record<JourneyId, Journey> = {
  'credit-query': lazy(withStrings('credit-query', () => import('./credit-query/CreditQueryJourney.tsx'))),
  [ENTERPRISE_CREDIT_JOURNEY]: lazy(withStrings(ENTERPRISE_CREDIT_JOURNEY, () => import('./credit-enterprise/EnterpriseCreditJourney.tsx'))),
  'credit-commitment': lazy(withStrings('credit-commitment', () => import('./credit-commitment/CommitmentJourney.tsx'))),
  'form-filling': lazy(withStrings('form-filling', () => import('./form-filling/FormJourney.tsx'))),
  'e-licence': lazy(withStrings('e-licence', () => import('./e-licence/ELicenceJourney.tsx'))),
  'progress-query': lazy(withStrings('progress-query', () => import('./progress-query/ProgressJourney.tsx'))),
  'service-guide': lazy(withStrings('service-guide', () => import('./service-guide/GuideJourney.tsx'))),
  'id-photo': lazy(withStrings('id-photo', () => import('./id-photo/IdPhotoJourney.tsx'))),
  'traffic-violation': lazy(withStrings('traffic-violation', () => import('./traffic-violation/TrafficJourney.tsx'))),
  'certificate-pickup': lazy(withStrings('certificate-pickup', () => import('./certificate-pickup/CertificatePickupJourney.tsx'))),
  'hk-macau-endorsement': lazy(withStrings('hk-macau-endorsement', () => import('./hk-macau-endorsement/EndorsementJourney.tsx'))),
};
