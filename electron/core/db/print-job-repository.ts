/**
 * Print-job records in SQLite, so "already printed" survives a restart of the kiosk.
 * A job's ESC/POS bytes are never persisted: receipts carry personal data, so the printer is
 * handed them again (resumePending's lookup) instead.
 */
import type { KioskDatabase } from './database.ts';
import type { PrintJobRecord, PrintJobStatus } from '../../../native/printer/print-job-store.ts';

export type { PrintJobRecord, PrintJobStatus };

export interface PrintJobStoreLike {
  get(jobId: string): PrintJobRecord | undefined;
  /** Inserts or replaces the record with this jobId. */
  put(record: PrintJobRecord): void;
  /** Records in this status, oldest updatedAt first. */
  list(status: PrintJobStatus): PrintJobRecord[];
}

interface PrintJobRow {
  job_id: string;
  status: PrintJobStatus;
  attempts: number;
  last_error: string | null;
  updated_at: string;
}

export class SqlitePrintJobStore implements PrintJobStoreLike {
  readonly #select;
  readonly #selectByStatus;
  readonly #upsert;

  /** Needs a database migrated to at least v2 (print_jobs). */
  constructor(db: KioskDatabase) {
    this.#select = db.prepare<[string], PrintJobRow>(
      'SELECT job_id, status, attempts, last_error, updated_at FROM print_jobs WHERE job_id = ?',
    );
    this.#selectByStatus = db.prepare<[PrintJobStatus], PrintJobRow>(
      `SELECT job_id, status, attempts, last_error, updated_at FROM print_jobs
       WHERE status = ? ORDER BY updated_at, job_id`,
    );
    this.#upsert = db.prepare<[PrintJobRow]>(
      `INSERT INTO print_jobs (job_id, status, attempts, last_error, updated_at)
       VALUES (@job_id, @status, @attempts, @last_error, @updated_at)
       ON CONFLICT (job_id) DO UPDATE SET
         status = excluded.status, attempts = excluded.attempts,
         last_error = excluded.last_error, updated_at = excluded.updated_at`,
    );
  }

  get(jobId: string): PrintJobRecord | undefined {
    const row = this.#select.get(jobId);
    return row === undefined ? undefined : fromRow(row);
  }

  list(status: PrintJobStatus): PrintJobRecord[] {
    return this.#selectByStatus.all(status).map(fromRow);
  }

  put(record: PrintJobRecord): void {
    this.#upsert.run({
      job_id: record.jobId,
      status: record.status,
      attempts: record.attempts,
      last_error: record.lastError ?? null,
      updated_at: record.updatedAt,
    });
  }
}

function fromRow(row: PrintJobRow): PrintJobRecord {
  const record: PrintJobRecord = {
    jobId: row.job_id,
    status: row.status,
    attempts: row.attempts,
    updatedAt: row.updated_at,
  };
  if (row.last_error !== null) record.lastError = row.last_error;
  return record;
}
