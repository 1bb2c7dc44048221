/**
 * Where citizen submissions go. The services never talk to the outbox directly: they hand a
 * submission to a SubmissionSink (the outbox, wired in kiosk-core.ts), which makes it durable
 * before the citizen is told anything.
 */
export interface SubmissionItem {
  /** Outbox stream, e.g. 'commitments', 'forms', 'help-requests'. */
  stream: string;
  /** Versioned payload kind, e.g. 'form.v1'. */
  kind: string;
  payload: unknown;
  /** Whether the payload holds personal data (the outbox seals and purges it either way). */
  personal: boolean;
  /** Stable across retries of the same citizen action (8-128 URL-safe characters). */
  idempotencyKey: string;
}

export interface SubmissionOutcome {
  /** 'queued': durably stored on the terminal, delivered later by the sync worker. */
  delivery: 'delivered' | 'queued';
}

export interface SubmissionSink {
  /** Resolves once the submission is durable (queued) or delivered; rejects when neither happened. */
  submit(item: SubmissionItem): Promise<SubmissionOutcome>;
  /**
   * Whether a submission with this key was made durable (queued or delivered): after a crash a
   * paid purchase asks it whether its delivery happened. Absent: the sink cannot tell.
   */
  holds?(idempotencyKey: string): boolean;
}

/** The slice of the outbox this sink needs (see electron/core/outbox/outbox.ts). */
export interface OutboxLike {
  enqueue(request: { stream: string; kind: string; payload: unknown; idempotencyKey?: string }): {
    item: { id: number; status: string };
    duplicate: boolean;
  };
  getByKey(idempotencyKey: string): unknown;
}

/** The slice of the sync worker this sink needs: wait briefly to tell the citizen "delivered". */
export interface SettleWaiter {
  waitForSettled(id: number, timeoutMs: number): Promise<{ status: string } | undefined>;
}

/**
 * Queues through the outbox. With a worker, waits up to `settleWaitMs` for delivery so an online
 * terminal can say "delivered"; a slow or offline upstream just means "queued", which is fine.
 */
export class OutboxSubmissionSink implements SubmissionSink {
  readonly #outbox: OutboxLike;
  readonly #worker: SettleWaiter | undefined;
  readonly #settleWaitMs: number;

  constructor(outbox: OutboxLike, worker?: SettleWaiter, settleWaitMs = 1500) {
    this.#outbox = outbox;
    this.#worker = worker;
    this.#settleWaitMs = settleWaitMs;
  }

  async submit(item: SubmissionItem): Promise<SubmissionOutcome> {
    const { item: queued } = this.#outbox.enqueue({
      stream: item.stream,
      kind: item.kind,
      payload: item.payload,
      idempotencyKey: item.idempotencyKey,
    });
    if (queued.status === 'delivered') return { delivery: 'delivered' };
    if (!this.#worker || this.#settleWaitMs <= 0) return { delivery: 'queued' };
    const settled = await this.#worker.waitForSettled(queued.id, this.#settleWaitMs).catch(() => undefined);
    return { delivery: settled?.status === 'delivered' ? 'delivered' : 'queued' };
  }

  holds(idempotencyKey: string): boolean {
    // Outbox rows are never deleted (a delivered one only loses its payload), so the key stays.
    return this.#outbox.getByKey(idempotencyKey) !== undefined;
  }
}
