/**
 * Starting and restarting the Electron app as a kiosk: the boot guard around the start (automatic
 * rollback of a config that stops it), how to restart (systemd restarts a unit whose process
 * exits; elsewhere, e.g. Windows, the app relaunches itself), and the daily restart at the quiet
 * hour. Types only from 'electron'.
 */
import type { App } from 'electron';
import { AuditLog } from '../../../core/audit/audit-log.ts';
import { BootGuard, type BootDecision } from '../../../core/config/boot-guard.ts';
import { ConfigHistory } from '../../../core/config/config-history.ts';
import { maintenancePaths } from '../../../core/config/maintenance-paths.ts';
import { nextDailyRestart } from '../../shared/watchdog/daily-restart.ts';

export interface LifecycleLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Before the core loads its config: rolls back a version whose last start failed. */
export function beginGuardedStart(dataDir: string, logger: LifecycleLogger): { guard: BootGuard; decision: BootDecision } {
  const paths = maintenancePaths(dataDir);
  const history = new ConfigHistory({ historyDir: paths.configHistory, overridePath: paths.override });
  const guard = new BootGuard({ markerPath: paths.bootMarker, history, audit: new AuditLog({ path: paths.audit }) });
  const decision = guard.beginStart();
  if (decision.rolledBack) logger.warn('config rolled back after a failed start', decision.rolledBack);
  if (decision.failedStarts > 0) logger.warn('previous start did not become healthy', { failedStarts: decision.failedStarts });
  return { guard, decision };
}

/** Started by systemd (it sets INVOCATION_ID): the unit restarts a process that ends. */
export const underSystemd = (): boolean => Boolean(process.env.INVOCATION_ID);

/**
 * A planned restart: quit normally (before-quit shuts the core down cleanly), and relaunch unless
 * systemd will start us again anyway (two instances would race for the single-instance lock).
 */
export function restartApp(app: App, logger: LifecycleLogger, reason: string): void {
  logger.warn('restarting', { reason });
  if (!underSystemd()) app.relaunch();
  app.quit();
}

const BUSY_RETRY_MS = 5 * 60_000;

/**
 * Schedules the planned restart at the config's quiet hour; while a citizen is being served it
 * waits (5-minute steps) rather than cut them off. Returns a cancel function.
 */
export function scheduleDailyRestart(hour: () => number | null, isBusy: () => boolean, onRestart: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const due = () => {
    if (isBusy()) timer = setTimeout(due, BUSY_RETRY_MS);
    else onRestart();
  };
  const h = hour();
  if (h !== null) {
    const now = new Date();
    timer = setTimeout(due, nextDailyRestart(now, h).getTime() - now.getTime());
  }
  return () => clearTimeout(timer);
}
