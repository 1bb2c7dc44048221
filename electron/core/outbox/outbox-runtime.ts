/**
 * The outbox as the core runs it: the key (from the shell, or the 0600 key file in the data
 * directory), the outbox, the 好差评 tally, the network monitor and the sync worker, plus the
 * monthly report job. start() after the rest of the core is up; stop() refuses new submissions
 * and lets what is due go out for a bounded time.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskDatabase } from '../db/database.ts';
import type { Logger } from '../logging/logger.ts';
import type { UpstreamClient } from '../upstream/upstream-client.ts';
import { queuePreviousMonthReport } from './monthly-report.ts';
import { NetworkMonitor } from './network-monitor.ts';
import { Outbox } from './outbox.ts';
import { OutboxKeyError } from './outbox-errors.ts';
import { loadOrCreateKeyFile, type KeyFileResult, type OutboxKey, type OutboxKeyring } from './outbox-key.ts';
import { ServiceTally } from './service-tally.ts';
import { classifyFailure, SyncWorker } from './sync-worker.ts';

export interface OutboxOptionsForCore {
  /** How long delivered items keep their payload; default 7 days. */
  retentionMs?: number;
  /** Time given at shutdown to deliver what is due; default 3 s. */
  drainMs?: number;
  onlineProbeMs?: number;
  offlineProbeMs?: number;
  poisonStrikes?: number;
}

export interface StartOutboxOptions extends OutboxOptionsForCore {
  db: KioskDatabase;
  dataDir: string;
  upstream: () => UpstreamClient;
  terminalId: () => string;
  logger: Logger;
  keys?: OutboxKey | OutboxKeyring;
}

export interface RunningOutbox {
  outbox: Outbox;
  tally: ServiceTally;
  monitor: NetworkMonitor;
  worker: SyncWorker;
  start(): void;
  stop(): Promise<void>;
}

const REPORT_CHECK_MS = 6 * 3_600_000;

export function startOutbox(options: StartOutboxOptions): RunningOutbox {
  const { logger } = options;
  const keys = options.keys ?? keyFromFile(join(options.dataDir, 'outbox.key'), logger);
  const outbox = new Outbox(options.db, { keys, logger, ...(options.retentionMs ? { retentionMs: options.retentionMs } : {}) });
  const tally = new ServiceTally(options.db);
  const monitor = new NetworkMonitor({
    probe: () => options.upstream().checkHealth(),
    classify: (error) => (classifyFailure(error) === 'unreachable' ? 'unreachable' : 'error'),
    ...(options.onlineProbeMs ? { onlineProbeMs: options.onlineProbeMs } : {}),
    ...(options.offlineProbeMs ? { offlineProbeMs: options.offlineProbeMs } : {}),
  });
  const worker = new SyncWorker({
    outbox,
    monitor,
    upstream: options.upstream,
    logger,
    ...(options.poisonStrikes ? { poisonStrikes: options.poisonStrikes } : {}),
  });
  monitor.on('change', ({ state, previous }) => logger.info('network state', { state, previous }));
  let reportTimer: NodeJS.Timeout | undefined;

  const queueReport = () => {
    try {
      const queued = queuePreviousMonthReport(outbox, tally, options.terminalId());
      if (queued) logger.info('monthly evaluation report queued', { idempotencyKey: queued.item.idempotencyKey });
    } catch (error) {
      logger.error('monthly evaluation report not queued', { error: error instanceof Error ? error.message : String(error) });
    }
  };

  return {
    outbox,
    tally,
    monitor,
    worker,
    start() {
      worker.start();
      queueReport();
      reportTimer = setInterval(queueReport, REPORT_CHECK_MS);
      reportTimer.unref();
    },
    async stop() {
      clearInterval(reportTimer);
      outbox.close();
      await worker.stop({ drainMs: options.drainMs ?? 3000 });
    },
  };
}

function keyFromFile(path: string, logger: Logger): OutboxKey {
  let loaded: KeyFileResult;
  try {
    loaded = loadOrCreateKeyFile(path);
  } catch (error) {
    if (!(error instanceof OutboxKeyError) || !existsSync(path)) throw error;
    // A damaged key file must not keep the terminal from starting (a crash loop serves nobody):
    // it is kept aside for maintenance, a new key seals new submissions, and rows sealed with
    // the old one stay queued and held until it is restored (see SyncWorker, keyReport()).
    const movedTo = `${path}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, movedTo);
    loaded = loadOrCreateKeyFile(path);
    logger.error('outbox key file invalid: moved aside, new key created', { reason: error.message, movedTo, keyId: loaded.key.id });
  }
  const { key, created, permissionsFixed } = loaded;
  if (created) logger.info('outbox key created', { keyId: key.id, path });
  if (permissionsFixed) logger.warn('outbox key file was readable by others; restricted to 0600', { keyId: key.id, path });
  return key;
}
