/**
 * A SAM-module ID-card reader on the far end of a pseudo-terminal: it decodes the same frames a real
 * module receives and answers with the same status bytes and data layout, so the driver is exercised
 * through the real serialport/tty path. Faults reproduce what goes wrong on real lines and modules.
 */
import { SerialPort } from 'serialport';
import type { IdCardData } from '../idcard/id-card-data.ts';
import { FrameDecoder, encodeResponse, parseCommand, toHex, type SamCommand } from '../idcard/sam-frame.ts';
import { SW3 } from '../idcard/sam-status.ts';
import { encodeIdText } from '../idcard/id-text.ts';
import { encodeCardPayload } from '../idcard/card-payload.ts';
import { encodeSamId } from '../idcard/sam-id.ts';
import { encodeAdditionalAddress } from '../idcard/card-answer.ts';
import { samBaudFromCode } from '../idcard/sam-baud.ts';
import { fillerPhoto } from './sample-cards.ts';
import { mutateAnswer, prng, type Mutation } from './idcard-mutations.ts';
import { LineTiming } from './line-timing.ts';

/**
 * - bad-checksum: card-read answers carry a wrong check byte
 * - truncated: card-read answers are well-framed but their data is shorter than its length fields say
 * - cut-frame: card-read answers stop half way (the rest of the frame never arrives)
 * - garbage-prefix: line noise (including broken preambles) precedes every answer
 * - slow: answers start late and dribble out in small pieces (still within a normal timeout)
 * - silent: nothing is answered
 * - sam-error: every command is answered with an error SW3 (default 0x60, self-check failed)
 * - mutate: card-read answers are damaged at random (seeded): cut short, a byte flipped, a length
 *   field that lies (with a matching check byte), garbage around the frame, split into late pieces,
 *   or card data altered inside a well-formed frame — see idcard-mutations.ts
 */
export type IdCardSimulatorFault =
  | 'none'
  | 'bad-checksum'
  | 'truncated'
  | 'cut-frame'
  | 'garbage-prefix'
  | 'slow'
  | 'silent'
  | 'sam-error'
  | 'mutate';

interface PresentedCard {
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint?: Uint8Array;
  additionalAddress?: string;
}

const EMPTY = new Uint8Array(0);
/** 寻找证/卡 success carries the card's 4-byte IIN; the module reports zeros for resident cards. */
const FIND_DATA = new Uint8Array(4);
/** 选取证/卡 success carries the card's 8-byte serial number. */
const SELECT_DATA = new Uint8Array(8);

export class IdCardSimulator {
  samId = '05.01-20230101-0000000001-2023000001';
  readonly commandsReceived: string[] = [];
  /** What the 'mutate' fault did to the last card-read answer. */
  lastMutation: Mutation | undefined;
  readonly #path: string;
  #baudRate: number;
  #random = prng(1);
  #timing: LineTiming | undefined;
  readonly #decoder = new FrameDecoder();
  #port: SerialPort | undefined;
  #card: PresentedCard | undefined;
  #selected = false;
  #fault: IdCardSimulatorFault = 'none';
  #samErrorSw3: number = SW3.SAM_SELF_CHECK_FAILED;
  #noiseSeed = 0x2545f491;
  /** Answers go out in order even when one of them is dribbled slowly. */
  #outbox: Promise<void> = Promise.resolve();

  /**
   * emulateLineTiming: answers take as long as on a real line at the current baud rate (benchmarks);
   * by default they arrive as fast as the PTY moves them.
   */
  constructor(opts: { path: string; baudRate?: number; emulateLineTiming?: boolean }) {
    this.#path = opts.path;
    this.#baudRate = opts.baudRate ?? 115200;
    if (opts.emulateLineTiming) this.#timing = new LineTiming(this.#baudRate);
  }

  /** The line speed the simulated module currently listens at (60 nn changes it). */
  get baudRate(): number {
    return this.#baudRate;
  }

