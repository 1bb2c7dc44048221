/** What 二次签注 keeps for the session: the options last listed (per permit) and the receipts issued. */
import type { EndorsementReceiptView } from '../../../contract/services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import { SessionSlot } from '../shared/service-session.ts';
import type { EndorsementOptionsRecord } from './endorsement-upstream.ts';

/** Only a type listed for this permit in this session may be applied for. */
export const listedOptions = new SessionSlot<{ permit: string; record: EndorsementOptionsRecord }>('hk-macau-endorsement-options');

/** submissionId → receipt: a double tap returns the first receipt; the slip prints from here. */
export const endorsementReceipts = new SessionSlot<Map<string, EndorsementReceiptView>>('hk-macau-endorsement-receipts');

/** submissionId → the application still on its way into the outbox: a second tap meanwhile waits for the first. */
export const endorsementsInFlight = new SessionSlot<Map<string, Promise<EndorsementReceiptView>>>('hk-macau-endorsement-in-flight');
