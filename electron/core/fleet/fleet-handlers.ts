/**
 * The fleet commands mapped onto the terminal's services. Kept apart from the agent so the agent
 * stays about MQTT, and so the lead can wire the same services into the maintenance screens.
 */
import type { ConfigBundleApplier } from '../config-bundle/bundle-applier.ts';
import type { ConfigStore } from '../config/load-config.ts';
import type { MonthlyReport } from '../evaluation/monthly-report.ts';
import type { ServiceMode } from '../staff/service-mode.ts';
import type { CommandOutcome, FleetCommandHandlers } from './fleet-agent.ts';

export interface FleetServices {
  store: ConfigStore;
  bundles: ConfigBundleApplier;
  serviceMode: ServiceMode;
  /** Recent log text, e.g. `sink.readRecent`. */
  recentLogs(maxBytes: number): string;
  /** Restarts the app (Electron: app.relaunch + quit; browser shell: exit and let the supervisor start it). */
  restart(reason: string): void | Promise<void>;
  /** Prints the receipt printer's test page; absent where the terminal has none wired. */
  printTestReceipt?: () => CommandOutcome | Promise<CommandOutcome>;
  /** Ends a staff-entry lockout (StaffAuth.clearLockout). */
  clearStaffLockout?: () => CommandOutcome | Promise<CommandOutcome>;
  /** Looks again at outbox items held for an unknown key (maintenance/held-items.ts). */
  retryHeldItems?: (stream: string | undefined) => CommandOutcome | Promise<CommandOutcome>;
  /** Builds a month's 好差评 report (report-publisher.ts); absent where the terminal keeps no tally. */
  monthlyReport?: (month: string) => MonthlyReport;
}

export function fleetHandlersFor(services: FleetServices): FleetCommandHandlers {
  return {
    reloadConfig(bundle): CommandOutcome {
      if (bundle === undefined) {
        const result = services.store.reload();
        return result.ok
          ? { ok: true, detail: result.changed ? 'reloaded' : 'unchanged', result: { version: result.config.version } }
          : { ok: false, detail: result.error.message, result: { reason: 'schema', problems: result.error.problems } };
      }
      const result = services.bundles.apply(bundle, 'fleet');
      if (result.ok) return { ok: true, detail: result.applied ? 'applied' : 'already applied', result: { version: result.version } };
      return {
        ok: false,
        detail: `${result.reason}: ${result.detail}`,
        result: { reason: result.reason, ...(result.problems ? { problems: result.problems } : {}), ...(result.version ? { version: result.version } : {}) },
      };
    },
    restart: (reason) => services.restart(reason),
    setOutOfService(active, message): CommandOutcome {
      const state = active ? services.serviceMode.enter('fleet', message) : services.serviceMode.leave('fleet');
      return { ok: true, detail: state.mode, result: { mode: state.mode } };
    },
    collectLogs: (maxBytes) => services.recentLogs(maxBytes),
    ...(services.printTestReceipt ? { printTestReceipt: services.printTestReceipt } : {}),
    ...(services.clearStaffLockout ? { clearStaffLockout: services.clearStaffLockout } : {}),
    ...(services.retryHeldItems ? { retryHeldItems: services.retryHeldItems } : {}),
    ...(services.monthlyReport ? { monthlyReport: services.monthlyReport } : {}),
  };
}