  async start(): Promise<void> {
    if (this.#port?.isOpen) return;
    const port = new SerialPort({ path: this.#path, baudRate: this.#baudRate, autoOpen: false });
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    // A closed peer or a torn-down PTY is not the simulator's problem; keep the process alive.
    port.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    this.#port = port;
  }

  async stop(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** Places a card on the reader; a raw Uint8Array is sent as the text block as is (malformed cases). */
  presentCard(card: IdCardData | Uint8Array): void {
    this.#selected = false;
    if (card instanceof Uint8Array) {
      this.#card = { text: card.slice(), photo: fillerPhoto(99) };
      return;
    }
    const { photoWlt, fingerprint, additionalAddress, ...text } = card;
    this.#card = { text: encodeIdText(text), photo: photoWlt.slice() };
    if (fingerprint) this.#card.fingerprint = fingerprint.slice();
    if (additionalAddress !== undefined) this.#card.additionalAddress = additionalAddress;
  }

  removeCard(): void {
    this.#card = undefined;
    this.#selected = false;
  }

  get cardPresent(): boolean {
    return this.#card !== undefined;
  }

  setFault(fault: IdCardSimulatorFault, samErrorSw3: number = SW3.SAM_SELF_CHECK_FAILED): void {
    this.#fault = fault;
    this.#samErrorSw3 = samErrorSw3;
  }

  /** Restarts the 'mutate' fault's random sequence, so a failing run can be replayed exactly. */
  seedMutations(seed: number): void {
    this.#random = prng(seed);
  }

  clearCommands(): void {
    this.commandsReceived.length = 0;
  }

  #onData(chunk: Buffer): void {
    for (const result of this.#decoder.push(chunk)) {
      if (result.kind === 'error') {
        // A real module answers a damaged command with the matching receive-error status.
        this.#send(encodeResponse(result.error.code === 'checksum' ? SW3.RX_CHECKSUM_ERROR : SW3.RX_LENGTH_ERROR));
        continue;
      }
      const command = parseCommand(result.frame);
      if (!command) {
        this.#send(encodeResponse(SW3.RX_LENGTH_ERROR));
        continue;
      }
      this.commandsReceived.push(toHex(Uint8Array.of(command.cmd, command.para)));
      this.#timing?.commandReceived(7 + result.frame.body.length + 1);
      this.#answer(command);
    }
  }

  #answer(command: SamCommand): void {
    if (this.#fault === 'silent') return;
    if (this.#fault === 'sam-error') {
      this.#send(encodeResponse(this.#samErrorSw3));
      return;
    }
    const { cmd, para } = command;
    const key = (cmd << 8) | para;
    switch (key) {
      case 0x10ff: // reset
        this.#selected = false;
        return this.#send(encodeResponse(SW3.SUCCESS));
      case 0x11ff: // status
        return this.#send(encodeResponse(SW3.SUCCESS));
      case 0x12ff: // SAM id
        return this.#send(encodeResponse(SW3.SUCCESS, encodeSamId(this.samId)));
      case 0x2001: // find card
        return this.#send(this.#card ? encodeResponse(SW3.FIND_SUCCESS, FIND_DATA) : encodeResponse(SW3.FIND_CARD_FAILED));
      case 0x2002: // select card
        this.#selected = this.#card !== undefined;
        return this.#send(encodeResponse(this.#selected ? SW3.SUCCESS : SW3.SELECT_CARD_FAILED, this.#selected ? SELECT_DATA : EMPTY));
      case 0x3001: // text + photo
      case 0x3010: // text + photo + fingerprint
        return this.#sendCard(para === 0x10);
      case 0x3003: // additional (latest) address; 91 = the card has none
        return this.#sendAdditionalAddress();
      default:
        if (cmd === 0x60) return this.#switchBaudRate(para);
        return this.#send(encodeResponse(SW3.COMMAND_ERROR));
    }
  }

  #sendAdditionalAddress(): void {
    const card = this.#card;
    if (!card || !this.#selected) return this.#send(encodeResponse(SW3.READ_CARD_FAILED));
    if (card.additionalAddress === undefined) return this.#send(encodeResponse(SW3.NO_CONTENT));
    this.#send(encodeResponse(SW3.SUCCESS, encodeAdditionalAddress(card.additionalAddress)));
  }

  /**
   * A module answers at the old speed and then listens at the new one. Here the tty is switched
   * first: serialport's update() flushes both tty queues (tcflush TCIOFLUSH), which would eat an
   * answer still on its way through socat, while nothing is lost before answering (the host waits
   * for the answer). On a PTY the rate does not change how bytes move, only the timing we emulate.
   */
  #switchBaudRate(code: number): void {
    const baudRate = samBaudFromCode(code);
    if (baudRate === undefined) return this.#send(encodeResponse(SW3.COMMAND_ERROR));
    const answer = encodeResponse(SW3.SUCCESS);
    this.#outbox = this.#outbox.then(async () => {
      const port = this.#port;
      if (port?.isOpen) await new Promise<void>((resolve) => port.update({ baudRate }, () => resolve()));
      this.#baudRate = baudRate;
      await this.#write(answer);
      if (this.#timing) this.#timing = new LineTiming(baudRate);
    });
  }

  #sendCard(withFingerprint: boolean): void {
    const card = this.#card;
    if (!card || !this.#selected) {
      this.#send(encodeResponse(SW3.READ_CARD_FAILED));
      return;
    }
    let data = encodeCardPayload(card, withFingerprint);
    if (this.#fault === 'truncated') data = data.subarray(0, data.length - 100);
    const frame = encodeResponse(SW3.SUCCESS, data);
    if (this.#fault === 'bad-checksum') frame[frame.length - 1] = frame[frame.length - 1]! ^ 0x5a;
    if (this.#fault === 'mutate') return this.#sendMutated(frame);
    this.#send(this.#fault === 'cut-frame' ? frame.subarray(0, frame.length >> 1) : frame);
  }

  #sendMutated(frame: Uint8Array): void {
    const mutated = mutateAnswer(frame, this.#random);
    this.lastMutation = mutated.mutation;
    const pieces = mutated.pieces;
    this.#outbox = this.#outbox.then(async () => {
      for (const piece of pieces) {
        await this.#write(piece);
        if (pieces.length > 1) await delay(3);
      }
    });
  }

  #send(frame: Uint8Array): void {
    const fault = this.#fault;
    const bytes = fault === 'garbage-prefix' ? concat(this.#noise(), frame) : frame;
    this.#outbox = this.#outbox.then(() => (fault === 'slow' ? this.#dribble(bytes) : this.#write(bytes)));
  }

  async #dribble(bytes: Uint8Array): Promise<void> {
    await delay(60);
    for (let offset = 0; offset < bytes.length; offset += 48) {
      await this.#write(bytes.subarray(offset, offset + 48));
      await delay(2);
    }
  }

  #write(bytes: Uint8Array): Promise<void> {
    const timing = this.#timing;
    return timing ? timing.deliver(bytes, (chunk) => this.#writeNow(chunk)) : this.#writeNow(bytes);
  }

  #writeNow(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => {
      port.write(Buffer.from(bytes), () => port.drain(() => resolve()));
    });
  }

  /**
   * Deterministic noise: random bytes, a preamble cut short and a preamble with an impossible length,
   * but never a plausible frame header, which no decoder could tell apart from a real answer.
   */
  #noise(): Uint8Array {
    const random = new Uint8Array(13);
    for (let i = 0; i < random.length; i++) {
      this.#noiseSeed = (Math.imul(this.#noiseSeed, 1103515245) + 12345) >>> 0;
      random[i] = (this.#noiseSeed >>> 16) & 0xff;
    }
    return concat(random, Uint8Array.of(0xaa, 0xaa, 0x96, 0x00, 0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x01, 0x42, 0xaa));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
