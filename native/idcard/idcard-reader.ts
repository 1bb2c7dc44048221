/**
 * Driver for a resident ID-card reader built around a SAM module on a serial line.
 * One operation at a time: a second call while one runs is rejected with code 'busy' rather than
 * queued, because a queued card read would start long after the citizen stopped waiting.
 * While idle the reader keeps watching: after a read it polls for the card's presence (so the core
 * can end a session when the card is taken away), otherwise it asks the module's status now and
 * then, because an unplugged serial line is only noticed when something is written to it.
 */
import { EventEmitter } from 'node:events';
import { DeviceStateMachine, type DeviceState } from '../device/device-state.ts';
import type { IdCardData } from './id-card-data.ts';
import { IdCardError } from './idcard-error.ts';
import type { SamResponse } from './sam-frame.ts';
import { SW3 } from './sam-status.ts';
import { formatSamId } from './sam-id.ts';
import { sleep } from './abortable.ts';
import { SamLink } from './sam-link.ts';
import { interpretAdditionalAddress, interpretCardAnswer, statusError } from './card-answer.ts';
import { samBaudCode, type SamBaudRate } from './sam-baud.ts';

export { IdCardError, type IdCardErrorCode } from './idcard-error.ts';
export type { SamBaudRate } from './sam-baud.ts';

export interface IdCardReaderOptions {
  path: string;
  baudRate?: number;
  /** How long one command may wait for its answer. */
  responseTimeoutMs?: number;
  /** Pause between "find card" polls while no card is on the reader. */
  pollIntervalMs?: number;
  /** Ask the module for its status (11 FF) while opening; the reader is 'ready' only if it answers. */
  checkStatusOnOpen?: boolean;
  /** Read the SAM module number (12 FF) while opening, for maintenance and heartbeat (default true). */
  readSamIdOnOpen?: boolean;
  /** After a read, how often to check that the card is still there (default 300 ms; 0 = never). */
  presencePollMs?: number;
  /** Consecutive "no card" answers before 'card-removed' (default 2): one miss can be a field glitch. */
  removalConfirmations?: number;
  /** While idle without a card, how often to ask the module's status (default 5000 ms; 0 = never). */
  heartbeatMs?: number;
}

export interface ReadCardOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Use 30 10 and return the fingerprint block too. */
  fingerprint?: boolean;
  /** Also read the additional (latest) address with 30 03. */
  additionalAddress?: boolean;
}

export interface IdCardReaderEvents {
  /** A card that was read (or seen by a read's search) has left the reader. */
  'card-removed': [];
}

interface Operation {
  name: string;
  abort: AbortController;
  signal: AbortSignal;
  done: Promise<void>;
  finished: () => void;
}

/** Read through a call: TypeScript keeps narrowing `x.state.kind` across awaits that may change it. */
const currentState = (machine: DeviceStateMachine): DeviceState => machine.state;

/** Monitor exchanges in a row that go unanswered before the module counts as gone. */
const SILENT_LIMIT = 2;

export class IdCardReader extends EventEmitter<IdCardReaderEvents> {
  readonly state = new DeviceStateMachine('idCard');
  readonly #link: SamLink;
  readonly #responseTimeoutMs: number;
  readonly #pollIntervalMs: number;
  readonly #checkStatusOnOpen: boolean;
  readonly #readSamIdOnOpen: boolean;
  readonly #presencePollMs: number;
  readonly #removalConfirmations: number;
  readonly #heartbeatMs: number;
  #operation: Operation | undefined;
  /** The monitor's exchange in flight; never rejects. */
  #background: Promise<void> | undefined;
  #monitorTimer: NodeJS.Timeout | undefined;
  #samId: string | undefined;
  #cardPresent = false;
  #misses = 0;
  #silent = 0;

  constructor(opts: IdCardReaderOptions) {
    super();
    this.#responseTimeoutMs = opts.responseTimeoutMs ?? 1500;
    this.#link = new SamLink({ path: opts.path, baudRate: opts.baudRate ?? 115200, settleLimitMs: this.#responseTimeoutMs });
    this.#pollIntervalMs = opts.pollIntervalMs ?? 250;
    this.#checkStatusOnOpen = opts.checkStatusOnOpen ?? true;
    this.#readSamIdOnOpen = opts.readSamIdOnOpen ?? true;
    this.#presencePollMs = opts.presencePollMs ?? 300;
    this.#removalConfirmations = Math.max(1, opts.removalConfirmations ?? 2);
    this.#heartbeatMs = opts.heartbeatMs ?? 5000;
    this.#link.on('failure', (reason) => this.#onLinkFailure(reason));
  }

  /** The SAM module number read while opening (or by readSamId), for maintenance screens. */
  get samId(): string | undefined {
    return this.#samId;
  }

  get baudRate(): number {
    return this.#link.baudRate;
  }

  get cardPresent(): boolean {
    return this.#cardPresent;
  }

