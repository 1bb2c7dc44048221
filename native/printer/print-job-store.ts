/**
 * Where print jobs remember their fate, so a jobId that printed never prints again (a citizen who
 * taps "print" twice, or a retry after a paper refill, gets one receipt). The core provides a
 * SQLite-backed implementation of the same synchronous interface.
 */
export type PrintJobStatus = 'pending' | 'waiting-for-paper' | 'printed' | 'failed';

export interface PrintJobRecord {
  jobId: string;
  status: PrintJobStatus;
  /** Print attempts that got past the "already printed" check. */
  attempts: number;
  /** Machine-readable reason of the last non-printed outcome ('paper-out', 'status-timeout'...). */
  lastError?: string;
  /** ISO-8601 */
  updatedAt: string;
  /**
   * The job's ESC/POS bytes, kept only while the job waits for paper and only when the printer is
   * told to retain them: receipts hold personal data, so a store may refuse to persist them and
   * let the caller hand the bytes back to resumePending().
   */
  bytes?: Uint8Array;
}

export interface PrintJobStore {
  get(jobId: string): PrintJobRecord | undefined;
  /** Inserts or replaces the record with this jobId. */
  put(record: PrintJobRecord): void;
  /**
   * Records in this status, oldest updatedAt first. Optional: without it resumePending() only
   * knows the jobs this process saw waiting, not those from before a restart.
   */
  list?(status: PrintJobStatus): PrintJobRecord[];
}

const copy = (record: PrintJobRecord): PrintJobRecord => {
  const { bytes, ...rest } = record;
  return bytes ? { ...rest, bytes: Uint8Array.from(bytes) } : { ...rest };
};

export class InMemoryPrintJobStore implements PrintJobStore {
  readonly #records = new Map<string, PrintJobRecord>();

  get(jobId: string): PrintJobRecord | undefined {
    const record = this.#records.get(jobId);
    return record && copy(record);
  }

  put(record: PrintJobRecord): void {
    this.#records.set(record.jobId, copy(record));
  }

  list(status: PrintJobStatus): PrintJobRecord[] {
    return [...this.#records.values()]
      .filter((r) => r.status === status)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
      .map(copy);
  }

  get size(): number {
    return this.#records.size;
  }
}
