/**
 * The watchdog's record of unplanned restarts, one JSON line each in `<dataDir>/run/watchdog-restarts.jsonl`.
 * The supervisor appends a line before it starts the kiosk again; the kiosk core reads the file
 * (it cannot have seen its own death) to tell the fleet. A file, not a message: the supervisor and
 * the core are different processes and the core is, by definition, not running when it happens.
 *
 * Bounded: past MAX_LINES the oldest lines are dropped (atomic rewrite). A line that does not parse
 * (a torn write at power loss) is counted, never fatal.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../config/write-file-atomic.ts';

export interface WatchdogRestartRecord {
  /** When the supervisor decided to restart (ISO time). */
  at: string;
  /** Why: "exited (SIGKILL)", "not answering (timeout)", … */
  reason: string;
  /** Unplanned restarts inside the brake's window, this one included. */
  restartsInWindow: number;
  /** True when the brake refused the restart and the terminal went out of service instead. */
  brakeEngaged?: boolean;
}

export interface WatchdogRestartLog {
  records: WatchdogRestartRecord[];
  /** Lines that were not a record (torn writes). */
  unreadableLines: number;
}

const MAX_LINES = 500;
const KEEP_LINES = 250;

export const watchdogRestartsPath = (dataDir: string): string => join(dataDir, 'run', 'watchdog-restarts.jsonl');

export function appendWatchdogRestart(path: string, record: WatchdogRestartRecord): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  appendFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
  if (lines.length > MAX_LINES) writeFileAtomic(path, `${lines.slice(-KEEP_LINES).join('\n')}\n`);
}

export function readWatchdogRestarts(path: string): WatchdogRestartLog {
  if (!existsSync(path)) return { records: [], unreadableLines: 0 };
  const records: WatchdogRestartRecord[] = [];
  let unreadableLines = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (record) records.push(record);
    else unreadableLines++;
  }
  return { records, unreadableLines };
}

/** Restarts recorded within `windowMs` before `now`. */
export function restartsWithin(records: readonly WatchdogRestartRecord[], windowMs: number, now: Date): WatchdogRestartRecord[] {
  return records.filter((r) => {
    const at = Date.parse(r.at);
    return at <= now.getTime() && now.getTime() - at < windowMs;
  });
}

/**
 * Appends a restart decided by a watchdog that keeps no brake history of its own on disk (the
 * Electron shell's core-host and renderer watchdogs): the count in the window comes from the record.
 * Never throws: the restart matters more than its record; the failure is returned for the log.
 */
export function recordWatchdogRestart(dataDir: string, reason: string, windowMs: number, now = new Date()): Error | undefined {
  try {
    const path = watchdogRestartsPath(dataDir);
    const earlier = restartsWithin(readWatchdogRestarts(path).records, windowMs, now).length;
    appendWatchdogRestart(path, { at: now.toISOString(), reason, restartsInWindow: earlier + 1 });
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

function parseRecord(line: string): WatchdogRestartRecord | undefined {
  try {
    const value = JSON.parse(line) as Partial<WatchdogRestartRecord> | null;
    if (!value || typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at)) || typeof value.reason !== 'string') return undefined;
    return {
      at: value.at,
      reason: value.reason.slice(0, 200),
      restartsInWindow: typeof value.restartsInWindow === 'number' ? value.restartsInWindow : 1,
      ...(value.brakeEngaged === true ? { brakeEngaged: true } : {}),
    };
  } catch {
    return undefined;
  }
}
