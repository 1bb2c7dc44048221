/**
 * Evidence kept outside the database: the highest outbox sequence (row id) ever acknowledged to
 * a citizen and the highest delivered. A database that went missing, was emptied, or was
 * replaced by an old backup then cannot pass for a fresh start: it holds fewer submissions than
 * the ledger says were acknowledged, and that gap is an alert. New sequences continue above the
 * ledger's mark, so they never go backwards across a replaced database.
 *
 * The first acknowledgement is written and fsynced at once (the "ever acknowledged" evidence);
 * later marks are written once per event-loop turn without fsync: a mark a power cut loses is
 * caught up by the database itself, which holds the rows.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

export interface SequenceMarks {
  acknowledged: number;
  delivered: number;
  /** Ranges of acknowledged sequences the database no longer holds, kept until staff clear them. */
  gaps: SequenceGap[];
}

export interface SequenceGap {
  from: number;
  to: number;
  /** How many of them had not been delivered when the gap was found (at most). */
  undelivered: number;
  detectedAt: string;
  /** Staff saw it (its alert goes); the gap itself stays recorded as evidence. */
  acknowledgedAt?: string;
  acknowledgedBy?: string;
}

export interface SequenceLedgerOptions {
  /** Told when a write starts failing (the error) and when one succeeds again (undefined). */
  onWriteProblem?: (error: Error | undefined) => void;
}

const EMPTY: SequenceMarks = { acknowledged: 0, delivered: 0, gaps: [] };

export class SequenceLedger {
  readonly path: string;
  #marks: SequenceMarks;
  #writePending = false;
  #evidenceOnDisk: boolean;
  /** The last write that failed (a full disk, say); the marks are written again with the next change. */
  lastWriteError: Error | undefined;

  readonly #onWriteProblem: SequenceLedgerOptions['onWriteProblem'];

  constructor(path: string, options: SequenceLedgerOptions = {}) {
    this.path = path;
    this.#onWriteProblem = options.onWriteProblem;
    this.#marks = readMarks(path);
    this.#evidenceOnDisk = this.#marks.acknowledged > 0;
  }

  get marks(): SequenceMarks {
    return { ...this.#marks, gaps: this.#marks.gaps.map((gap) => ({ ...gap })) };
  }

  acknowledged(id: number): void {
    if (id <= this.#marks.acknowledged) return;
    this.#marks.acknowledged = id;
    // Until one acknowledgement is on disk for sure, each is written and fsynced at once.
    if (!this.#evidenceOnDisk) this.#write(true);
    else this.#soon();
  }

  delivered(id: number): void {
    if (id <= this.#marks.delivered) return;
    this.#marks.delivered = id;
    this.#soon();
  }

  /** Compares the database's highest sequence with the marks; records and returns a new gap. */
  reconcile(highestInDatabase: number, now: Date): SequenceGap | undefined {
    const { acknowledged, delivered } = this.#marks;
    if (highestInDatabase >= acknowledged) return undefined;
    const from = highestInDatabase + 1;
    if (this.#marks.gaps.some((gap) => gap.from === from && gap.to === acknowledged)) return undefined;
    const gap = { from, to: acknowledged, undelivered: acknowledged - Math.max(delivered, highestInDatabase), detectedAt: now.toISOString() };
    this.#marks.gaps.push(gap);
    this.#write(true);
    return { ...gap };
  }

  /**
   * Staff acknowledge a gap: it is marked (durably) and kept, so the evidence of what was lost
   * survives; only its alert goes. Undefined when no such gap is recorded. Throws when the mark
   * cannot be written: then the acknowledgement did not happen.
   */
  acknowledgeGap(from: number, to: number, staffId: string, now: Date): SequenceGap | undefined {
    const gap = this.#marks.gaps.find((known) => known.from === from && known.to === to);
    if (gap === undefined) return undefined;
    if (gap.acknowledgedAt === undefined) {
      gap.acknowledgedAt = now.toISOString();
      gap.acknowledgedBy = staffId;
      this.#write(true);
      if (this.lastWriteError !== undefined) {
        delete gap.acknowledgedAt;
        delete gap.acknowledgedBy;
        throw this.lastWriteError;
      }
    }
    return { ...gap };
  }

  /** Writes what is pending now (shutdown). */
  flush(): void {
    if (this.#writePending) this.#write(false);
  }

  #soon(): void {
    if (this.#writePending) return;
    this.#writePending = true;
    setImmediate(() => {
      if (this.#writePending) this.#write(false);
    });
  }

  /**
   * Never throws: it runs after the enqueue committed (the citizen's submission is safe whatever
   * happens here) or on a later turn of the event loop. A failed write is retried with the next change.
   */
  #write(durable: boolean): void {
    this.#writePending = false;
    const temp = `${this.path}.tmp`;
    try {
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(this.#marks)}\n`);
        if (durable) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
      const recovered = this.lastWriteError !== undefined;
      this.lastWriteError = undefined;
      if (durable && this.#marks.acknowledged > 0) this.#evidenceOnDisk = true;
      if (recovered) this.#tell(undefined);
    } catch (error) {
      const first = this.lastWriteError === undefined;
      this.lastWriteError = error instanceof Error ? error : new Error(String(error));
      // Once per run of failures: a full disk fails every write until it is freed.
      if (first) this.#tell(this.lastWriteError);
    }
  }

  #tell(problem: Error | undefined): void {
    try {
      this.#onWriteProblem?.(problem);
    } catch {
      // The listener's own failure must not turn a write into a throw after the enqueue committed.
    }
  }
}

function readMarks(path: string): SequenceMarks {
  if (!existsSync(path)) return { ...EMPTY, gaps: [] };
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const marks = parsed as Partial<SequenceMarks> | undefined;
  const count = (value: unknown) => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined);
  const acknowledged = count(marks?.acknowledged);
  const delivered = count(marks?.delivered);
  if (acknowledged === undefined || delivered === undefined || !Array.isArray(marks?.gaps)) {
    // Refusing to start would serve nobody, and guessing low could reuse sequences: say so loudly.
    throw new Error(`the outbox sequence ledger ${path} is unreadable; move it aside only after checking the database`);
  }
  return { acknowledged, delivered, gaps: marks.gaps as SequenceGap[] };
}
