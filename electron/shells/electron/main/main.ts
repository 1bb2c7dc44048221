/**
 * Electron shell entry (bundled to dist/electron/main/main.cjs). Thin glue: it starts the same
 * core as the browser shell and exposes it to one locked-down window through ipc-registry.ts.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, protocol, session } from 'electron';
import { createKioskCore } from '../../../core/kiosk-core.ts';
import { DEFAULT_RENDERER_POLICY } from '../../shared/watchdog/renderer-watchdog.ts';
import { brakePolicyFrom } from '../../shared/watchdog/restart-brake.ts';
import { APP_SCHEME } from './app-origin.ts';
import { beginGuardedStart, restartApp, scheduleDailyRestart, underSystemd } from './app-lifecycle.ts';
import { createAppProtocolHandler } from './app-protocol.ts';
import { forwardKioskEvents, registerKioskIpc } from './ipc-registry.ts';
import { createKioskWindow } from './kiosk-window.ts';
import { guardWebContents } from './navigation-guard.ts';
import { isPermissionAllowed } from './permissions.ts';
import { printHtmlDocument } from './print-document.ts';
import { utilityDriverSpawner } from './utility-driver-spawner.ts';
import { watchKioskWindow } from './window-watchdog.ts';

type KioskCore = Awaited<ReturnType<typeof createKioskCore>>;

const logger = {
  warn: (message: string, fields?: Record<string, unknown>) => console.warn(`[main] ${message}`, fields ?? ''),
  error: (message: string, fields?: Record<string, unknown>) => console.error(`[main] ${message}`, fields ?? ''),
};

// Must run before 'ready': privileges cannot be granted later.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
app.enableSandbox();
// Voice prompts must play without a prior tap (citizens are guided by voice from the first screen).
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let core: KioskCore | null = null;
  let window: BrowserWindow | null = null;
  let shuttingDown = false;
  let failedStarts = 0;

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, logger));
  app.on('second-instance', () => {
    if (window && !window.isDestroyed()) window.focus();
  });
  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event) => {
    if (shuttingDown || core === null) return;
    event.preventDefault();
    shuttingDown = true;
    const closing = core;
    closing
      .shutdown()
      .catch((error: unknown) => logger.error('core shutdown failed', { error: String(error) }))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      Menu.setApplicationMenu(null);
      const appPath = app.getAppPath();
      const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(appPath, 'resources');
      const dataDir = app.getPath('userData');
      // Before the core reads its config: a version whose last start failed is rolled back here.
      const boot = beginGuardedStart(dataDir, logger);
      failedStarts = boot.decision.failedStarts;
      core = await createKioskCore({
        dataDir,
        resourcesDir,
        shell: 'electron',
        // Restart requests from staff or the fleet relaunch the app (systemd restarts it when it supervises us).
        maintenance: { restart: (reason) => restartApp(app, logger, reason) },
        // A4 reports: silent print from a hidden window, used when config devices.a4Printer is enabled.
        documentPrinter: { print: (html, { printerName }) => printHtmlDocument(html, printerName ? { deviceName: printerName } : {}) },
        // Each driver in a utility process of its own: a hung or crashed driver cannot stall the
        // core's event loop, and with it the window's IPC. Native modules load from app.asar.unpacked there too.
        deviceIsolation: 'process',
        deviceDriverScript: pathToFileURL(path.join(appPath, 'dist', 'electron', 'driver-host', 'driver-host.cjs')),
        deviceDriverSpawner: utilityDriverSpawner,
      });
      const running = core;

      protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(appPath, 'dist', 'renderer')));
      const ses = session.defaultSession;
      ses.setPermissionRequestHandler((contents, permission, callback, details) => {
        const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
        callback(isPermissionAllowed({ permission, requestingUrl: details.requestingUrl ?? contents.getURL(), mediaTypes }));
      });
      ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
        isPermissionAllowed({ permission, requestingUrl: requestingOrigin }),
      );
      // Devices belong to the core (serialport/node-hid), never to web pages.
      ses.setDevicePermissionHandler(() => false);

      const api = core.apiHost;
      registerKioskIpc({
        ipcMain,
        apiHost: api,
        logger,
        getTrustedTarget: () =>
          window && !window.isDestroyed()
            ? { webContentsId: window.webContents.id, mainFrame: window.webContents.mainFrame }
            : null,
      });
      forwardKioskEvents(api, () => (window && !window.isDestroyed() ? window.webContents : null));

      window = createKioskWindow({
        preloadPath: path.join(appPath, 'dist', 'electron', 'preload', 'preload.cjs'),
        devTools: process.env.KIOSK_DEV === '1',
        logger,
      });
      window.on('closed', () => {
        window = null;
      });
      // Checks the page answers (not only that a process lives); the first answer proves the start.
      watchKioskWindow({
        window,
        logger,
        policy: { ...DEFAULT_RENDERER_POLICY, brake: brakePolicyFrom(running.config().watchdog) },
        onHealthy: () => boot.guard.markHealthy(),
      });
      scheduleDailyRestart(
        () => running.config().watchdog.dailyRestartHour,
        () => running.sessions.current() !== undefined,
        () => restartApp(app, logger, 'scheduled daily restart'),
      );
    })
    .catch((error: unknown) => {
      logger.error('startup failed', { error: error instanceof Error ? error.message : String(error), failedStarts });
      // The boot marker stays: the next start rolls back a config version that never started.
      // systemd restarts the unit (with its own brake); elsewhere relaunch, but not forever.
      if (!underSystemd() && failedStarts < 3) app.relaunch();
      app.exit(1);
    });
}
