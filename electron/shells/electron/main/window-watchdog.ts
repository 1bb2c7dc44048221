/**
 * Electron glue for the renderer watchdog (electron/shells/shared/watchdog/renderer-watchdog.ts holds every
 * decision): feeds it the window's crash and unresponsive events and a periodic ping into the page,
 * and carries out what it decides: reload, kill the hung renderer and reload, or show the
 * out-of-service page. Types only from 'electron', so this module loads without the binary.
 */
import type { BrowserWindow } from 'electron';
import { outOfServicePage, type OutOfServiceText } from '../../shared/watchdog/out-of-service-page.ts';
import {
  DEFAULT_RENDERER_POLICY,
  RENDERER_PING_SCRIPT,
  initialRendererState,
  stepRendererWatchdog,
  type RendererAction,
  type RendererEvent,
  type RendererWatchdogPolicy,
} from '../../shared/watchdog/renderer-watchdog.ts';
import { APP_ENTRY_URL } from './app-origin.ts';

export interface WindowWatchdogLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface WindowWatchdogOptions {
  window: BrowserWindow;
  logger: WindowWatchdogLogger;
  policy?: RendererWatchdogPolicy;
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** First time the page answered: the start is healthy (boot guard). */
  onHealthy?: () => void;
  onOutOfService?: (reason: string) => void;
  /** Each unplanned reload or kill-and-reload of the page (recorded for the fleet). */
  onRestart?: (reason: string) => void;
  outOfServiceText?: () => OutOfServiceText | undefined;
}

/** An isolated world shares the page's main thread (so a hang blocks it) but not its globals. */
const PING_WORLD = 1001;

export function watchKioskWindow(options: WindowWatchdogOptions): { stop(): void } {
  const { window, logger } = options;
  const policy = options.policy ?? DEFAULT_RENDERER_POLICY;
  const pingTimeoutMs = options.pingTimeoutMs ?? 3000;
  let state = initialRendererState(Date.now());
  let pinging = false;
  /** We crashed the renderer ourselves: its 'gone' event is not a new fault. */
  let killedByUs = false;

  const feed = (event: RendererEvent) => {
    const step = stepRendererWatchdog(state, event, policy);
    state = step.state;
    perform(step.action);
  };

  const perform = (action: RendererAction) => {
    if (window.isDestroyed()) return;
    switch (action.kind) {
      case 'none':
        return;
      case 'became-healthy':
        options.onHealthy?.();
        return;
      case 'reload':
        logger.warn('renderer watchdog: reloading', { reason: action.reason });
        options.onRestart?.(`renderer reloaded (${action.reason})`);
        void window.loadURL(APP_ENTRY_URL).catch(() => {});
        return;
      case 'kill-and-reload':
        logger.warn('renderer watchdog: killing hung renderer', { reason: action.reason });
        options.onRestart?.(`hung renderer killed (${action.reason})`);
        killedByUs = true;
        window.webContents.forcefullyCrashRenderer();
        void window.loadURL(APP_ENTRY_URL).catch(() => {});
        return;
      case 'show-out-of-service':
        logger.error('renderer watchdog: out of service', { reason: action.reason });
        options.onOutOfService?.(action.reason);
        void window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(outOfServicePage(options.outOfServiceText?.()))}`).catch(() => {});
        return;
    }
  };

  const onGone = (_event: unknown, details: { reason: string }) => {
    if (killedByUs) {
      killedByUs = false;
      return;
    }
    feed({ type: 'render-process-gone', reason: details.reason, at: Date.now() });
  };
  const onUnresponsive = () => feed({ type: 'unresponsive', at: Date.now() });
  const onResponsive = () => feed({ type: 'responsive', at: Date.now() });
  window.webContents.on('render-process-gone', onGone);
  window.on('unresponsive', onUnresponsive);
  window.on('responsive', onResponsive);

  const ping = async () => {
    if (window.isDestroyed()) return stop();
    feed({ type: 'tick', at: Date.now() });
    if (pinging || state.health === 'out-of-service') return;
    pinging = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        window.webContents.executeJavaScriptInIsolatedWorld(PING_WORLD, [{ code: RENDERER_PING_SCRIPT }]),
        new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), pingTimeoutMs))),
      ]);
      feed(answer === 'timeout' ? { type: 'ping-failed', at: Date.now() } : { type: 'ping-answered', rendered: answer === true, at: Date.now() });
    } catch {
      feed({ type: 'ping-failed', at: Date.now() });
    } finally {
      clearTimeout(timer);
      pinging = false;
    }
  };
  const interval = setInterval(() => void ping(), options.pingIntervalMs ?? 5000);

  function stop(): void {
    clearInterval(interval);
    if (window.isDestroyed()) return;
    window.webContents.off('render-process-gone', onGone);
    window.off('unresponsive', onUnresponsive);
    window.off('responsive', onResponsive);
  }
  return { stop };
}
