/** Every citizen-service handler, merged into createHandlers (handlers.ts). */
import type { ServiceMethod } from '../../contract/service-schemas.ts';
import { commitmentHandlers } from './commitment-handlers.ts';
import type { KioskHandlers } from './dispatcher.ts';
import { enterpriseCreditHandlers } from './enterprise-credit-handlers.ts';
import { formHandlers } from './form-handlers.ts';
import { guideStaffHandlers } from './guide-staff-handlers.ts';
import { licenceProgressHandlers } from './licence-progress-handlers.ts';
import { policeHandlers } from './police-handlers.ts';
import { printServiceHandlers } from './print-service-handlers.ts';
import { ServiceContext, type ServiceHandlerDeps } from './service-context.ts';

export type { ServiceHandlerDeps } from './service-context.ts';

export function createServiceHandlers(deps: ServiceHandlerDeps): Pick<KioskHandlers, ServiceMethod> {
  const ctx = new ServiceContext(deps);
  return {
    ...enterpriseCreditHandlers(ctx),
    ...commitmentHandlers(ctx),
    ...formHandlers(ctx),
    ...licenceProgressHandlers(ctx),
    ...guideStaffHandlers(ctx),
    ...policeHandlers(ctx),
    ...printServiceHandlers(ctx),
  };
}
