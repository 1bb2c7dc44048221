/**
 * The journeys this UI has, by service id: every service of the contract's one list, plus
 * 'credit-enterprise', which has no tile of its own (it is reached from 信用查询). registry.ts
 * must map each of them to a journey: a new service id fails there until its journey exists.
 */
import { SERVICE_IDS } from '../../../electron/contract/services/shared/service-id.ts';

export const ENTERPRISE_CREDIT_JOURNEY = 'credit-enterprise';

export const JOURNEY_IDS = [...SERVICE_IDS, ENTERPRISE_CREDIT_JOURNEY] as const;

export type JourneyId = (typeof JOURNEY_IDS)[number];

export const hasJourney = (serviceId: string): serviceId is JourneyId => (JOURNEY_IDS as readonly string[]).includes(serviceId);
