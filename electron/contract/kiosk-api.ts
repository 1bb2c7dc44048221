/**
 * The one typed contract between the touch UI and the terminal core. Both shells implement it:
 * the Electron preload (via contextBridge) and the browser shell (over an authenticated WebSocket).
 * Results carry only what the screen needs: full ID numbers never leave the core.
 */
import type { KioskEventName, KioskMethod } from './channels.ts';
import type { KioskRequestInput, SessionEndReason } from './schemas.ts';

export type Locale = 'zh-CN' | 'en-US';
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
  locale: Locale;
  services: ServiceTile[];
  timeouts: { inactivitySeconds: number; warningSeconds: number; idCardReadSeconds: number };
}

export interface SessionInfo {
  sessionId: string;
  startedAt: string;
}

export type IdCardType = 'resident' | 'hmt-residence' | 'foreign-permanent-2017' | 'foreign-permanent-2023';

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

export interface KioskEvents {
  deviceStatus: DeviceStatus;
  sessionEnded: { sessionId: string; reason: SessionEndReason };
  configChanged: { version: string };
}

export interface KioskResults {
  getTerminalInfo: TerminalInfo;
  startSession: SessionInfo;
  extendSession: SessionInfo;
  endSession: { wiped: true };
  readIdCard: IdCardView;
  cancelIdCardRead: { cancelled: boolean };
  queryCredit: CreditRecordView;
  printCreditReceipt: PrintResult;
  getDeviceStatus: DeviceStatus[];
}

/** Error codes a call may fail with; the renderer maps each to a localised message. */
export const KIOSK_ERROR_CODES = [
  'INVALID_REQUEST',
  'UNAUTHORIZED',
  'NO_SESSION',
  'DEVICE_UNAVAILABLE',
  'CARD_TIMEOUT',
  'CARD_INVALID',
  'CARD_READ_FAILED',
  'READ_CANCELLED',
  'NOT_FOUND',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_REJECTED',
  'PRINTER_ERROR',
  'INTERNAL',
] as const;
export type KioskErrorCode = (typeof KIOSK_ERROR_CODES)[number];

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
