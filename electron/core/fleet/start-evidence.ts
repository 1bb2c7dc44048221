/**
 * What a terminal finds on disk when it starts that the fleet must hear about, because nothing
 * could tell it at the time: unplanned watchdog restarts (the supervisor's record,
 * core/watchdog/restart-record.ts) and damaged databases moved aside (db/safe-open.ts names them
 * `kiosk.db.corrupt-<time>` / `kiosk.db.empty-<time>`).
 *
 * Each piece becomes one fleet event (`watchdog-restart`, `database-moved-aside`), published once,
 * before the heartbeat (so also what is recorded while the core runs, e.g. by the Electron shell's
 * renderer watchdog):
 * what was delivered is remembered in `<dataDir>/fleet-reported.json`, written only after the
 * broker acknowledged the event, so a terminal that is offline reports it on its next connection
 * and one that restarts does not report it twice. If that file is lost or damaged the evidence is
 * reported again: a duplicate is better than silence. The heartbeat carries the same facts as
 * counts and names (watchdogRestarts, databasesMovedAside) for a console that missed the events.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import { isMovedAsideDatabase, movedAsideAt } from '../db/moved-aside-name.ts';
import { readWatchdogRestarts, restartsWithin, watchdogRestartsPath } from '../watchdog/restart-record.ts';
import { WATCHDOG_RESTART_WINDOW_MINUTES } from './heartbeat.ts';

export interface EvidenceEvent {
  /** Stable identity of the evidence, used to remember it was delivered. */
  key: string;
  type: 'watchdog-restart' | 'database-moved-aside';
  /** When it happened (not when it is reported): the console counts restarts in a window by it. */
  at: string;
  data: Record<string, unknown>;
}

export interface StartEvidence {
  /** Evidence not yet delivered, oldest first. */
  pending(): EvidenceEvent[];
  /** The broker acknowledged this event: never publish it again. */
  delivered(event: EvidenceEvent): void;
  watchdogRestarts(): number;
  databasesMovedAside(): string[];
}

interface Reported {
  /** Restarts recorded at or before this time were delivered. */
  watchdogUpTo?: string;
  /** Moved-aside database files already reported. */
  databases: string[];
}

const REMEMBERED_DATABASES = 100;

export const fleetReportedPath = (dataDir: string): string => join(dataDir, 'fleet-reported.json');

export function createStartEvidence(options: { dataDir: string; now?: () => Date; onProblem?: (message: string, fields: Record<string, unknown>) => void }): StartEvidence {
  const { dataDir } = options;
  const now = options.now ?? (() => new Date());
  const restartPath = watchdogRestartsPath(dataDir);
  const reportedPath = fleetReportedPath(dataDir);
  let reported = readReported(reportedPath, options.onProblem);

  const restarts = () => {
    try {
      const log = readWatchdogRestarts(restartPath);
      if (log.unreadableLines > 0) options.onProblem?.('watchdog restart record has unreadable lines', { lines: log.unreadableLines });
      return log.records;
    } catch (error) {
      // Not fatal to the heartbeat or the announcement; the next read tries again.
      options.onProblem?.('watchdog restart record unreadable', { error: (error as Error).message });
      return [];
    }
  };
  const movedAside = (): string[] => {
    try {
      return readdirSync(dataDir)
        .filter(isMovedAsideDatabase)
        .sort();
    } catch (error) {
      options.onProblem?.('data directory unreadable for moved-aside databases', { error: (error as Error).message });
      return [];
    }
  };

  return {
    pending() {
      const floor = reported.watchdogUpTo === undefined ? -Infinity : Date.parse(reported.watchdogUpTo);
      const fromWatchdog: EvidenceEvent[] = restarts()
        .filter((r) => Date.parse(r.at) > floor)
        .map((r) => ({
          key: `watchdog:${r.at}`,
          type: 'watchdog-restart',
          at: r.at,
          data: { reason: r.reason, restartsInWindow: r.restartsInWindow, ...(r.brakeEngaged ? { brakeEngaged: true } : {}) },
        }));
      const fromDatabases: EvidenceEvent[] = movedAside()
        .filter((name) => !reported.databases.includes(name))
        .map((name) => ({ key: `database:${name}`, type: 'database-moved-aside', at: movedAsideAt(name) ?? now().toISOString(), data: { file: name } }));
      return [...fromWatchdog, ...fromDatabases].sort((a, b) => a.at.localeCompare(b.at));
    },
    delivered(event) {
      if (event.type === 'watchdog-restart') {
        if (reported.watchdogUpTo === undefined || event.at > reported.watchdogUpTo) reported = { ...reported, watchdogUpTo: event.at };
      } else {
        const name = String(event.data.file);
        if (!reported.databases.includes(name)) reported = { ...reported, databases: [...reported.databases, name].slice(-REMEMBERED_DATABASES) };
      }
      try {
        writeFileAtomic(reportedPath, `${JSON.stringify(reported)}\n`);
      } catch (error) {
        // Then it is reported again after the next restart: a duplicate, not a loss.
        options.onProblem?.('could not remember a delivered fleet event', { error: (error as Error).message });
      }
    },
    watchdogRestarts: () => restartsWithin(restarts(), WATCHDOG_RESTART_WINDOW_MINUTES * 60_000, now()).length,
    databasesMovedAside: movedAside,
  };
}

function readReported(path: string, onProblem: ((message: string, fields: Record<string, unknown>) => void) | undefined): Reported {
  if (!existsSync(path)) return { databases: [] };
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Reported> | null;
    return {
      ...(typeof value?.watchdogUpTo === 'string' ? { watchdogUpTo: value.watchdogUpTo } : {}),
      databases: Array.isArray(value?.databases) ? value.databases.filter((d): d is string => typeof d === 'string') : [],
    };
  } catch (error) {
    onProblem?.('fleet-reported.json unreadable: start evidence will be reported again', { error: (error as Error).message });
    return { databases: [] };
  }
}
