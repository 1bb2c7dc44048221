/**
 * A card-dispenser module on the far end of a pseudo-terminal, speaking the CRT-591-style framing
 * of native/dispenser/. It holds certificate cards in numbered slots, moves them through the read
 * position to the mouth or into the capture bin, and keeps its own record of every card that left
 * the mouth: tests count hand-outs from that record, not from what the terminal believes.
 * Faults: a jam on the next move, NAKs, silence, a lost or corrupt answer, an unreadable card, a
 * card loaded in the wrong slot, a full bin.
 */
import { SerialPort } from 'serialport';
import { ACK, ENQ, FrameDecoder, NAK, TEXT_COMMAND, TEXT_NEGATIVE, TEXT_POSITIVE, encodeFrame } from '../dispenser/dispenser-frame.ts';
import { COMMANDS, encodeStatus, moduleErrorBytes, type ChannelState, type CommandName, type DispenserStatus, type ModuleError } from '../dispenser/dispenser-commands.ts';
import { LineTiming } from './line-timing.ts';

export interface DispenserSimulatorOptions {
  path: string;
  baudRate?: number;
  address?: number;
  /** Certificate numbers by slot. */
  slots?: Record<number, string>;
  binCapacity?: number;
  /** At or below this many cards the cassette reports 'low'. */
  lowThreshold?: number;
  /** How long a movement takes (the module answers when it is done). */
  moveMs?: number;
  /** Deliver answers no sooner than the real line would (benchmarks). */
  lineTiming?: boolean;
  /**
   * A citizen at the mouth: given the card's number, the delay after which they take it, or
   * undefined to leave it. Default: nobody takes anything unless takeCard() is called.
   */
  citizen?: (cardNumber: string) => number | undefined;
}

export interface CardExit {
  cardNumber: string;
  slot: number;
  at: number;
}

type Fault = 'jam' | 'nak' | 'silent' | 'drop-answer' | 'corrupt-answer' | 'unreadable';

interface CardInChannel {
  slot: number;
  number: string;
}

const BY_CODE = new Map<string, CommandName>(
  (Object.entries(COMMANDS) as [CommandName, { cm: number; pm: number }][]).map(([name, { cm, pm }]) => [`${cm}:${pm}`, name]),
);

export class DispenserSimulator {
  readonly slots: Map<number, string>;
  readonly bin: CardInChannel[] = [];
  /** Every card that left through the mouth, in order: the simulator's own record. */
  readonly exits: CardExit[] = [];
  /** Commands executed, by name (after ENQ), for tests that check what the driver asked for. */
  readonly executed: CommandName[] = [];
  binCapacity: number;
  moveMs: number;
  citizen: DispenserSimulatorOptions['citizen'];
  #channel: { where: Exclude<ChannelState, 'empty'>; card: CardInChannel } | undefined;
  readonly #opts: DispenserSimulatorOptions;
  readonly #lowThreshold: number;
  readonly #decoder = new FrameDecoder();
  readonly #timing: LineTiming | undefined;
  #port: SerialPort | undefined;
  #pending: { name: CommandName | undefined; text: Uint8Array } | undefined;
  #lastAnswer: Uint8Array | undefined;
  #faults: Fault[] = [];
  #takeTimer: NodeJS.Timeout | undefined;
  #executing = false;

  constructor(options: DispenserSimulatorOptions) {
    this.#opts = options;
    this.slots = new Map(Object.entries(options.slots ?? {}).map(([slot, number]) => [Number(slot), number]));
    this.binCapacity = options.binCapacity ?? 30;
    this.#lowThreshold = options.lowThreshold ?? 2;
    this.moveMs = options.moveMs ?? 0;
    this.citizen = options.citizen;
    this.#timing = options.lineTiming ? new LineTiming(options.baudRate ?? 9600) : undefined;
  }

