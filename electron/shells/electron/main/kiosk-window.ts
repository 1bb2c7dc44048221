/**
 * The kiosk BrowserWindow: full screen, locked down (context isolation, sandbox, no Node), loading
 * our app:// page. Renderer crashes and hangs are recovered by window-watchdog.ts.
 */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin.ts';
import type { GuardLogger } from './navigation-guard.ts';

export interface KioskWindowOptions {
  preloadPath: string;
  devTools: boolean;
  logger: GuardLogger;
}

export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
      preload: options.preloadPath,
    },
  });
  window.once('ready-to-show', () => window.show());
  // Crashes and hangs are handled by window-watchdog.ts (with a restart brake).
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
