/** cancelScan: stops whichever service is waiting for the terminal's scanner (one wait at a time). */
import type { KioskHandlers } from '../../api/dispatcher.ts';
import type { ServiceContext } from './service-context.ts';

export function scanHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'cancelScan'> {
  return { cancelScan: () => ({ cancelled: ctx.scanGate.cancel() }) };
}
