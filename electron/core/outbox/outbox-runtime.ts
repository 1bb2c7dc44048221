/**
 * The outbox as the core runs it: the key ring (outbox-keyring-store.ts), the sequence ledger
 * kept beside the database, the outbox, the 好差评 tally, the network monitor and the sync
 * worker, plus the monthly report job. Problems it finds at start (lost sequences, invalid keys,
 * unreadable items) go on the alert board as well as in the log. start() after the rest of the core is up; stop() refuses new submissions
 * and lets what is due go out for a bounded time.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { AlertBoard } from '../alerts/alert-board.ts';
import { credentialsDir } from '../config/credentials.ts';
import type { KioskDatabase } from '../db/database.ts';
import type { Logger } from '../logging/logger.ts';
import type { UpstreamClient } from '../upstream/upstream-client.ts';
import { queuePreviousMonthReport } from '../evaluation/monthly-report.ts';
import { NetworkMonitor } from './network-monitor.ts';
import { Outbox } from './outbox.ts';
import type { OutboxKey, OutboxKeyring } from './outbox-key.ts';
import { keysDirOf, loadKeyring } from './outbox-keyring-store.ts';
import { SequenceLedger, type SequenceGap } from './sequence-ledger.ts';
import { ServiceTally } from '../evaluation/service-tally.ts';
import { classifyFailure, SyncWorker } from './sync-worker.ts';
import { errorMessage } from '../util/error-message.ts';

export interface OutboxOptionsForCore {
  /** How long delivered items keep their payload; default 7 days. */
  retentionMs?: number;
  /** Time given at shutdown to deliver what is due; default 3 s. */
  drainMs?: number;
  onlineProbeMs?: number;
  offlineProbeMs?: number;
  /** A stream whose head has not gone out for this long raises an alert (config outbox.stuckAlertMinutes). */
  stuckAlertMs?: number;
  /** Free space kept for delivering the queue; new submissions are refused below it (config outbox.reserveMiB). */
  reserveBytes?: number;
}

export interface StartOutboxOptions extends OutboxOptionsForCore {
  db: KioskDatabase;
  dataDir: string;
  upstream: () => UpstreamClient;
  terminalId: () => string;
  logger: Logger;
  /** From the shell (Electron: unwrapped with safeStorage); otherwise the fixed places of outbox-keyring-store.ts. */
  keys?: OutboxKey | OutboxKeyring;
  /** Where stuck streams, lost sequences, full disks and unreadable items are shown. */
  alerts?: AlertBoard;
}

export interface RunningOutbox {
  outbox: Outbox;
  /** The board the outbox raises its alerts on (the one passed in, or its own). */
  alerts: AlertBoard;
  tally: ServiceTally;
  monitor: NetworkMonitor;
  worker: SyncWorker;
  /** Gaps in the outbox sequence recorded so far (acknowledged ones too: they are evidence). */
  sequenceGaps(): SequenceGap[];
  /**
   * Staff saw a gap: it is marked in the ledger, kept, and its alert cleared. Undefined when no
   * such gap is recorded; throws when the mark cannot be written (the alert then stays).
   */
  acknowledgeSequenceGap(from: number, to: number, staffId: string): SequenceGap | undefined;
  start(): void;
  stop(): Promise<void>;
}

const REPORT_CHECK_MS = 6 * 3_600_000;

export function startOutbox(input: StartOutboxOptions): RunningOutbox {
  const alerts = input.alerts ?? new AlertBoard();
  const options = { ...input, alerts };
  const { logger } = options;
  const keys = keyringFor(options);
  const sequenceLedger = openSequenceLedger(join(options.dataDir, 'outbox-sequence.json'), options);
  checkAgainstLedger(options.db, sequenceLedger, options);
  const outbox = new Outbox(options.db, {
    keys,
    logger,
    sequenceLedger,
    alerts,
    ...(options.retentionMs ? { retentionMs: options.retentionMs } : {}),
    ...(options.reserveBytes !== undefined ? { reserve: { bytes: options.reserveBytes } } : {}),
  });
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
    ...(options.alerts ? { alerts: options.alerts } : {}),
    ...(options.stuckAlertMs ? { stuckAlertMs: options.stuckAlertMs } : {}),
  });
  monitor.on('change', ({ state, previous }) => logger.info('network state', { state, previous }));
  let reportTimer: NodeJS.Timeout | undefined;

  const queueReport = () => {
    try {
      const queued = queuePreviousMonthReport(outbox, tally, options.terminalId());
      if (queued) logger.info('monthly evaluation report queued', { idempotencyKey: queued.item.idempotencyKey });
    } catch (error) {
      logger.error('monthly evaluation report not queued', { error: errorMessage(error) });
    }
  };

  return {
    outbox,
    alerts,
    tally,
    monitor,
    worker,
    sequenceGaps: () => sequenceLedger.marks.gaps,
    acknowledgeSequenceGap(from, to, staffId) {
      const gap = sequenceLedger.acknowledgeGap(from, to, staffId, new Date());
      if (gap) {
        alerts.clear(gapAlertId(gap));
        logger.warn('outbox sequence gap acknowledged by staff; its record is kept', { from, to, staffId });
      }
      return gap;
    },
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
      sequenceLedger.flush();
    },
  };
}

