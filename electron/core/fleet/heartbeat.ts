/**
 * The heartbeat: what a fleet dashboard needs to see that a terminal is well, and what to send an
 * engineer out for. Gathered from callbacks so the agent does not depend on the core's internals.
 */
import { statfs } from 'node:fs/promises';
import type { Alert } from '../alerts/alert-board.ts';
import { errorMessage } from '../util/error-message.ts';

export interface DeviceSummary {
  device: string;
  state: string;
  reason?: string;
  flags?: string[];
}

export interface QueueDepth {
  /** Submissions waiting for the upstream. */
  pending: number;
  /** Submissions the upstream refused (visible, waiting for staff). */
  failed: number;
  /** Enqueue time of the oldest submission still waiting: how long the queue has not moved. */
  oldestPendingAt?: string;
  /** Streams held back behind an item that needs staff (ordering per case). */
  held?: number;
  /** Undelivered items sealed with a key this terminal does not hold: kept, never sent. */
  undecryptable?: number;
}

/** Where the terminal stands, from the config's fleet-authority `site` section. */
export interface SiteSummary {
  region?: string;
  hall?: string;
  tags?: string[];
}

export interface LastError {
  at: string;
  message: string;
  scope?: string;
}

export interface HeartbeatSources {
  appVersion: string;
  configVersion: () => string;
  devices: () => DeviceSummary[];
  queueDepth: () => QueueDepth | Promise<QueueDepth>;
  serviceMode: () => { mode: 'in-service' | 'out-of-service'; since: string; by?: string };
  lastError: () => LastError | null;
  /** A path on the disk that holds the data directory (statfs). */
  diskPath: string;
  /** Newest audit entry: lets the fleet notice a log cut short on the terminal. */
  auditHead?: () => { seq: number; hash: string };
  /** Lines the log sink could not write (full disk). */
  droppedLogLines?: () => number;
  /** What staff must act on (database moved aside, stuck streams, full disk...), critical first. */
  alerts?: () => Alert[];
  site?: () => SiteSummary;
  /** Unplanned watchdog restarts in the last WATCHDOG_RESTART_WINDOW_MINUTES (the supervisor's record on disk). */
  watchdogRestarts?: () => number;
  /** Damaged databases moved aside and still in the data directory (file names only). */
  databasesMovedAside?: () => string[];
}

/** The window of the heartbeat's `watchdogRestarts`: the console's default window for its rule. */
export const WATCHDOG_RESTART_WINDOW_MINUTES = 60;

export interface Heartbeat {
  terminalId: string;
  at: string;
  appVersion: string;
  configVersion: string;
  uptimeSeconds: number;
  serviceMode: ReturnType<HeartbeatSources['serviceMode']>;
  devices: DeviceSummary[];
  queue: QueueDepth | { error: string };
  disk: { freeBytes: number; totalBytes: number } | { error: string };
  lastError: LastError | null;
  auditHead?: { seq: number; hash: string };
  droppedLogLines?: number;
  alerts?: Alert[];
  site?: SiteSummary;
  watchdogRestarts?: number;
  databasesMovedAside?: string[];
}

export async function buildHeartbeat(terminalId: string, sources: HeartbeatSources, now: Date, startedAt: Date): Promise<Heartbeat> {
  // A failing source must not silence the heartbeat: report its error in its field instead.
  const queue = await Promise.resolve()
    .then(() => sources.queueDepth())
    .catch((error: unknown) => ({ error: describe(error) }));
  const disk = await statfs(sources.diskPath)
    .then((s) => ({ freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize }))
    .catch((error: unknown) => ({ error: describe(error) }));
  return {
    terminalId,
    at: now.toISOString(),
    appVersion: sources.appVersion,
    configVersion: sources.configVersion(),
    uptimeSeconds: Math.max(0, Math.round((now.getTime() - startedAt.getTime()) / 1000)),
    serviceMode: sources.serviceMode(),
    devices: sources.devices(),
    queue,
    disk,
    lastError: sources.lastError(),
    ...(sources.auditHead ? { auditHead: sources.auditHead() } : {}),
    ...(sources.droppedLogLines ? { droppedLogLines: sources.droppedLogLines() } : {}),
    ...(sources.alerts ? { alerts: sources.alerts() } : {}),
    ...(sources.site ? { site: sources.site() } : {}),
    ...optional('watchdogRestarts', sources.watchdogRestarts),
    ...optional('databasesMovedAside', sources.databasesMovedAside),
  };
}

/** An evidence source that throws leaves its field out rather than silencing the heartbeat (sources report their own problems). */
function optional<K extends string, T>(key: K, source: (() => T) | undefined): Partial<Record<K, T>> {
  if (!source) return {};
  try {
    return { [key]: source() } as Partial<Record<K, T>>;
  } catch {
    return {};
  }
}

function describe(error: unknown): string {
  return errorMessage(error);
}
