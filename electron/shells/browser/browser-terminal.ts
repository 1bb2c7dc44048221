/**
 * The browser shell's terminal: the core with devices and upstream from the configuration, the
 * UI and KioskApi on loopback, A4 printing through Chromium and CUPS where `lp` is installed.
 * `npm run serve` runs exactly this; the demo runs it too, with simulator device paths and the
 * reference upstream written into its configuration.
 */
import { join } from 'node:path';
import type { DeviceIsolation } from '../../core/devices/configured-devices.ts';
import { createKioskCore, type KioskCore } from '../../core/kiosk-core.ts';
import type { Logger } from '../../core/logging/logger.ts';
import { ChromiumCupsDocumentPrinter } from './chromium-cups-printer.ts';
import { findExecutable } from './find-executable.ts';
import { loadOrCreateKioskToken, writeKioskToken } from './kiosk-token-file.ts';
import { writeLaunchUrlFile } from './launch-url-file.ts';
import { startBrowserShell, type BrowserShell } from './server.ts';
import { errorMessage } from '../../core/util/error-message.ts';

export interface BrowserTerminalOptions {
  dataDir: string;
  /** The shipped resources (default config, catalogue, locales). */
  resourcesDir: string;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Defaults to `<dataDir>/config.json`. */
  configOverridePath?: string;
  logger: Logger;
  /** Where device drivers run; default a child process per driver. */
  deviceIsolation?: DeviceIsolation;
  /** The CUPS client (default 'lp' on PATH); when it is missing the terminal offers no A4 printing. */
  lpCommand?: string;
  /**
   * Keep `<dataDir>/run/launch-url` holding a fresh one-time launch URL for the browser launcher
   * (a new code after each use, and before the current one expires).
   */
  launchUrlFile?: boolean;
  /**
   * Keep the token in `<dataDir>/run/kiosk-token` and reuse it after a restart, so a kiosk page
   * that is already open reconnects; it is rotated when a fresh kiosk browser starts (serve sets this).
   */
  keepToken?: boolean;
}

export interface BrowserTerminal {
  core: KioskCore;
  shell: BrowserShell;
  /** Set when launchUrlFile was asked for. */
  launchUrlFile: string | undefined;
  close(): Promise<void>;
}

const LAUNCH_CODE_TTL_MS = 120_000;
/** One id: a second replay updates the alert, a rotation (the leaked token is worthless then) clears it. */
export const LAUNCH_URL_LEAK_ALERT = 'launch-url-leaked';

export async function startBrowserTerminal(options: BrowserTerminalOptions): Promise<BrowserTerminal> {
  const { logger } = options;
  // Read before the core starts: it tightens loose permissions in the data directory, which would
  // hide that the stored token may have been read by someone else.
  const stored = options.keepToken ? loadOrCreateKioskToken(options.dataDir) : undefined;
  if (stored?.origin === 'replaced') logger.warn('stored token not trusted; a fresh one was made and the kiosk browser must be restarted', { why: stored.why });
  // Without the CUPS client no A4 job can succeed, so the terminal offers none (a4PrintingAvailable).
  const lpCommand = options.lpCommand ?? 'lp';
  const lp = findExecutable(lpCommand);
  if (!lp) logger.info('A4 printing unavailable: no CUPS client', { command: lpCommand });
  // Chromium comes from the fixed locations (chromium-locations.ts), never from the config.
  const documentPrinter = lp ? new ChromiumCupsDocumentPrinter({ lpCommand: lp }) : undefined;
  const core = await createKioskCore({
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    shell: 'browser',
    ...(options.configOverridePath ? { configOverridePath: options.configOverridePath } : {}),
    logger,
    // The browser shell is plain Node, so each driver can run in a child process of its own: a
    // wedged serial driver cannot stall the API the screen depends on.
    deviceIsolation: options.deviceIsolation ?? 'process',
    ...(documentPrinter ? { documentPrinter } : {}),
  });

  let refresh: NodeJS.Timeout | undefined;
  let launchUrlFile: string | undefined;
  let shell: BrowserShell;
  const writeLaunchFile = () => {
    try {
      launchUrlFile = writeLaunchUrlFile(options.dataDir, shell.issueLaunchUrl());
    } catch (error) {
      // The kiosk browser cannot start without it: staff must see this, not a blank screen.
      logger.error('cannot write the launch URL file', { error: errorMessage(error) });
    }
  };
  try {
    shell = await startBrowserShell({
      host: '127.0.0.1',
      port: options.port,
      apiHost: core.apiHost,
      staticDir: options.staticDir,
      logger,
      launchCodes: { ttlMs: LAUNCH_CODE_TTL_MS },
      ...(options.launchUrlFile ? { onLaunchCodeRedeemed: writeLaunchFile } : {}),
      onLaunchCodeReplayed: () =>
        core.outbox.alerts.raise({
          id: LAUNCH_URL_LEAK_ALERT,
          kind: 'launch-url-leaked',
          severity: 'critical',
          detail: 'A one-time kiosk launch link was used a second time: someone else has seen it. Restart the kiosk browser (this replaces the access token) and check who can read the terminal logs and its data directory.',
        }),
      ...(stored
        ? {
            token: stored.token,
            rotateTokenOnFreshLaunch: (token: string) => {
              writeKioskToken(options.dataDir, token);
              core.outbox.alerts.clear(LAUNCH_URL_LEAK_ALERT);
            },
          }
        : {}),
    });
  } catch (error) {
    await core.shutdown();
    throw error;
  }
  if (options.launchUrlFile) {
    writeLaunchFile();
    // A launcher that starts late still finds a live code.
    refresh = setInterval(writeLaunchFile, LAUNCH_CODE_TTL_MS / 2);
    refresh.unref();
  }

  let closing: Promise<void> | undefined;
  return {
    core,
    shell,
    launchUrlFile,
    close: () =>
      (closing ??= (async () => {
        clearInterval(refresh);
        await shell.close();
        await core.shutdown();
      })()),
  };
}

/** The built renderer beside the resources, as laid out in the repository and the deb. */
export const defaultStaticDir = (root: string): string => join(root, 'dist', 'renderer');