/** An unreadable ledger is kept aside and rebuilt from the database: a crash loop serves nobody. */
function openSequenceLedger(path: string, options: StartOutboxOptions & { alerts: AlertBoard }): SequenceLedger {
  const ledgerOptions = { onWriteProblem: (problem: Error | undefined) => ledgerWriteProblem(path, problem, options) };
  try {
    return new SequenceLedger(path, ledgerOptions);
  } catch (error) {
    const movedTo = `${path}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, movedTo);
    const detail = `the outbox sequence ledger was unreadable (${errorMessage(error)}); moved aside to ${movedTo}: lost submissions can no longer be detected against it`;
    options.logger.error('outbox sequence ledger unreadable', { movedTo });
    options.alerts?.raise({ id: 'outbox-ledger-unreadable', kind: 'database-behind-ledger', severity: 'warning', detail });
    return new SequenceLedger(path, ledgerOptions);
  }
}

const LEDGER_WRITE_ALERT = 'outbox-ledger-write';

/**
 * Submissions stay safe in the database when the ledger cannot be written, but a database
 * replaced meanwhile could no longer be told from a fresh one: staff must free the disk or fix the folder.
 */
function ledgerWriteProblem(path: string, problem: Error | undefined, options: StartOutboxOptions & { alerts: AlertBoard }): void {
  if (problem === undefined) {
    if (options.alerts.clear(LEDGER_WRITE_ALERT)) options.logger.info('outbox sequence ledger written again', { path });
    return;
  }
  options.logger.error('outbox sequence ledger not written', { path, error: problem.message });
  options.alerts.raise({
    id: LEDGER_WRITE_ALERT,
    kind: 'outbox-ledger-write-failed',
    severity: 'warning',
    detail:
      `the outbox sequence ledger ${path} cannot be written (${problem.message.slice(0, 200)}): submissions are kept, ` +
      'but lost ones could not be detected if the database were replaced now; free disk space or fix the data folder',
  });
}

function gapAlertId(gap: SequenceGap): string {
  return `outbox-lost:${gap.from}-${gap.to}`;
}

/**
 * A database holding fewer submissions than were acknowledged (missing, emptied, an old backup)
 * is never a silent fresh start: the gap is recorded in the ledger and shown until staff act.
 */
function checkAgainstLedger(db: KioskDatabase, ledger: SequenceLedger, options: StartOutboxOptions): void {
  const highest = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM outbox').get() as { id: number }).id;
  const gap = ledger.reconcile(highest, new Date());
  if (gap) options.logger.error('outbox database holds fewer submissions than were acknowledged', { ...gap });
  // Acknowledged gaps stay in the ledger as evidence but are not raised again.
  for (const known of ledger.marks.gaps.filter((g) => g.acknowledgedAt === undefined)) {
    options.alerts?.raise({
      id: gapAlertId(known),
      kind: 'database-behind-ledger',
      severity: 'critical',
      since: known.detectedAt,
      detail:
        `submissions #${known.from}-#${known.to} were acknowledged to citizens but are not in the database ` +
        `(up to ${known.undelivered} of them not yet delivered): recover them from the files moved aside next to the database or from backup`,
    });
  }
}

/** The key ring from its fixed places (outbox-keyring-store.ts); every problem is logged and shown. */
function keyringFor(options: StartOutboxOptions & { alerts: AlertBoard }): OutboxKeyring {
  const { logger } = options;
  const loaded = loadKeyring({ dataDir: options.dataDir, credentialsDir: credentialsDir(options.dataDir), ...(options.keys ? { shell: options.keys } : {}) });
  const { keyring } = loaded;
  // A damaged key file must not keep the terminal from starting (a crash loop serves nobody):
  // it is kept aside, and rows sealed with that key stay queued and held until it is restored.
  for (const { path, movedTo, reason } of loaded.movedAside) logger.error('outbox key file invalid: moved aside', { path, movedTo, reason });
  for (const { path, reason } of loaded.unusable) logger.error('outbox key in the credentials folder is invalid: not used', { path, reason });
  if (loaded.movedAside.length + loaded.unusable.length > 0) {
    options.alerts.raise({
      id: 'outbox-key-invalid',
      kind: 'outbox-undecryptable',
      severity: 'critical',
      detail:
        `invalid outbox key file(s): ${[...loaded.movedAside.map((m) => `${m.path} (moved to ${m.movedTo})`), ...loaded.unusable.map((u) => u.path)].join(', ')}; ` +
        'items sealed with those keys cannot be sent until a valid copy is put back',
    });
  }
  if (loaded.created) logger.info('outbox key created', { keyId: loaded.created.id, path: keysDirOf(options.dataDir) });
  for (const path of loaded.permissionsFixed) logger.warn('outbox key file was readable by others; restricted to 0600', { path });
  logger.info('outbox key ring', { source: loaded.source, current: keyring.current.id, keys: 1 + (keyring.previous?.length ?? 0) });
  return keyring;
}
