/**
 * A complete KioskHandlers table for shell and dispatcher tests: the handlers a test cares about,
 * and for every other method of the contract a fallback (usually one that throws). Built from
 * KIOSK_METHODS so a method added to the contract never breaks a test that does not use it.
 */
import { KIOSK_METHODS, type KioskMethod } from '../../electron/contract/channels.ts';
import type { KioskHandler, KioskHandlers } from '../../electron/core/api/dispatcher.ts';

export function handlerTable(
  handlers: Partial<KioskHandlers>,
  fallback: (method: KioskMethod) => KioskHandler<KioskMethod>,
): KioskHandlers {
  const table = {} as Record<KioskMethod, KioskHandler<KioskMethod>>;
  for (const method of KIOSK_METHODS) {
    table[method] = (handlers[method] as KioskHandler<KioskMethod> | undefined) ?? fallback(method);
  }
  return table as KioskHandlers;
}
