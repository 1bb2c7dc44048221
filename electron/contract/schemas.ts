/**
 * The request types of KioskApi and the value lists the requests use, in one import. The schemas
 * themselves are the contract table's entries (api-table.ts), which the dispatcher validates
 * with; the renderer only ever imports the *types* from here.
 */
export type { KioskRequest, KioskRequestInput } from './api-table.ts';
export type { PrintDocument } from './services/shared/service-shared.contract.ts';
export { sessionEndReasons, type SessionEndReason } from './terminal/terminal.contract.ts';
export { evaluationReasons, type EvaluationReason } from './evaluation/evaluation.contract.ts';
