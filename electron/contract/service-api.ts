/**
 * The citizen services' result and event types, gathered from their feature folders
 * (services/<service-id>/<service-id>.contract.ts) for code that wants them in one import.
 * Re-exported by kiosk-api.ts.
 */
import type { ScanRejectedEvent } from './services/shared/service-shared.contract.ts';
import type { StaffCallEvent } from './staff-call/staff-call.contract.ts';

export type { ServiceId } from './services/shared/service-id.ts';
export type * from './services/shared/service-types.ts';
export type { ScanRejectedEvent, PrintDocument } from './services/shared/service-shared.contract.ts';
export type * from './services/credit-enterprise/credit-enterprise.contract.ts';
export type * from './services/credit-commitment/credit-commitment.contract.ts';
export type * from './services/form-filling/form-filling.contract.ts';
export type * from './services/e-licence/e-licence.contract.ts';
export type * from './services/progress-query/progress-query.contract.ts';
export type * from './services/service-guide/service-guide.contract.ts';
export type * from './services/traffic-violation/traffic-violation.contract.ts';
export type * from './services/certificate-pickup/certificate-pickup.contract.ts';
export type * from './services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
export type * from './services/id-photo/id-photo.contract.ts';
export type * from './staff-call/staff-call.contract.ts';
export type * from './person-check/person-check.contract.ts';
export type * from './payments/payments.contract.ts';

/** Events of the services, merged into KioskEvents. */
export interface ServiceEvents {
  staffCall: StaffCallEvent;
  scanRejected: ScanRejectedEvent;
}
