/**
 * Registers one ipcMain handler per KioskApi method and forwards core events to the window.
 * Every handler checks its sender before the core sees anything; payload validation happens in
 * ApiHost.dispatch (zod), exactly as for the browser shell.
 */
import { EVENT_CHANNEL, KIOSK_METHODS, methodChannel, type KioskEventName } from '../../../contract/channels.ts';
import type { KioskEvents, KioskResponse } from '../../../contract/kiosk-api.ts';
import type { ApiHost } from '../../../core/api/dispatcher.ts';
import { checkSender, type InvokeEventLike, type TrustedTarget } from './sender-check.ts';

/** The subset of Electron's ipcMain used here; tests pass a plain object. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** What the preload receives on EVENT_CHANNEL. */
export type IpcEventMessage = {
  [E in KioskEventName]: { event: E; payload: KioskEvents[E] };
}[KioskEventName];

export interface IpcRegistryOptions {
  ipcMain: IpcMainLike;
  apiHost: ApiHost;
  getTrustedTarget: () => TrustedTarget | null;
  logger: IpcLogger;
}

/** Returns a function that removes every handler it registered. */
export function registerKioskIpc(options: IpcRegistryOptions): () => void {
  const { ipcMain, apiHost, getTrustedTarget, logger } = options;
  for (const method of KIOSK_METHODS) {
    ipcMain.handle(methodChannel(method), async (event, payload): Promise<KioskResponse<unknown>> => {
      const verdict = checkSender(event, getTrustedTarget());
      if (!verdict.trusted) {
        logger.warn('ipc call refused', { method, reason: verdict.reason });
        return { ok: false, error: { code: 'UNAUTHORIZED', message: `sender not allowed: ${verdict.reason}` } };
      }
      return apiHost.dispatch(method, payload, { shell: 'electron', connectionId: String(event.sender.id) });
    });
  }
  return () => {
    for (const method of KIOSK_METHODS) ipcMain.removeHandler(methodChannel(method));
  };
}

/** The parts of WebContents used to push events. */
export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, message: IpcEventMessage): void;
}

/** Sends every core event to the current window (none while it is being recreated). */
export function forwardKioskEvents(apiHost: ApiHost, getSink: () => EventSink | null): () => void {
  return apiHost.onEvent((event, payload) => {
    const sink = getSink();
    if (sink === null || sink.isDestroyed()) return;
    sink.send(EVENT_CHANNEL, { event, payload } as IpcEventMessage);
  });
}
