/**
 * Receipt printer driver: real-time status before every job, idempotent jobs, device state.
 * Every operation runs through one queue, so a status request never interleaves with a job's
 * bytes and two print() calls with the same jobId cannot both pass the "already printed" check.
 * While idle it polls the status too, so the screen learns "paper near end" before a job fails,
 * a refilled printer is ready again without anyone trying to print, and a vanished port is noticed.
 */
import { DeviceStateMachine, type DeviceState } from '../device/device-state.ts';
import { blockingReason, flagsOf, parseStatusReplies, STATUS_REQUEST_ALL, type PrinterFlag, type PrinterStatus } from './escpos-status.ts';
import { InMemoryPrintJobStore, type PrintJobRecord, type PrintJobStore } from './print-job-store.ts';
import { isPrinterError, PrinterError } from './printer-errors.ts';
import { SerialPrinterTransport, type PrinterTransport } from './transport.ts';

export interface ReceiptPrinterOptions {
  transport: PrinterTransport;
  jobs?: PrintJobStore;
  /** How long the printer may take to answer DLE EOT 1..4 (default 1000 ms). */
  statusTimeoutMs?: number;
  /** Keep a waiting job's bytes in the store so resumePending() needs no lookup (default false). */
  retainBytes?: boolean;
  /** Status polling interval while open (default 2000 ms; 0 = only around jobs). */
  statusPollMs?: number;
  now?: () => Date;
}

export interface PrintOutcome {
  jobId: string;
  status: 'printed' | 'already-printed' | 'waiting-for-paper' | 'failed';
  /** Machine-readable: 'paper-out', 'cover-open', 'status-timeout', 'write-failed', ... */
  reason?: string;
}

/** Supplies the bytes of a waiting job when the store does not hold them. */
export type JobBytesLookup = (jobId: string) => Uint8Array | undefined;

const WAIT_FOR_PAPER = new Set(['paper-out', 'cover-open']);

const printerConditions: ReadonlySet<string> = new Set<PrinterFlag>([
  'offline',
  'cover-open',
  'paper-near-end',
  'paper-out',
  'cutter-error',
  'unrecoverable-error',
  'auto-recoverable-error',
]);

export class ReceiptPrinter {
  readonly state = new DeviceStateMachine('printer');
  readonly jobs: PrintJobStore;
  readonly #transport: PrinterTransport;
  readonly #statusTimeoutMs: number;
  readonly #retainBytes: boolean;
  readonly #statusPollMs: number;
  readonly #now: () => Date;
  #pollTimer: NodeJS.Timeout | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closing = false;
  #opening: Promise<void> | undefined;
  #lastStatus: PrinterStatus | undefined;
  /** Jobs this instance saw waiting: resumePending() works even with a store that cannot list. */
  readonly #waitingIds = new Set<string>();

