/**
 * The maintenance mode's methods as contract entries. Their request schemas live in
 * maintenance-schemas.ts and their results in maintenance-api.ts; this table says who may call
 * each: the staff entry and the service mode the citizen screen shows are open, everything else
 * needs a staff session (the dispatcher answers UNAUTHORIZED otherwise).
 */
import type { z } from 'zod';
import { method, result, LOCAL_MS, type Access, type MethodEntry } from '../method.ts';
import type { MaintenanceResults } from '../maintenance-api.ts';
import { maintenanceRequestSchemas, type MaintenanceMethod } from '../maintenance-schemas.ts';

/** Reachable without a staff session: the way in, the way out, and what the citizen screen asks. */
const OPEN: ReadonlySet<MaintenanceMethod> = new Set<MaintenanceMethod>([
  'staffCornerTap',
  'staffLogin',
  'staffCardLogin',
  'cancelStaffCardLogin',
  'staffLogout',
  'getServiceMode',
]);

/** Self-tests print, read cards and wait for scans; exports copy logs to a USB drive; payments call the channels. */
const SLOW: Partial<Record<MaintenanceMethod, number>> = {
  runSelfTest: 60_000,
  exportLogs: 60_000,
  exportAudit: 60_000,
  networkTest: 30_000,
  // Every channel's statement; one order's query, reverse or refund; a test card's moves.
  reconcilePayments: 60_000,
  requeryPayment: 30_000,
  dispenserSelfTest: 30_000,
};

type MaintenanceEntries = {
  [M in MaintenanceMethod]: MethodEntry<(typeof maintenanceRequestSchemas)[M], MaintenanceResults[M]>;
};

function entries(): MaintenanceEntries {
  const out: Record<string, MethodEntry<z.ZodType, unknown>> = {};
  for (const name of Object.keys(maintenanceRequestSchemas) as MaintenanceMethod[]) {
    const access: Access = OPEN.has(name) ? 'open' : 'staff';
    out[name] = method({ service: 'maintenance', access, timeoutMs: SLOW[name] ?? LOCAL_MS, request: maintenanceRequestSchemas[name], result: result<unknown>() });
  }
  return out as MaintenanceEntries;
}

export const maintenanceMethods = entries();
