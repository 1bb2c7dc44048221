/**
 * The one typed contract between the touch UI and the terminal core. Both shells implement it:
 * the Electron preload (via contextBridge) and the browser shell (over an authenticated WebSocket).
 * Results carry only what the screen needs: full ID numbers never leave the core.
 */
import type { KioskEventName, KioskMethod } from './channels.ts';
import type { KioskRequestInput, KioskResults } from './api-table.ts';
import type { KioskErrorCode } from './error-codes.ts';
import type { MaintenanceEvents } from './maintenance-api.ts';
import type { ServiceEvents } from './service-api.ts';
import type { DeviceStatus, NetworkStateView, SessionEndReason } from './terminal/terminal.contract.ts';

export type * from './service-api.ts';
export type * from './maintenance-api.ts';
export type * from './terminal/terminal.contract.ts';
export type { CreditRecordView } from './services/credit-query/credit-query.contract.ts';
export type { EvaluationReceipt, EvaluationReason } from './evaluation/evaluation.contract.ts';
export type { KioskResults, KioskRequestInput, KioskRequest } from './api-table.ts';

export interface KioskEvents extends ServiceEvents, MaintenanceEvents {
  deviceStatus: DeviceStatus;
  sessionEnded: { sessionId: string; reason: SessionEndReason };
  configChanged: { version: string };
  networkState: NetworkStateView;
}

export { KIOSK_ERROR_CODES, type KioskErrorCode } from './error-codes.ts';

/** Wire form of a failure; both transports carry it unchanged. */
export interface KioskErrorPayload {
  code: KioskErrorCode;
  /** English developer message; never contains personal data. */
  message: string;
}

export type KioskResponse<T> = { ok: true; value: T } | { ok: false; error: KioskErrorPayload };

export type KioskMethods = {
  [M in KioskMethod]: (request: KioskRequestInput<M>) => Promise<KioskResults[M]>;
};

export type Unsubscribe = () => void;

export interface KioskApi extends KioskMethods {
  on<E extends KioskEventName>(event: E, listener: (payload: KioskEvents[E]) => void): Unsubscribe;
}

/** Thrown by clients when a call fails; carries the contract's error code. */
export interface KioskCallError extends Error {
  code: KioskErrorCode;
}