  /** What maintenance and the heartbeat show about this reader. */
  details(): Record<string, string> {
    return { ...(this.#samId ? { samId: this.#samId } : {}), baudRate: String(this.#link.baudRate) };
  }

  onCardRemoved(listener: () => void): void {
    this.on('card-removed', listener);
  }

  async open(): Promise<void> {
    const kind = this.state.state.kind;
    if (kind !== 'disconnected' && kind !== 'error') {
      throw new IdCardError('port', `ID-card reader is already ${kind}`);
    }
    this.#stopMonitor();
    this.state.transition({ kind: 'connecting' });
    try {
      await this.#link.open();
    } catch (error) {
      this.state.transition({ kind: 'error', reason: (error as Error).message });
      throw error;
    }
    if (this.#checkStatusOnOpen) {
      try {
        const response = await this.#link.exchange(0x11, 0xff, this.#responseTimeoutMs);
        if (response.sw3 !== SW3.SUCCESS) throw statusError('status check', response.sw3);
      } catch (error) {
        await this.#link.close();
        const reason = `ID-card module did not pass its status check: ${(error as Error).message}`;
        this.state.transition({ kind: 'error', reason });
        throw error;
      }
    }
    // The module number is for maintenance only: a module that will not tell it can still read cards.
    if (this.#readSamIdOnOpen) this.#samId = await this.#fetchSamId().catch(() => this.#samId);
    this.#cardPresent = false;
    this.#misses = 0;
    this.#silent = 0;
    this.state.setFlags([]);
    // The line may have failed during the awaits above.
    const now = currentState(this.state);
    if (now.kind !== 'connecting') {
      throw new IdCardError('port', `ID-card line failed while opening (${'reason' in now ? now.reason : now.kind})`);
    }
    this.state.transition({ kind: 'ready' });
    this.#scheduleMonitor();
  }

  async close(): Promise<void> {
    this.#stopMonitor();
    this.#operation?.abort.abort(new IdCardError('cancelled', 'ID-card reader closed'));
    await this.#link.close();
    await this.#background;
    this.#stopMonitor();
    if (this.state.state.kind !== 'disconnected') this.state.transition({ kind: 'disconnected' });
  }

  /** Waits for a card (polling find/select), reads it, and checks its identity number. */
  async readCard(opts: ReadCardOptions): Promise<IdCardData> {
    const signal = await this.#begin('read-card', opts.signal);
    try {
      const deadline = Date.now() + opts.timeoutMs;
      await this.#waitForCard(deadline, opts.timeoutMs, signal);
      const withFingerprint = opts.fingerprint === true;
      const response = await this.#link.exchange(0x30, withFingerprint ? 0x10 : 0x01, this.#responseTimeoutMs, signal);
      if (response.sw3 === SW3.FIND_CARD_FAILED) this.#cardMissed(true);
      const card = interpretCardAnswer(response, withFingerprint);
      if (opts.additionalAddress) {
        const extra = interpretAdditionalAddress(await this.#link.exchange(0x30, 0x03, this.#responseTimeoutMs, signal));
        if (extra !== undefined) card.additionalAddress = extra;
      }
      return card;
    } finally {
      this.#end();
    }
  }

  /** The SAM module number, e.g. "05.01-20230101-0000000001-2023000001". */
  async readSamId(): Promise<string> {
    const signal = await this.#begin('read-sam-id');
    try {
      this.#samId = await this.#fetchSamId(signal);
      return this.#samId;
    } finally {
      this.#end();
    }
  }

  /** 60 nn: moves the module and then this side to another line speed; later reopens use it too. */
  async setBaudRate(baudRate: SamBaudRate): Promise<void> {
    const code = samBaudCode(baudRate);
    const signal = await this.#begin('set-baud-rate');
    try {
      const response = await this.#link.exchange(0x60, code, this.#responseTimeoutMs, signal);
      if (response.sw3 !== SW3.SUCCESS) throw statusError(`switch to ${baudRate} baud`, response.sw3);
      await this.#link.setBaudRate(baudRate);
    } finally {
      this.#end();
    }
  }

  async #fetchSamId(signal?: AbortSignal): Promise<string> {
    const response = await this.#link.exchange(0x12, 0xff, this.#responseTimeoutMs, signal);
    if (response.sw3 !== SW3.SUCCESS) throw statusError('SAM id read', response.sw3);
    return formatSamId(response.data);
  }

  async #waitForCard(deadline: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const noCardInTime = () => new IdCardError('timeout', `no card was presented within ${timeoutMs} ms`);
    // Polls never outlive the caller's deadline; a poll cut short by it reports the deadline, not the module.
    const poll = async (para: number): Promise<SamResponse> => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw noCardInTime();
      try {
        return await this.#link.exchange(0x20, para, Math.min(this.#responseTimeoutMs, remaining), signal);
      } catch (error) {
        if (error instanceof IdCardError && error.code === 'timeout' && Date.now() >= deadline) throw noCardInTime();
        throw error;
      }
    };
    for (;;) {
      const find = await poll(0x01);
      if (find.sw3 === SW3.FIND_SUCCESS) {
        const select = await poll(0x02);
        if (select.sw3 === SW3.SUCCESS) return this.#cardSeen();
        // A card lifted between find and select is an ordinary race: keep polling.
        if (select.sw3 !== SW3.SELECT_CARD_FAILED && select.sw3 !== SW3.FIND_CARD_FAILED) {
          throw statusError('card select', select.sw3);
        }
      } else if (find.sw3 !== SW3.FIND_CARD_FAILED) {
        throw statusError('card search', find.sw3);
      }
      this.#cardMissed();
      const wait = Math.min(this.#pollIntervalMs, deadline - Date.now());
      if (wait > 0) await sleep(wait, signal);
      if (Date.now() >= deadline) throw noCardInTime();
    }
  }

  #cardSeen(): void {
    this.#cardPresent = true;
    this.#misses = 0;
    this.state.setFlags(['card-present']);
  }

  /** `certain`: the module said the card left mid-read, no need to confirm. */
  #cardMissed(certain = false): void {
    if (!this.#cardPresent) return;
    this.#misses += 1;
    if (!certain && this.#misses < this.#removalConfirmations) return;
    this.#cardPresent = false;
    this.#misses = 0;
    this.state.setFlags([]);
    this.emit('card-removed');
  }

  #scheduleMonitor(): void {
    this.#stopMonitor();
    if (this.state.state.kind !== 'ready' || this.#operation) return;
    const delay = this.#cardPresent ? this.#presencePollMs : this.#heartbeatMs;
    if (delay <= 0) return;
    this.#monitorTimer = setTimeout(() => this.#monitorTick(), delay);
    this.#monitorTimer.unref();
  }

  #stopMonitor(): void {
    clearTimeout(this.#monitorTimer);
    this.#monitorTimer = undefined;
  }

  #monitorTick(): void {
    this.#monitorTimer = undefined;
    if (this.state.state.kind !== 'ready' || this.#operation || !this.#link.isOpen) return;
    const run = (this.#cardPresent ? this.#pollPresence() : this.#heartbeat()).catch((error: unknown) => {
      // A port failure is reported by the link itself; silence is ours to notice.
      if (!(error instanceof IdCardError) || error.code !== 'timeout') return;
      this.#silent += 1;
      if (this.#silent >= SILENT_LIMIT && this.state.state.kind === 'ready') {
        this.state.transition({ kind: 'error', reason: `ID-card module stopped answering (${error.message})` });
      }
    });
    this.#background = run.finally(() => {
      this.#background = undefined;
      this.#scheduleMonitor();
    });
  }

  async #pollPresence(): Promise<void> {
    const find = await this.#link.exchange(0x20, 0x01, this.#responseTimeoutMs);
    this.#silent = 0;
    if (find.sw3 === SW3.FIND_SUCCESS) this.#cardSeen();
    else if (find.sw3 === SW3.FIND_CARD_FAILED) this.#cardMissed();
  }

  async #heartbeat(): Promise<void> {
    const status = await this.#link.exchange(0x11, 0xff, this.#responseTimeoutMs);
    this.#silent = 0;
    if (status.sw3 !== SW3.SUCCESS && this.state.state.kind === 'ready') {
      this.state.transition({ kind: 'error', reason: statusError('status check', status.sw3).message });
    }
  }

  async #begin(name: string, userSignal?: AbortSignal): Promise<AbortSignal> {
    // An operation whose caller already cancelled it is only winding down: wait for it rather than
    // refusing, so "cancel, then read again" works without the caller having to await the old read.
    for (let op = this.#operation; op?.signal.aborted; op = this.#operation) await op.done;
    if (this.#operation) {
      throw new IdCardError('busy', `ID-card reader is busy with ${this.#operation.name}`);
    }
    const notOpen = () => new IdCardError('port', `ID-card reader is not open (state ${this.state.state.kind})`);
    if (!this.#link.isOpen || this.state.state.kind !== 'ready') throw notOpen();
    const abort = new AbortController();
    const signal = userSignal ? AbortSignal.any([userSignal, abort.signal]) : abort.signal;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    // Claimed before any await so a concurrent caller is told 'busy' at once.
    this.#operation = { name, abort, signal, done, finished };
    this.#stopMonitor();
    await this.#background;
    if (!this.#link.isOpen || this.state.state.kind !== 'ready') {
      this.#operation = undefined;
      finished();
      throw notOpen();
    }
    this.state.transition({ kind: 'busy', operation: name });
    return signal;
  }

  #end(): void {
    const operation = this.#operation;
    this.#operation = undefined;
    if (this.state.state.kind === 'busy') this.state.transition({ kind: 'ready' });
    operation?.finished();
    this.#scheduleMonitor();
  }

  #onLinkFailure(reason: string): void {
    this.#stopMonitor();
    this.#operation?.abort.abort(new IdCardError('port', reason));
    const kind = this.state.state.kind;
    if (kind !== 'disconnected' && kind !== 'error') this.state.transition({ kind: 'error', reason });
  }
}
