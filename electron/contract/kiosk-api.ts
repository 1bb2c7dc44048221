/**
 * The one typed contract between the touch UI and the terminal core. Both shells implement it:
 * the Electron preload (via contextBridge) and the browser shell (over an authenticated WebSocket).
 * Results carry only what the screen needs: full ID numbers never leave the core.
 */
import type { KioskEventName, KioskMethod } from './channels.ts';
import type { KioskRequestInput, SessionEndReason } from './schemas.ts';
import type { KioskErrorCode } from './error-codes.ts';
import type { MaintenanceEvents, MaintenanceResults } from './maintenance-api.ts';
import type { ServiceEvents, ServiceResults } from './service-api.ts';

export type * from './service-api.ts';
export type * from './maintenance-api.ts';

/** The languages receipts and printed reports are written in (the documents' own strings). */
export type Locale = 'zh-CN' | 'en-US';
/**
 * A BCP 47 tag of the touch UI's language: a locale pack in resources/locales, which a hall may
 * add (ug-CN, bo-CN…) without code changes. The screen falls back to zh-CN for a tag it has no
 * pack for.
 */
export type LocaleTag = string;
export type ShellKind = 'electron' | 'browser';

export type DeviceKind = 'idCard' | 'printer' | 'scanner' | 'camera';
export type DeviceStateKind = 'disconnected' | 'connecting' | 'ready' | 'busy' | 'error';

export interface DeviceStatus {
  device: DeviceKind;
  state: DeviceStateKind;
  /** Machine-readable reason for error/disconnected, e.g. 'port-not-found', 'paper-out'. */
  reason?: string;
  /** Non-fatal conditions reported by the device (paper near end, cover open, card present). */
  flags: string[];
  updatedAt: string;
}

export interface ServiceTile {
  id: string;
  /** i18n key of the tile title. */
  titleKey: string;
  icon: string;
  available: boolean;
  /** Set when a required device is down: the tile shows "temporarily unavailable". */
  unavailableReason?: string;
}

export interface TerminalInfo {
  terminalId: string;
  version: string;
  shell: ShellKind;
  locale: LocaleTag;
  services: ServiceTile[];
  timeouts: { inactivitySeconds: number; warningSeconds: number; idCardReadSeconds: number };
  /** An A4 printer is configured and this shell can reach it: printCreditReport may be offered. */
  a4Printing?: boolean;
}

export interface SessionInfo {
  sessionId: string;
  startedAt: string;
}

import type { IdCardType } from './rules/id-number.ts';

export type { IdCardType };

/** What the screen may show of a card holder: masked, minimal. */
export interface IdCardView {
  cardType: IdCardType;
  name: string;
  idNumberMasked: string;
  gender: 'male' | 'female' | 'unknown';
}

export interface CreditEntry {
  category: 'red-list' | 'black-list' | 'commitment' | 'penalty' | 'license';
  title: string;
  authority: string;
  date: string;
}

export interface CreditRecordView {
  reportNo: string;
  subjectName: string;
  idNumberMasked: string;
  /** Overall status as the upstream states it, e.g. 'good', 'warning', 'dishonest'. */
  status: 'good' | 'warning' | 'dishonest';
  entries: CreditEntry[];
  queriedAt: string;
  /** URL encoded in the receipt's QR code to verify the printed report. */
  verifyUrl: string;
}

export interface PrintResult {
  jobId: string;
  status: 'printed' | 'already-printed' | 'waiting-for-paper' | 'failed';
  reason?: string;
}

/**
 * How the terminal reaches the upstream, shown discreetly on screen: 'online'; 'degraded' (the
 * upstream answers with errors, or some calls fail); 'offline' (it cannot be reached: submissions
 * are queued on the terminal and delivered when it returns).
 */
export type NetworkState = 'online' | 'degraded' | 'offline';

export interface NetworkStateView {
  state: NetworkState;
  /** When the state last changed (ISO 8601). */
  since: string;
  /** Submissions stored on this terminal and not yet delivered. */
  queued: number;
}

/** The answer to a 好差评 evaluation. */
export interface EvaluationReceipt {
  receiptNo: string;
  /** 'queued': stored on the terminal, delivered when the upstream can be reached. */
  delivery: 'delivered' | 'queued';
  /** This transaction had been rated already: the first rating stands, nothing new was queued. */
  alreadyRated: boolean;
}

export interface KioskEvents extends ServiceEvents, MaintenanceEvents {
  deviceStatus: DeviceStatus;
  sessionEnded: { sessionId: string; reason: SessionEndReason };
  configChanged: { version: string };
  networkState: NetworkStateView;
}

export interface KioskResults extends ServiceResults, MaintenanceResults {
  getTerminalInfo: TerminalInfo;
  startSession: SessionInfo;
  extendSession: SessionInfo;
  endSession: { wiped: true };
  readIdCard: IdCardView;
  cancelIdCardRead: { cancelled: boolean };
  queryCredit: CreditRecordView;
  printCreditReceipt: PrintResult;
  /** Never 'waiting-for-paper': the OS spooler holds A4 jobs until the printer is refilled. */
  printCreditReport: PrintResult;
  getDeviceStatus: DeviceStatus[];
  /** The device's status as the core now records it. */
  reportDeviceStatus: DeviceStatus;
  submitEvaluation: EvaluationReceipt;
  getNetworkState: NetworkStateView;
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
