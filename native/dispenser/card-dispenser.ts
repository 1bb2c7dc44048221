/**
 * The card-dispenser driver: opens the module, reports its sensors as device flags, and offers
 * each movement as one call. It never decides what a failed move means for a certificate: that is
 * the hand-out journal's job (electron/core/dispensing/), which asks status() when in doubt.
 */
import { DeviceStateMachine } from '../device/device-state.ts';
import { COMMANDS, decodeStatus, slotBytes, statusFlags, type CommandName, type DispenserStatus } from './dispenser-commands.ts';
import { DispenserError } from './dispenser-error.ts';
import { DispenserLink } from './dispenser-link.ts';

export interface CardDispenserOptions {
  path: string;
  /** The module's line speed; CRT-591-type modules ship at 9600 (38400 selectable). */
  baudRate?: number;
  address?: number;
  ackTimeoutMs?: number;
  /** How long a movement may take before its outcome counts as unknown. */
  moveTimeoutMs?: number;
  /** How long a status query, read or counter may take. */
  queryTimeoutMs?: number;
  /**
   * While idle, the sensors are read this often (0: never), so a jam staff cleared, a card left
   * at the mouth or a vanished port shows up without anyone asking.
   */
  statusPollMs?: number;
}

export const DEFAULT_DISPENSER_BAUD = 9600;

const MOVES: ReadonlySet<CommandName> = new Set(['moveToRead', 'dispense', 'capture']);
/** Module errors that mean the device needs staff, not a port reopen. */
const DEVICE_FAULTS = /jammed|bin-full|stock-empty/;

export class CardDispenser {
  readonly state = new DeviceStateMachine('dispenser');
  readonly #link: DispenserLink;
  readonly #moveTimeoutMs: number;
  readonly #queryTimeoutMs: number;
  #lastStatus: DispenserStatus | undefined;
  readonly #statusPollMs: number;
  #poll: NodeJS.Timeout | undefined;
  #inFlight = 0;

  constructor(readonly options: CardDispenserOptions) {
    this.#link = new DispenserLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_DISPENSER_BAUD,
      ...(options.address !== undefined ? { address: options.address } : {}),
      ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    });
    this.#moveTimeoutMs = options.moveTimeoutMs ?? 5000;
    this.#queryTimeoutMs = options.queryTimeoutMs ?? 1000;
    this.#statusPollMs = options.statusPollMs ?? 2000;
    this.#link.on('failure', (reason) => {
      if (this.state.state.kind !== 'disconnected') this.state.transition({ kind: 'error', reason });
    });
  }

  get lastStatus(): DispenserStatus | undefined {
    return this.#lastStatus;
  }

  async open(): Promise<void> {
    this.state.transition({ kind: 'connecting' });
    try {
      await this.#link.open();
      await this.#link.exchange(COMMANDS.initialise.cm, COMMANDS.initialise.pm, new Uint8Array(), this.#moveTimeoutMs);
      const status = await this.status();
      if (this.state.state.kind === 'connecting') this.state.transition(status.channel === 'jammed' ? { kind: 'error', reason: 'jammed' } : { kind: 'ready' });
      if (this.#statusPollMs > 0) {
        this.#poll = setInterval(() => {
          if (this.#inFlight === 0 && this.#link.isOpen) this.status().catch(() => undefined);
        }, this.#statusPollMs);
        this.#poll.unref();
      }
    } catch (error) {
      await this.#link.close().catch(() => undefined);
      this.state.transition({ kind: 'error', reason: (error as Error).message });
      throw error;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#poll);
    this.#poll = undefined;
    await this.#link.close();
    this.state.transition({ kind: 'disconnected' });
  }

  isLinkFailure(reason: string): boolean {
    return !DEVICE_FAULTS.test(reason);
  }

  details(): Record<string, string> {
    return { path: this.options.path, baudRate: String(this.#link.baudRate) };
  }

  async status(): Promise<DispenserStatus> {
    const answer = await this.#command('status');
    return this.#noteStatus(answer.body);
  }

  moveToRead(slot: number): Promise<DispenserStatus> {
    return this.#move('moveToRead', slotBytes(slot));
  }

  /** The certificate number the module's reader finds on the card at the read position. */
  async readCardNumber(): Promise<string> {
    const answer = await this.#command('readCard');
    this.#noteStatus(answer.body);
    return new TextDecoder().decode(answer.body.subarray(3));
  }

  dispense(): Promise<DispenserStatus> {
    return this.#move('dispense');
  }

  capture(): Promise<DispenserStatus> {
    return this.#move('capture');
  }

  async binCount(): Promise<number> {
    const answer = await this.#command('binCount');
    this.#noteStatus(answer.body);
    const count = Number(new TextDecoder().decode(answer.body.subarray(3)));
    if (!Number.isInteger(count)) throw new DispenserError('protocol', 'bin count is not a number');
    return count;
  }

  async slotOccupied(slot: number): Promise<boolean> {
    const answer = await this.#command('slotQuery', slotBytes(slot));
    this.#noteStatus(answer.body);
    return answer.body[3] === 0x31;
  }

  async #move(name: CommandName, data?: Uint8Array): Promise<DispenserStatus> {
    const answer = await this.#command(name, data);
    return this.#noteStatus(answer.body);
  }

  async #command(name: CommandName, data: Uint8Array = new Uint8Array()) {
    const { cm, pm } = COMMANDS[name];
    const kind = this.state.state.kind;
    if (kind === 'disconnected' || !this.#link.isOpen) throw new DispenserError('port', 'dispenser is not open');
    const busy = kind === 'ready';
    if (busy) this.state.transition({ kind: 'busy', operation: name });
    this.#inFlight += 1;
    try {
      if (MOVES.has(name)) return await this.#link.exchange(cm, pm, data, this.#moveTimeoutMs);
      // A query moves nothing: one lost or garbled answer is simply asked again.
      try {
        return await this.#link.exchange(cm, pm, data, this.#queryTimeoutMs);
      } catch (error) {
        if (!(error instanceof DispenserError && (error.code === 'timeout' || error.code === 'protocol'))) throw error;
        return await this.#link.exchange(cm, pm, data, this.#queryTimeoutMs);
      }
    } catch (error) {
      if (error instanceof DispenserError && error.code === 'jammed') {
        this.state.setFlags([...this.state.flags.filter((f) => f !== 'jammed'), 'jammed']);
        const current = this.state.state.kind;
        if (current === 'ready' || current === 'busy') this.state.transition({ kind: 'error', reason: 'jammed' });
      }
      throw error;
    } finally {
      this.#inFlight -= 1;
      if (busy && (this.state.state.kind as string) === 'busy') this.state.transition({ kind: 'ready' });
    }
  }

  #noteStatus(body: Uint8Array): DispenserStatus {
    const status = decodeStatus(body);
    if (!status) throw new DispenserError('protocol', 'answer without readable status bytes', true);
    this.#lastStatus = status;
    this.state.setFlags(statusFlags(status));
    // A jam takes the dispenser out of service (its tiles say so) until staff clear the channel.
    const current = this.state.state;
    if (status.channel === 'jammed' && (current.kind === 'ready' || current.kind === 'busy')) this.state.transition({ kind: 'error', reason: 'jammed' });
    else if (status.channel !== 'jammed' && current.kind === 'error' && current.reason === 'jammed') this.state.transition({ kind: 'ready' });
    return status;
  }
}