  constructor(options: ReceiptPrinterOptions) {
    this.#transport = options.transport;
    this.jobs = options.jobs ?? new InMemoryPrintJobStore();
    this.#statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.#retainBytes = options.retainBytes ?? false;
    this.#statusPollMs = options.statusPollMs ?? 2000;
    this.#now = options.now ?? (() => new Date());
    this.#transport.on('close', () => {
      this.#stopPolling();
      if (this.state.state.kind === 'disconnected') return;
      this.#setState(this.#closing ? { kind: 'disconnected' } : { kind: 'disconnected', reason: 'port-closed' });
    });
    this.#transport.on('error', () => {
      if (this.#transport.isOpen) this.#setState({ kind: 'error', reason: 'io-error' });
    });
  }

  /** The last status read successfully, if any. */
  get lastStatus(): PrinterStatus | undefined {
    return this.#lastStatus;
  }

  /** Opens the link and reads status; throws only when the link cannot be opened. */
  open(): Promise<void> {
    if (this.#transport.isOpen) return Promise.resolve();
    // Concurrent callers (UI self-test and the device manager) share one attempt: one port handle.
    this.#opening ??= this.#open().finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  async #open(): Promise<void> {
    this.#closing = false;
    this.#setState({ kind: 'connecting' });
    try {
      await this.#transport.open();
    } catch (error) {
      const reason = isPrinterError(error) ? error.code : 'open-failed';
      this.#setState({ kind: 'error', reason });
      throw error;
    }
    // A silent or faulty printer is still "open": the state says why it cannot print.
    await this.queryStatus().catch(() => undefined);
    this.#schedulePoll();
  }

  #schedulePoll(): void {
    this.#stopPolling();
    if (this.#statusPollMs <= 0 || this.#closing || !this.#transport.isOpen) return;
    this.#pollTimer = setTimeout(() => {
      this.#pollTimer = undefined;
      // Failures already show in the state ('status-timeout', 'paper-out'); keep polling regardless.
      void this.queryStatus()
        .catch(() => undefined)
        .finally(() => this.#schedulePoll());
    }, this.#statusPollMs);
    this.#pollTimer.unref();
  }

  #stopPolling(): void {
    clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
  }

  /** What maintenance and the heartbeat show about this printer. */
  details(): Record<string, string> {
    const raw = this.#lastStatus?.raw;
    return {
      endpoint: this.#transport.description,
      ...(raw ? { lastStatusBytes: raw.map((b) => b.toString(16).padStart(2, '0')).join(' ') } : {}),
    };
  }

  /** Lets a job in flight finish (bounded) so a reopen cycle never cuts a receipt in half. */
  async close(graceMs = 2000): Promise<void> {
    this.#closing = true;
    this.#stopPolling();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#queue, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await this.#transport.close();
    this.#setState({ kind: 'disconnected' });
  }

  /**
   * Whether an error state means the link is gone (reopen the port) rather than a condition the
   * printer reports about itself (paper out, cover open), which reopening would not fix.
   */
  isLinkFailure(reason: string): boolean {
    return !printerConditions.has(reason);
  }

  queryStatus(): Promise<PrinterStatus> {
    return this.#exclusive(() => this.#readStatus());
  }

  print(jobId: string, bytes: Uint8Array): Promise<PrintOutcome> {
    if (typeof jobId !== 'string' || jobId.trim() === '') {
      return Promise.reject(new PrinterError('invalid-argument', 'print job needs a non-empty jobId'));
    }
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      return Promise.reject(new PrinterError('invalid-argument', `print job ${jobId} has no bytes`));
    }
    return this.#exclusive(() => this.#print(jobId, bytes));
  }

  /**
   * Prints the jobs that wait for paper, oldest first, once the printer can print. Bytes come from
   * lookup, else from the store (retainBytes); a job with neither is marked failed
   * ('bytes-unavailable') so a later print() with its bytes can still print it.
   */
  resumePending(lookup?: JobBytesLookup): Promise<PrintOutcome[]> {
    return this.#exclusive(async () => {
      const waiting = this.#waitingJobs();
      if (waiting.length === 0) return [];
      // One look before touching any record: while the printer still cannot print, jobs stay as they are.
      let blocked: string | undefined;
      try {
        blocked = blockingReason(await this.#readStatus());
      } catch (error) {
        const reason = isPrinterError(error) ? error.code : 'io-error';
        return waiting.map((r) => ({ jobId: r.jobId, status: 'failed' as const, reason }));
      }
      if (blocked) {
        const status = WAIT_FOR_PAPER.has(blocked) ? ('waiting-for-paper' as const) : ('failed' as const);
        return waiting.map((r) => ({ jobId: r.jobId, status, reason: blocked }));
      }
      const outcomes: PrintOutcome[] = [];
      for (const record of waiting) {
        const bytes = lookup?.(record.jobId) ?? record.bytes;
        if (!bytes || bytes.length === 0) {
          this.#record(record.jobId, 'failed', record.attempts, 'bytes-unavailable');
          outcomes.push({ jobId: record.jobId, status: 'failed', reason: 'bytes-unavailable' });
          continue;
        }
        const outcome = await this.#print(record.jobId, bytes);
        outcomes.push(outcome);
        // The printer cannot print now: the rest would only repeat the same status round trip.
        if (outcome.status !== 'printed' && outcome.status !== 'already-printed') break;
      }
      return outcomes;
    });
  }

  #waitingJobs(): PrintJobRecord[] {
    const listed = this.jobs.list?.('waiting-for-paper') ?? [];
    const known = new Set(listed.map((r) => r.jobId));
    const seen = [...this.#waitingIds]
      .filter((id) => !known.has(id))
      .map((id) => this.jobs.get(id))
      .filter((r): r is PrintJobRecord => r?.status === 'waiting-for-paper');
    return [...listed, ...seen].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  }

  async #print(jobId: string, bytes: Uint8Array): Promise<PrintOutcome> {
    const previous = this.jobs.get(jobId);
    if (previous?.status === 'printed') return { jobId, status: 'already-printed' };
    const attempts = (previous?.attempts ?? 0) + 1;
    const kept = this.#retainBytes ? bytes : undefined;
    const fail = (reason: string): PrintOutcome => {
      this.#record(jobId, 'failed', attempts, reason);
      return { jobId, status: 'failed', reason };
    };
    // Nothing was sent: a job already queued for paper stays queued (with its bytes) for resumePending().
    const notSent = (reason: string): PrintOutcome => {
      if (previous?.status !== 'waiting-for-paper') return fail(reason);
      this.#record(jobId, 'waiting-for-paper', attempts, reason, kept);
      return { jobId, status: 'failed', reason };
    };
    if (!this.#transport.isOpen) return notSent('disconnected');
    let status: PrinterStatus;
    try {
      status = await this.#readStatus();
    } catch (error) {
      return notSent(isPrinterError(error) ? error.code : 'io-error');
    }
    const blocked = blockingReason(status);
    if (blocked && WAIT_FOR_PAPER.has(blocked)) {
      this.#record(jobId, 'waiting-for-paper', attempts, blocked, kept);
      return { jobId, status: 'waiting-for-paper', reason: blocked };
    }
    if (blocked) return notSent(blocked);
    // Recorded before the bytes leave: after a crash mid-write the job shows as pending, not lost.
    this.#record(jobId, 'pending', attempts);
    this.#setState({ kind: 'busy', operation: `print ${jobId}` });
    try {
      await this.#transport.write(bytes);
    } catch (error) {
      const reason = isPrinterError(error) ? error.code : 'write-failed';
      if (this.#transport.isOpen) this.#setState({ kind: 'error', reason });
      return fail(reason);
    }
    // Once the printer holds the bytes it prints them, even after a paper refill: never resend.
    this.#record(jobId, 'printed', attempts);
    this.#setState({ kind: 'ready' });
    // Refresh flags (paper may have run out on this receipt); the job's outcome stands either way.
    await this.#readStatus().catch(() => undefined);
    return { jobId, status: 'printed' };
  }

  async #readStatus(): Promise<PrinterStatus> {
    if (!this.#transport.isOpen) throw new PrinterError('disconnected', `${this.#transport.description} is not open`);
    let status: PrinterStatus;
    try {
      const reply = await this.#transport.request(STATUS_REQUEST_ALL, 4, this.#statusTimeoutMs);
      status = parseStatusReplies(reply);
    } catch (error) {
      const failure = this.#statusFailure(error);
      if (this.#transport.isOpen) this.#setState({ kind: 'error', reason: failure.code });
      throw failure;
    }
    this.#lastStatus = status;
    this.state.setFlags(flagsOf(status));
    const blocked = blockingReason(status);
    this.#setState(blocked ? { kind: 'error', reason: blocked } : { kind: 'ready' });
    return status;
  }

  #statusFailure(error: unknown): PrinterError {
    if (isPrinterError(error, 'reply-timeout')) {
      return new PrinterError(
        'status-timeout',
        `${this.#transport.description}: printer did not answer the real-time status request (DLE EOT 1..4) ` +
          `within ${this.#statusTimeoutMs} ms; check power and cable (${error.message})`,
        { cause: error },
      );
    }
    if (isPrinterError(error)) return error;
    return new PrinterError('io-error', `${this.#transport.description}: ${(error as Error).message}`, { cause: error });
  }

  #record(jobId: string, status: PrintJobRecord['status'], attempts: number, lastError?: string, bytes?: Uint8Array): void {
    const record: PrintJobRecord = { jobId, status, attempts, updatedAt: this.#now().toISOString() };
    if (lastError !== undefined) record.lastError = lastError;
    if (bytes !== undefined) record.bytes = bytes;
    this.jobs.put(record);
    if (status === 'waiting-for-paper') this.#waitingIds.add(jobId);
    else this.#waitingIds.delete(jobId);
  }

  #setState(next: DeviceState): void {
    const current = this.state.state;
    const reasonOf = (s: DeviceState): string | undefined => ('reason' in s ? s.reason : undefined);
    if (current.kind === next.kind && reasonOf(current) === reasonOf(next) && next.kind !== 'busy') return;
    // A status reply racing a close must not resurrect a closed device.
    if (current.kind === 'disconnected' && next.kind !== 'connecting') return;
    this.state.transition(next);
  }

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** Opens a serial receipt printer (e.g. '/dev/ttyUSB0', 9600 8N1) and reads its status. */
export async function openSerialReceiptPrinter(
  path: string,
  baudRate = 9600,
  options: Omit<ReceiptPrinterOptions, 'transport'> = {},
): Promise<ReceiptPrinter> {
  const printer = new ReceiptPrinter({ ...options, transport: new SerialPrinterTransport({ path, baudRate }) });
  await printer.open();
  return printer;
}
