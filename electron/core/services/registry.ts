/**
 * Every citizen service's handlers, one line per service folder: adding a service is its three
 * folders (contract, core, renderer) plus a line here, in the contract table and in the renderer's
 * journey registry. Which methods need a session or an enabled service is the contract's business.
 */
import type { KioskHandlers } from '../api/dispatcher.ts';
import { creditQueryHandlers } from './credit-query/credit-query-handlers.ts';
import { commitmentHandlers } from './credit-commitment/commitment-handlers.ts';
import { enterpriseCreditHandlers } from './credit-enterprise/credit-enterprise-handlers.ts';
import { eLicenceHandlers } from './e-licence/e-licence-handlers.ts';
import { formHandlers } from './form-filling/form-handlers.ts';
import { idPhotoHandlers } from './id-photo/id-photo-handlers.ts';
import { progressHandlers } from './progress-query/progress-handlers.ts';
import { guideHandlers } from './service-guide/guide-handlers.ts';
import { printServiceHandlers } from './shared/print-service-handlers.ts';
import { scanHandlers } from './shared/scan-handlers.ts';
import type { ServiceContext } from './shared/service-context.ts';
import type { SlipRenderers } from './shared/slip-renderers.ts';
import { trafficHandlers } from './traffic-violation/traffic-handlers.ts';
import { certificatePickupHandlers } from './certificate-pickup/certificate-pickup-handlers.ts';
import { endorsementHandlers } from './hk-macau-endorsement/endorsement-handlers.ts';
import { endorsementSlip } from './hk-macau-endorsement/endorsement-slip.ts';
import { paymentSlip } from '../payments/payment-slip.ts';
import { commitmentSlip } from './credit-commitment/commitment-slip.ts';
import { enterpriseCreditSlip } from './credit-enterprise/enterprise-credit-slip.ts';
import { formSlip } from './form-filling/form-slip.ts';
import { idPhotoSlip } from './id-photo/id-photo-slip.ts';
import { progressSlip } from './progress-query/progress-slip.ts';
import { guideSlip } from './service-guide/guide-slip.ts';
import { trafficSlip } from './traffic-violation/traffic-slip.ts';
import { trafficDecisionSlip } from './traffic-violation/traffic-decision-document.ts';

export type { ServiceHandlerDeps } from './shared/service-context.ts';

/** Every printable slip, one entry per PrintDocument kind, from the service that owns the kind. */
export const slipRenderers: SlipRenderers = {
  'enterprise-credit': enterpriseCreditSlip,
  commitment: commitmentSlip,
  form: formSlip,
  progress: progressSlip,
  'traffic-violations': trafficSlip,
  'traffic-decision': trafficDecisionSlip,
  'id-photo': idPhotoSlip,
  guide: guideSlip,
  'hk-macau-endorsement': endorsementSlip,
  payment: paymentSlip,
};

export function createServiceHandlers(ctx: ServiceContext) {
  return {
    ...creditQueryHandlers(ctx),
    ...enterpriseCreditHandlers(ctx),
    ...commitmentHandlers(ctx),
    ...formHandlers(ctx),
    ...eLicenceHandlers(ctx),
    ...progressHandlers(ctx),
    ...guideHandlers(ctx),
    ...trafficHandlers(ctx),
    ...idPhotoHandlers(ctx),
    ...certificatePickupHandlers(ctx),
    ...endorsementHandlers(ctx),
    ...scanHandlers(ctx),
    ...printServiceHandlers(ctx, slipRenderers),
  } satisfies Partial<KioskHandlers>;
}