  async start(): Promise<void> {
    if (this.#port?.isOpen) return;
    const port = new SerialPort({ path: this.#opts.path, baudRate: this.#opts.baudRate ?? 9600, autoOpen: false });
    port.on('error', () => undefined);
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    this.#port = port;
  }

  async stop(): Promise<void> {
    clearTimeout(this.#takeTimer);
    const port = this.#port;
    this.#port = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** Queues a fault for the next command(s) it applies to. */
  inject(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.#faults.push(fault);
  }

  load(slot: number, cardNumber: string): void {
    this.slots.set(slot, cardNumber);
  }

  get channel(): ChannelState {
    return this.#channel?.where ?? 'empty';
  }

  get cardInChannel(): string | undefined {
    return this.#channel?.card.number;
  }

  status(): DispenserStatus {
    const stock = this.slots.size === 0 ? 'empty' : this.slots.size <= this.#lowThreshold ? 'low' : 'ok';
    return { channel: this.channel, stock, binFull: this.bin.length >= this.binCapacity };
  }

  /** The citizen takes the card at the mouth; false when there is none. */
  takeCard(): boolean {
    if (this.#channel?.where !== 'mouth') return false;
    clearTimeout(this.#takeTimer);
    const { card } = this.#channel;
    this.#channel = undefined;
    this.exits.push({ cardNumber: card.number, slot: card.slot, at: Date.now() });
    return true;
  }

  /** Staff clear a jam: the stuck card goes back into its slot. */
  clearJam(): void {
    if (this.#channel?.where !== 'jammed') return;
    this.slots.set(this.#channel.card.slot, this.#channel.card.number);
    this.#channel = undefined;
  }

  /** Staff empty the capture bin. */
  emptyBin(): CardInChannel[] {
    return this.bin.splice(0);
  }

  #takeFault(...kinds: Fault[]): Fault | undefined {
    const index = this.#faults.findIndex((f) => kinds.includes(f));
    return index < 0 ? undefined : this.#faults.splice(index, 1)[0];
  }

  #onData(chunk: Buffer): void {
    for (const item of this.#decoder.push(chunk)) {
      if (item.kind === 'bad-frame') {
        void this.#send(Uint8Array.of(NAK));
      } else if (item.kind === 'frame') {
        if (item.frame.text[0] !== TEXT_COMMAND || item.frame.text.length < 3) {
          void this.#send(Uint8Array.of(NAK));
          continue;
        }
        const fault = this.#takeFault('nak', 'silent');
        if (fault === 'nak') void this.#send(Uint8Array.of(NAK));
        if (fault) continue;
        const text = item.frame.text;
        this.#pending = { name: BY_CODE.get(`${text[1]}:${text[2]}`), text };
        this.#timing?.commandReceived(text.length + 6);
        void this.#send(Uint8Array.of(ACK));
      } else if (item.byte === ENQ) {
        this.#timing?.commandReceived(1);
        const pending = this.#pending;
        this.#pending = undefined;
        if (pending && !this.#executing) void this.#execute(pending);
      } else if (item.byte === NAK && this.#lastAnswer) {
        void this.#send(this.#lastAnswer);
      }
    }
  }

  async #execute(pending: { name: CommandName | undefined; text: Uint8Array }): Promise<void> {
    this.#executing = true;
    try {
      const { text } = pending;
      const cm = text[1]!;
      const pm = text[2]!;
      let answerBody: { ok: true; data: Uint8Array } | { ok: false; error: ModuleError };
      if (!pending.name) answerBody = { ok: false, error: 'unknown-command' };
      else {
        this.executed.push(pending.name);
        answerBody = await this.#run(pending.name, text.subarray(3));
      }
      const answerText = answerBody.ok
        ? concat(Uint8Array.of(TEXT_POSITIVE, cm, pm), encodeStatus(this.status()), answerBody.data)
        : concat(Uint8Array.of(TEXT_NEGATIVE, cm, pm), moduleErrorBytes(answerBody.error));
      const frame = encodeFrame(this.#opts.address ?? 0, answerText);
      this.#lastAnswer = frame;
      const fault = this.#takeFault('drop-answer', 'corrupt-answer');
      if (fault === 'drop-answer') return;
      if (fault === 'corrupt-answer') {
        const bad = frame.slice();
        bad[bad.length - 1] = (frame[frame.length - 1] ?? 0) ^ 0xff;
        await this.#send(bad);
        return;
      }
      await this.#send(frame);
    } finally {
      this.#executing = false;
    }
  }

  async #run(name: CommandName, data: Uint8Array): Promise<{ ok: true; data: Uint8Array } | { ok: false; error: ModuleError }> {
    const ok = (bytes = new Uint8Array()) => ({ ok: true as const, data: bytes });
    const fail = (error: ModuleError) => ({ ok: false as const, error });
    const text = (s: string) => new TextEncoder().encode(s);
    switch (name) {
      case 'initialise':
      case 'status':
        return ok();
      case 'slotQuery': {
        const slot = parseSlot(data);
        return slot === undefined ? fail('bad-parameter') : ok(text(this.slots.has(slot) ? '1' : '0'));
      }
      case 'binCount':
        return ok(text(String(this.bin.length).padStart(3, '0')));
      case 'readCard': {
        if (this.#channel?.where !== 'read') return fail('no-card-in-channel');
        if (this.#takeFault('unreadable')) return fail('unreadable');
        return ok(text(this.#channel.card.number));
      }
      case 'moveToRead': {
        const slot = parseSlot(data);
        if (slot === undefined) return fail('bad-parameter');
        if (this.#channel) return fail(this.#channel.where === 'jammed' ? 'jammed' : 'channel-occupied');
        const number = this.slots.get(slot);
        if (number === undefined) return fail('slot-empty');
        await this.#moving();
        this.slots.delete(slot);
        const card = { slot, number };
        if (this.#takeFault('jam')) {
          this.#channel = { where: 'jammed', card };
          return fail('jammed');
        }
        this.#channel = { where: 'read', card };
        return ok();
      }
      case 'dispense': {
        if (this.#channel?.where === 'jammed') return fail('jammed');
        if (this.#channel?.where !== 'read') return fail('no-card-in-channel');
        const moving = this.#channel;
        await this.#moving();
        if (this.#takeFault('jam')) {
          moving.where = 'jammed';
          return fail('jammed');
        }
        moving.where = 'mouth';
        this.#offerToCitizen(moving.card.number);
        return ok();
      }
      case 'capture': {
        if (this.#channel?.where === 'jammed') return fail('jammed');
        if (!this.#channel) return fail('no-card-in-channel');
        if (this.bin.length >= this.binCapacity) return fail('bin-full');
        clearTimeout(this.#takeTimer);
        const { card } = this.#channel;
        await this.#moving();
        // The citizen may have grabbed it while the rollers started.
        if (!this.#channel) return fail('no-card-in-channel');
        if (this.#takeFault('jam')) {
          this.#channel.where = 'jammed';
          return fail('jammed');
        }
        this.#channel = undefined;
        this.bin.push(card);
        return ok();
      }
    }
  }

  #offerToCitizen(cardNumber: string): void {
    const delay = this.citizen?.(cardNumber);
    if (delay === undefined) return;
    this.#takeTimer = setTimeout(() => this.takeCard(), delay);
  }

  async #moving(): Promise<void> {
    if (this.moveMs > 0) await new Promise((resolve) => setTimeout(resolve, this.moveMs));
  }

  async #send(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) return;
    const write = (chunk: Uint8Array) =>
      new Promise<void>((resolve) => port.write(Buffer.from(chunk), () => port.drain(() => resolve())));
    if (this.#timing) await this.#timing.deliver(bytes, write);
    else await write(bytes);
  }
}

function parseSlot(data: Uint8Array): number | undefined {
  if (data.length !== 2) return undefined;
  const slot = Number(String.fromCharCode(data[0]!, data[1]!));
  return Number.isInteger(slot) && slot >= 1 && slot <= 99 ? slot : undefined;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
