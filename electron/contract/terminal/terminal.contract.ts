/**
 * The terminal itself, shared by every journey: what it offers, the citizen session, the ID card
 * read into it, the devices' state and the network state shown on screen. Results carry only
 * what the screen needs: full ID numbers never leave the core.
 */
import { z } from 'zod';
import { method, result, LOCAL_MS } from '../method.ts';
import type { IdCardType } from '../rules/id-number.ts';
import { empty } from '../services/shared/request-parts.ts';

/** The languages receipts and printed reports are written in (the documents' own strings). */
export type Locale = 'zh-CN' | 'en-US';
/**
 * A BCP 47 tag of the touch UI's language: a locale pack in resources/locales, which a hall may
 * add (ug-CN, bo-CN…) without code changes. The screen falls back to zh-CN for a tag it has no
 * pack for.
 */
export type LocaleTag = string;
export type ShellKind = 'electron' | 'browser';

/** The devices a terminal drives; the service catalogue's device lists are checked against this one list. */
export const DEVICE_KINDS = ['idCard', 'printer', 'scanner', 'camera', 'dispenser'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
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

/**
 * What a service needs of the upstream: 'query' answers live from it, 'submission' is kept on the
 * terminal and delivered when it answers, 'local' needs nothing of it.
 */
export type ServiceKind = 'query' | 'submission' | 'local';

/** The home screen's section a tile sits in: 信用 / 公安 / 政务服务. */
export type ServiceGroup = 'credit' | 'police' | 'government';

export interface ServiceTile {
  id: string;
  kind: ServiceKind;
  group: ServiceGroup;
  /** i18n key of the tile title. */
  titleKey: string;
  icon: string;
  available: boolean;
  /**
   * Why the tile is "temporarily unavailable": 'device-unavailable:<device>' (a required device
   * is down), 'network-offline' (the upstream cannot be reached) or 'upstream-failing' (it answers
   * with errors); the last two only for query services.
   */
  unavailableReason?: string;
  /** A submission service while the upstream is down: it works, and says it will deliver later. */
  deliveredLater?: boolean;
}

/** The attract screen's facts about the hall (config `hall`, staff-editable). */
export interface HallView {
  /** '' in both: the screen shows the terminal's own title. */
  name: { 'zh-CN': string; 'en-US': string };
  emblem: 'none' | 'government-service' | 'police' | 'credit';
  hotline: string;
  /** Where the ID-card reader is, seen from the citizen: the arrow points there. */
  cardReader: 'below' | 'below-left' | 'below-right' | 'left' | 'right';
  /** The hall's IANA time zone: every date and time on screen is shown in it, not in the OS clock's zone. */
  timeZone: string;
}

export interface TerminalInfo {
  terminalId: string;
  hall: HallView;
  version: string;
  shell: ShellKind;
  locale: LocaleTag;
  services: ServiceTile[];
  timeouts: { inactivitySeconds: number; warningSeconds: number; elderWarningSeconds: number; idCardReadSeconds: number };
  /** An A4 printer is configured and this shell can reach it: printCreditReport may be offered. */
  a4Printing?: boolean;
}

export interface SessionInfo {
  sessionId: string;
  startedAt: string;
}

export type { IdCardType };

/** What the screen may show of a card holder: masked, minimal. */
export interface IdCardView {
  cardType: IdCardType;
  name: string;
  idNumberMasked: string;
  gender: 'male' | 'female' | 'unknown';
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

export const sessionEndReasons = ['completed', 'inactivity', 'card-removed', 'cancelled', 'error', 'backstop'] as const;
export type SessionEndReason = (typeof sessionEndReasons)[number];

export const terminalMethods = {
  getTerminalInfo: method({ service: 'terminal', access: 'open', timeoutMs: LOCAL_MS, request: empty, result: result<TerminalInfo>() }),
  /** Refused while out of service: no citizen session starts then. */
  startSession: method({ service: 'terminal', access: 'open', inServiceOnly: true, timeoutMs: LOCAL_MS, request: empty, result: result<SessionInfo>() }),
  extendSession: method({ service: 'terminal', access: 'citizen', timeoutMs: LOCAL_MS, request: empty, result: result<SessionInfo>() }),
  endSession: method({
    service: 'terminal',
    access: 'open',
    timeoutMs: LOCAL_MS,
    request: z.object({ reason: z.enum(sessionEndReasons) }).strict(),
    result: result<{ wiped: true }>(),
  }),
  readIdCard: method({
    service: 'terminal',
    access: 'citizen',
    timeoutMs: LOCAL_MS,
    request: z
      .object({
        /** How long to wait for a card to be placed; the renderer shows a countdown meanwhile. */
        timeoutMs: z.number().int().min(1000).max(120_000).default(30_000),
      })
      .strict(),
    result: result<IdCardView>(),
  }),
  cancelIdCardRead: method({ service: 'terminal', access: 'open', timeoutMs: LOCAL_MS, request: empty, result: result<{ cancelled: boolean }>() }),
  getDeviceStatus: method({ service: 'terminal', access: 'open', timeoutMs: LOCAL_MS, request: empty, result: result<DeviceStatus[]>() }),
  /** Devices the screen owns (the camera, through getUserMedia) report what it found when it opened them. */
  reportDeviceStatus: method({
    service: 'terminal',
    access: 'open',
    timeoutMs: LOCAL_MS,
    request: z
      .object({
        device: z.literal('camera'),
        state: z.enum(['ready', 'absent', 'denied', 'failed']),
        /** The browser's name for the device, e.g. "USB2.0 HD UVC WebCam (0bda:58b0)". */
        label: z.string().max(120).optional(),
        /** The browser's error name, e.g. NotReadableError. */
        reason: z.string().max(120).optional(),
      })
      .strict(),
    result: result<DeviceStatus>(),
  }),
  getNetworkState: method({ service: 'terminal', access: 'open', timeoutMs: LOCAL_MS, request: empty, result: result<NetworkStateView>() }),
} as const;
