/**
 * Automatic rollback of a configuration that stops the app from starting. A marker file is
 * written before the start and removed once the start is healthy (the page answered). If the next
 * start finds the marker still there, the previous start failed; when the live config version has
 * never had a healthy start, it is rolled back to its parent before anything loads it.
 *
 * A version that has started healthily once is not rolled back for later failures: those are
 * crashes for the watchdog (restart brake, out of service), not a bad configuration.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { ConfigHistory } from './config-history.ts';
import { writeFileAtomic } from './write-file-atomic.ts';
import type { AuditSink } from '../audit/audit-sink.ts';

export interface BootGuardOptions {
  /** e.g. `<dataDir>/boot.marker.json`. */
  markerPath: string;
  history: ConfigHistory;
  audit?: AuditSink;
  now?: () => Date;
}

interface BootMarker {
  startedAt: string;
  pid: number;
  configSeq: number;
  /** Consecutive starts that did not become healthy, this one included. */
  attempt: number;
}

export interface BootDecision {
  /** Starts in a row that never became healthy, before this one. */
  failedStarts: number;
  /** Set when the live config was rolled back to its parent before this start. */
  rolledBack?: { from: number; to: number };
  /** The config version this start runs. */
  configSeq: number;
}

export class BootGuard {
  readonly #options: BootGuardOptions;

  constructor(options: BootGuardOptions) {
    this.#options = options;
  }

  /** Call before the config is loaded. */
  beginStart(): BootDecision {
    const { history, audit } = this.#options;
    const marker = readMarker(this.#options.markerPath);
    const failedStarts = marker?.attempt ?? 0;
    let head = history.syncExternal();
    let rolledBack: BootDecision['rolledBack'];
    if (marker && marker.configSeq === head.meta.seq && !history.isProven(head.meta.seq)) {
      const step = history.restoreParent();
      if (step) {
        rolledBack = { from: step.from.meta.seq, to: step.to.meta.seq };
        head = step.to;
        audit?.append('system', 'config.rolled-back', { ...rolledBack, reason: 'the start with this version failed', failedStarts });
      }
    }
    const next: BootMarker = {
      startedAt: (this.#options.now?.() ?? new Date()).toISOString(),
      pid: process.pid,
      configSeq: head.meta.seq,
      attempt: failedStarts + 1,
    };
    writeFileAtomic(this.#options.markerPath, `${JSON.stringify(next)}\n`);
    return { failedStarts, configSeq: head.meta.seq, ...(rolledBack ? { rolledBack } : {}) };
  }

  /** Call once the app is up and answering: the live version is proven, the marker goes. */
  markHealthy(): void {
    const head = this.#options.history.head();
    if (head) this.#options.history.markProven(head.meta.seq);
    rmSync(this.#options.markerPath, { force: true });
  }

  /** A clean stop before becoming healthy (e.g. shutdown during start) is not a failure. */
  clear(): void {
    rmSync(this.#options.markerPath, { force: true });
  }
}

function readMarker(path: string): BootMarker | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<BootMarker>;
    if (typeof raw.configSeq === 'number' && typeof raw.attempt === 'number') {
      return { startedAt: String(raw.startedAt), pid: Number(raw.pid), configSeq: raw.configSeq, attempt: raw.attempt };
    }
  } catch {}
  // A marker we cannot read still says the last start did not finish.
  return { startedAt: '', pid: 0, configSeq: -1, attempt: 1 };
}
