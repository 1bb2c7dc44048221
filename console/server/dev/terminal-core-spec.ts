/** What terminal-cores.ts hands a demo terminal process (terminal-core-process.ts), and its ready line. */
import type { DeviceIsolation } from '../../../electron/core/devices/configured-devices.ts';

export interface TerminalCoreSpec {
  dataDir: string;
  port: number;
  panelPort: number;
  projectRoot: string;
  deviceIsolation: DeviceIsolation;
  /** Merged over the stack's device paths and upstream URL at the first start. */
  configOverride: Record<string, unknown>;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The reference payment server's behaviour (a test: queries lagging the notification). */
  paymentServer?: { queryLagMs?: number };
}

/** Printed on stdout, followed by JSON {url, panelUrl, upstreamUrl, launchUrlFile, pid}, each time the process is up. */
export const READY_PREFIX = 'TERMINAL_CORE_READY ';
