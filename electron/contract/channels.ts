/**
 * Channel names shared by the preload, the Electron IPC registry and the WebSocket transport.
 * Kept free of zod so the sandboxed preload bundle stays tiny: it imports only the generated,
 * dependency-free method list.
 */
// The method list is generated from the contract table (api-table.ts); see generated/method-list.ts.
import { KIOSK_METHODS, METHOD_TIMEOUT_MS, type KioskMethod } from './generated/method-list.ts';

export { KIOSK_METHODS, METHOD_TIMEOUT_MS, type KioskMethod };

export const CHANNEL_PREFIX = 'kiosk:' as const;

/** Core → renderer push events. */
export const KIOSK_EVENTS = [
  'deviceStatus',
  'sessionEnded',
  'configChanged',
  'staffCall',
  'scanRejected',
  'networkState',
  'serviceModeChanged',
  'staffSessionEnded',
] as const;
export type KioskEventName = (typeof KIOSK_EVENTS)[number];

export const methodChannel = (method: KioskMethod): `${typeof CHANNEL_PREFIX}${KioskMethod}` =>
  `${CHANNEL_PREFIX}${method}`;

/** One channel carries all events; the payload names the event. */
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event` as const;

export const isKioskMethod = (value: unknown): value is KioskMethod =>
  typeof value === 'string' && (KIOSK_METHODS as readonly string[]).includes(value);
