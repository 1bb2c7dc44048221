/**
 * Channel names shared by the preload, the Electron IPC registry and the WebSocket transport.
 * Kept free of zod so the sandboxed preload bundle stays tiny.
 */
export const CHANNEL_PREFIX = 'kiosk:' as const;

/** Every request/response method of KioskApi, in one list so both shells expose the same set. */
export const KIOSK_METHODS = [
  'getTerminalInfo',
  'startSession',
  'extendSession',
  'endSession',
  'readIdCard',
  'cancelIdCardRead',
  'queryCredit',
  'printCreditReceipt',
  'getDeviceStatus',
] as const;

export type KioskMethod = (typeof KIOSK_METHODS)[number];

/** Core → renderer push events. */
export const KIOSK_EVENTS = ['deviceStatus', 'sessionEnded', 'configChanged'] as const;
export type KioskEventName = (typeof KIOSK_EVENTS)[number];

export const methodChannel = (method: KioskMethod): `${typeof CHANNEL_PREFIX}${KioskMethod}` =>
  `${CHANNEL_PREFIX}${method}`;

/** One channel carries all events; the payload names the event. */
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event` as const;

export const isKioskMethod = (value: unknown): value is KioskMethod =>
  typeof value === 'string' && (KIOSK_METHODS as readonly string[]).includes(value);
