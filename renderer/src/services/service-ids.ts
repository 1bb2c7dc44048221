/**
 * The journeys this UI has, by service id. Tiles of the terminal's catalogue open the one with
 * their id; 'credit-enterprise' has no tile of its own: it is reached from 信用查询.
 */
import type { ServiceId } from '../../../electron/contract/service-api.ts';

export const ENTERPRISE_CREDIT_JOURNEY = 'credit-enterprise';

export const JOURNEY_IDS = [
  'credit-query',
  ENTERPRISE_CREDIT_JOURNEY,
  'credit-commitment',
  'form-filling',
  'e-licence',
  'progress-query',
  'service-guide',
  'id-photo',
  'traffic-violation',
] as const satisfies readonly (ServiceId | typeof ENTERPRISE_CREDIT_JOURNEY)[];

export type JourneyId = (typeof JOURNEY_IDS)[number];

// Every service the contract knows has a journey here: a new ServiceId fails this check.
type Missing = Exclude<ServiceId, JourneyId>;
const allServicesHaveJourneys: [Missing] extends [never] ? true : Missing = true;
void allServicesHaveJourneys;

export const hasJourney = (serviceId: string): serviceId is JourneyId => (JOURNEY_IDS as readonly string[]).includes(serviceId);
