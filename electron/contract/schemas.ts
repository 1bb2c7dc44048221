/**
 * The request schema of every KioskApi method, taken from the contract table: what the
 * dispatcher validates before any handler runs. The renderer only ever imports the *types*.
 */
import type { z } from 'zod';
import { KIOSK_API, type KioskApiTable } from './api-table.ts';
import type { KioskMethod } from './generated/method-list.ts';

export type { KioskRequest, KioskRequestInput } from './api-table.ts';
export type { PrintDocument } from './services/shared/service-shared.contract.ts';
export { sessionEndReasons, type SessionEndReason } from './terminal/terminal.contract.ts';
export { evaluationReasons, type EvaluationReason } from './evaluation/evaluation.contract.ts';

export type KioskRequestSchemas = { [M in KioskMethod]: KioskApiTable[M]['request'] };

export const requestSchemas = Object.fromEntries(
  Object.entries(KIOSK_API).map(([name, entry]) => [name, entry.request]),
) as KioskRequestSchemas satisfies Record<KioskMethod, z.ZodType>;
