/**
 * Shared set-up for the outbox integration tests: a migrated database in a temp directory, the
 * outbox with its key, and a sync worker talking to the reference upstream over loopback.
 */
import { closeDatabase, openDatabase, type KioskDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import type { Logger } from '../../electron/core/logging/logger.ts';
import { NetworkMonitor } from '../../electron/core/outbox/network-monitor.ts';
import { Outbox, type OutboxOptions } from '../../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../../electron/core/outbox/outbox-key.ts';
import { classifyFailure, SyncWorker, type SyncWorkerOptions } from '../../electron/core/outbox/sync-worker.ts';
import { UpstreamClient } from '../../electron/core/upstream/upstream-client.ts';

export const TERMINAL_ID = 'KM-0001';

export { tempDir } from './temp-dir.ts';

export function openOutbox(path: string, options: Partial<OutboxOptions> = {}): { db: KioskDatabase; outbox: Outbox; close(): void } {
  const db = openDatabase(path, { migrations });
  const outbox = new Outbox(db, { keys: options.keys ?? new OutboxKey(Buffer.alloc(32, 0x42)), ...options });
  return { db, outbox, close: () => closeDatabase(db) };
}

export interface SyncOptions extends Partial<Omit<SyncWorkerOptions, 'outbox' | 'monitor' | 'upstream'>> {
  timeoutMs?: number;
  offlineProbeMs?: number;
  onlineProbeMs?: number;
}

export function startSync(outbox: Outbox, upstreamUrl: string, options: SyncOptions = {}) {
  const client = new UpstreamClient({ baseUrl: upstreamUrl, timeoutMs: options.timeoutMs ?? 1000, terminalId: TERMINAL_ID });
  const monitor = new NetworkMonitor({
    probe: () => client.checkHealth(),
    classify: (error) => (classifyFailure(error) === 'unreachable' ? 'unreachable' : 'error'),
    offlineProbeMs: options.offlineProbeMs ?? 200,
    onlineProbeMs: options.onlineProbeMs ?? 2000,
    minProbeGapMs: 100,
  });
  const worker = new SyncWorker({ outbox, monitor, upstream: () => client, backoff: { baseMs: 50, capMs: 400 }, ...options });
  worker.start();
  return { client, monitor, worker };
}

/** A logger that keeps its lines, to assert what was (and was not) logged. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const make = (scope: string): Logger => {
    const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      lines.push(JSON.stringify({ level, scope, message, ...fields }));
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (s) => make(`${scope}.${s}`) };
  };
  return { logger: make('test'), lines };
}

/** Accepted submissions of one stream, in the order the upstream accepted them. */
export function acceptedInStream(submissions: ReadonlyMap<string, { body: unknown }>, stream: string): Array<Record<string, unknown>> {
  return [...submissions.values()]
    .map((s) => s.body as { stream: string; payload: Record<string, unknown> })
    .filter((body) => body.stream === stream)
    .map((body) => body.payload);
}
