/**
 * Electron shell entry (bundled to dist/electron/main/main.cjs). Thin glue: the core runs in a
 * utility process of its own (the core host), so SQLite and device I/O never block this process,
 * and the one locked-down window talks to it over a MessagePort with the browser shell's frames.
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain, MessageChannelMain, Menu, protocol, safeStorage, session, utilityProcess, type MessagePortMain } from 'electron';
import { createLogger } from '../../../core/logging/logger.ts';
import { createRotatingFileSink } from '../../../core/logging/rotating-file-sink.ts';
import { DEFAULT_RENDERER_POLICY } from '../../shared/watchdog/renderer-watchdog.ts';
import { brakePolicyFrom } from '../../shared/watchdog/restart-brake.ts';
import { APP_SCHEME } from './app-origin.ts';
import { beginGuardedStart, restartApp, scheduleDailyRestart, underSystemd } from './app-lifecycle.ts';
import { createAppProtocolHandler } from './app-protocol.ts';
import { CORE_PORT_CHANNEL, CORE_PORT_REQUEST_CHANNEL } from '../preload/core-port-channels.ts';
import { startCoreHostProcess, type CoreHostProcess } from './core-host-process.ts';
import { refusedDebugSwitch } from './debug-switches.ts';
import { createKioskWindow } from './kiosk-window.ts';
import { guardWebContents } from './navigation-guard.ts';
import { isPermissionAllowed } from './permissions.ts';
import { printHtmlDocument } from './print-document.ts';
import { checkSender } from './sender-check.ts';
import { utilityDriverSpawner } from './utility-driver-spawner.ts';
import { watchKioskWindow } from './window-watchdog.ts';
import { loadOrCreateWrappedKey } from './wrapped-outbox-key.ts';
import { errorMessage } from '../../../core/util/error-message.ts';
import { recordWatchdogRestart } from '../../../core/watchdog/restart-record.ts';
import { WATCHDOG_RESTART_WINDOW_MINUTES } from '../../../core/fleet/heartbeat.ts';

const RESTART_REPORT_WINDOW_MS = WATCHDOG_RESTART_WINDOW_MINUTES * 60_000;

// The one logger, as in the core: JSON lines scrubbed of ID, phone and card numbers, to stderr and to
// a rotating file of its own beside the core's (two processes never share one file).
const mainLogSink = createRotatingFileSink({ path: path.join(app.getPath('userData'), 'logs', 'electron-main.log') });
const logger = createLogger({
  scope: 'main',
  write: (line) => {
    mainLogSink.write(line);
    process.stderr.write(`${line}\n`);
  },
});

// Must run before 'ready': privileges cannot be granted later.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
app.enableSandbox();
// Voice prompts must play without a prior tap (citizens are guided by voice from the first screen).
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

// A packaged kiosk never opens DevTools or a debugging port, whatever switch it was started with.
const debugSwitch = refusedDebugSwitch((name) => app.commandLine.hasSwitch(name), app.isPackaged);
if (debugSwitch !== null) {
  logger.error('refusing to start with a debugging switch', { switch: debugSwitch });
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let core: CoreHostProcess<MessagePortMain> | null = null;
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
      .stop()
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
      // Unplanned restarts go on the record the core reports to the fleet once it is up again.
      const recordRestart = (reason: string) => {
        const failed = recordWatchdogRestart(dataDir, reason, RESTART_REPORT_WINDOW_MS);
        if (failed) logger.warn('watchdog restart not recorded', { error: failed.message });
      };
      const wrapped = loadOrCreateWrappedKey(path.join(dataDir, 'keys', 'outbox.safestorage'), safeStorage);
      if (wrapped.kind === 'unavailable') logger.warn('outbox key not kept in the OS key store; the core uses its fixed places', { reason: wrapped.reason });
      else if (wrapped.created) logger.info('outbox key created and wrapped by the OS key store');
      core = await startCoreHostProcess<MessagePortMain>({
        fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
        script: path.join(appPath, 'dist', 'electron', 'core-host', 'core-host.cjs'),
        start: { dataDir, resourcesDir, version: app.getVersion(), ...(wrapped.kind === 'key' ? { outboxKey: wrapped.bytes } : {}) },
        // Each driver in a utility process of its own, started here for the core host (which
        // cannot start one): a hung or crashed driver cannot stall the core. Native modules load
        // from app.asar.unpacked there too.
        spawnDriver: (name) => utilityDriverSpawner(path.join(appPath, 'dist', 'electron', 'driver-host', 'driver-host.cjs'), { name }),
        // A4 reports: silent print from a hidden window, used when config devices.a4Printer is enabled.
        print: (html, printerName) => printHtmlDocument(html, printerName ? { deviceName: printerName } : {}),
        // Restart requests from staff or the fleet relaunch the app (systemd restarts it when it supervises us).
        restart: (reason) => restartApp(app, logger, reason),
        // Without its core the window can only show errors: start over (the boot guard counts it).
        onUnexpectedExit: (code) => {
          recordRestart(`core host exited (code ${code})`);
          restartApp(app, logger, `core host exited (code ${code})`);
        },
        logger,
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

      // Each page load asks for its own channel; only our window's main frame gets one.
      ipcMain.on(CORE_PORT_REQUEST_CHANNEL, (event) => {
        const target = window && !window.isDestroyed() ? { webContentsId: window.webContents.id, mainFrame: window.webContents.mainFrame } : null;
        const verdict = checkSender(event, target);
        if (!verdict.trusted) return logger.warn('core port refused', { reason: verdict.reason });
        const { port1, port2 } = new MessageChannelMain();
        running.connect(port1, String(event.sender.id));
        event.sender.postMessage(CORE_PORT_CHANNEL, null, [port2]);
      });

      window = createKioskWindow({
        preloadPath: path.join(appPath, 'dist', 'electron', 'preload', 'preload.cjs'),
        // Development builds only: a packaged kiosk ignores the variable.
        devTools: !app.isPackaged && process.env.KIOSK_DEV === '1',
        logger,
      });
      window.on('closed', () => {
        window = null;
      });
      // Checks the page answers (not only that a process lives); the first answer proves the start.
      watchKioskWindow({
        window,
        logger,
        policy: { ...DEFAULT_RENDERER_POLICY, brake: brakePolicyFrom(running.status().watchdog) },
        onHealthy: () => boot.guard.markHealthy(),
        onRestart: recordRestart,
      });
      scheduleDailyRestart(
        () => running.status().watchdog.dailyRestartHour,
        () => running.status().sessionActive,
        () => restartApp(app, logger, 'scheduled daily restart'),
      );
    })
    .catch((error: unknown) => {
      logger.error('startup failed', { error: errorMessage(error), failedStarts });
      // The boot marker stays: the next start rolls back a config version that never started.
      // systemd restarts the unit (with its own brake); elsewhere relaunch, but not forever.
      if (!underSystemd() && failedStarts < 3) app.relaunch();
      app.exit(1);
    });
}
